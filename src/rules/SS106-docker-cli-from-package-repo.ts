import { defineRule } from './define.js';
import { baseName, commandsOf } from './lib/commands.js';
import { DOCKER_PACKAGES, installedPackages } from './lib/size-packages.js';
import { shippedInstructions } from './lib/stages.js';

const COPY_HINT =
  'copy the static client with `COPY --from=docker:<version>-cli /usr/local/bin/docker /usr/local/bin/docker`, or mount the host socket (/var/run/docker.sock) and leave the CLI out';

export const rule = defineRule({
  code: 'SS106',
  name: 'docker-cli-from-package-repo',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'The Docker CLI or engine is installed from a package repository or get.docker.com.',
    whatItDoes:
      'Reports `docker-ce`, `docker-ce-cli`, `docker.io`, `docker-cli`, `containerd.io` and the buildx/compose plugins installed by apt, apk or dnf in the stage that ships, and the `get.docker.com` convenience script.',
    why: "Distribution packages bring the engine's dependencies, man pages and (for the repository route) GnuPG and repository setup: often 100–300 MB for a client that is a single static binary in the official `docker:<version>-cli` image (the guide's strategy 3). Many apps need no client at all when the host's socket is mounted.",
    example: {
      bad: 'RUN apt-get update && apt-get install -y --no-install-recommends docker-ce-cli \\\n    && rm -rf /var/lib/apt/lists/*',
      good: 'FROM docker:27-cli AS docker-cli\n\nFROM python:3.12-slim\nCOPY --from=docker-cli /usr/local/bin/docker /usr/local/bin/docker',
    },
    fixSafety: 'No fix: the client version to copy is a choice (match the daemon the app talks to).',
  },
  check({ dockerfile, report }) {
    for (const instruction of shippedInstructions(dockerfile)) {
      if (instruction.keyword !== 'RUN') continue;
      for (const pkg of installedPackages(instruction)) {
        if (!DOCKER_PACKAGES.has(pkg.name)) continue;
        report({
          range: pkg.word.range,
          message: `\`${pkg.name}\` installs Docker from a package repository into the image: ${COPY_HINT}.`,
        });
      }
      for (const command of commandsOf(instruction)) {
        if (!['curl', 'wget'].includes(baseName(command))) continue;
        const script = command.args.find((a) => /^(https?:\/\/)?(get|test)\.docker\.com\/?$/.test(a.value));
        if (!script) continue;
        report({
          range: script.range,
          message: `get.docker.com installs the whole Docker engine into the image: ${COPY_HINT}.`,
        });
      }
    }
  },
});
