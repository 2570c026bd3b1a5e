import { defineRule } from './define.js';
import { pipInstallTargets, requirementName } from './lib/cache-installs.js';
import { baseName, commandsOf, isPipInstall, isUvPipInstall, positionals } from './lib/commands.js';
import { managersRunAtStart } from './lib/runtime-start.js';

export const rule = defineRule({
  code: 'SS204',
  name: 'uv-installed-with-pip',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'uv is installed with `pip install uv` instead of copied from its image.',
    whatItDoes:
      'Reports `pip install uv` (also `pip3`, `python -m pip`, `pipx install uv`) in a RUN. uv publishes a static binary in `ghcr.io/astral-sh/uv:<version>`. Left alone when the container runs uv as a Python module when it starts (`python -m uv pip install …`): that needs the PyPI package.',
    why: "Installing uv with pip downloads it from PyPI in a layer of its own on every fresh build, leaves pip's metadata behind, and is unpinned unless you pin it. `COPY --from=ghcr.io/astral-sh/uv:<version> /uv /uvx /bin/` is a cached, pinned copy of one file that needs no Python at all.",
    example: {
      bad: 'RUN pip install uv',
      good: 'COPY --from=ghcr.io/astral-sh/uv:0.8.15 /uv /uvx /bin/',
    },
    fixSafety: 'No fix: the image tag to pin is your choice.',
  },
  check({ dockerfile, project, report }) {
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      for (const command of commandsOf(instruction)) {
        const viaPip = isPipInstall(command) && !isUvPipInstall(command);
        const viaPipx = baseName(command) === 'pipx' && positionals(command)[0] === 'install';
        if (!viaPip && !viaPipx) continue;
        const words = viaPip
          ? pipInstallTargets(command).packages
          : command.args.filter((a) => !a.value.startsWith('-')).slice(1);
        const uv = words.find((w) => requirementName(w.value) === 'uv');
        if (!uv) continue;
        // `python -m uv` imports the PyPI package: the static binary alone would not do.
        if (managersRunAtStart(dockerfile, project).get('uv')?.viaPython) return;
        const pinned = /==\s*([\w.]+)$/.exec(uv.value)?.[1];
        report({
          range: uv.range,
          message: `uv is installed with ${viaPip ? 'pip' : 'pipx'}: copy its static binary instead with \`COPY --from=ghcr.io/astral-sh/uv:${pinned ?? '<version>'} /uv /uvx /bin/\`.`,
        });
      }
    }
  },
});
