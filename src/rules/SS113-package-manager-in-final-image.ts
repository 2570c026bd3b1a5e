import { isManagerPackage } from '../project/managers.js';
import type { Range } from '../types.js';
import { defineRule } from './define.js';
import { baseName, commandsOf, isPipInstall, positionals } from './lib/commands.js';
import { managersRunAtStart } from './lib/runtime-start.js';
import { installedPackages } from './lib/size-packages.js';
import { copyTransfer } from './lib/size-paths.js';
import { shippedInstructions } from './lib/stages.js';

/** Distribution packages of the same tools. */
// A Map, not an object: looked up with words from the file, which an object would have to
// internalize first (and `constructor` would find Object.prototype's).
const SYSTEM_PACKAGES = new Map<string, string>(
  Object.entries({
    pipenv: 'pipenv',
    'python3-poetry': 'poetry',
    'python3-pdm': 'pdm',
    uv: 'uv',
    poetry: 'poetry',
  }),
);
const INSTALLER_URLS: Array<[RegExp, string]> = [
  [/astral\.sh\/uv\b/, 'uv'],
  [/install\.python-poetry\.org/, 'poetry'],
  [/pdm-project\.org\/install|pdm\.fming\.dev|install-pdm\.py/, 'pdm'],
];

function requirementName(value: string): string {
  return value.split(/[<>=!~[;@ ]/)[0]!.toLowerCase();
}

export const rule = defineRule({
  code: 'SS113',
  name: 'package-manager-in-final-image',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'uv, Poetry, Pipenv or PDM is installed into the image that ships.',
    whatItDoes:
      "Reports the package manager itself installed in the shipped stage (or a stage it is built FROM): `pip install uv|poetry|pipenv|pdm`, `pipx install …`, the tools' install scripts (astral.sh/uv, install.python-poetry.org), their distribution packages, and `COPY --from=ghcr.io/astral-sh/uv…`. A tool the container runs itself when it starts (`python -m uv pip install …` in the CMD, an entrypoint script doing `uv pip install $EXTRA_PACKAGES`) is needed there and not reported; a `uv run` prefix does not count (SS208).",
    why: 'The manager is needed to resolve and install dependencies, not to run the server: Poetry and PDM bring dozens of packages (~50–100 MB), uv a 30–40 MB binary. Install in a builder stage, copy the virtualenv, and start the server from it directly.',
    example: {
      bad: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir uv\nCOPY . /app\nRUN uv sync --locked --no-dev',
      good: 'FROM python:3.12-slim AS builder\nCOPY --from=ghcr.io/astral-sh/uv:0.8 /uv /bin/uv\nCOPY . /app\nWORKDIR /app\nRUN uv sync --locked --no-dev\n\nFROM python:3.12-slim\nCOPY --from=builder /app /app\nENV PATH="/app/.venv/bin:$PATH"',
    },
    fixSafety:
      'No fix: splitting the build into stages changes the Dockerfile shape (`shipshape optimize` does it).',
  },
  check({ dockerfile, project, report }) {
    // The app runs the tool itself when it starts: it has to be in the image.
    const flag = (range: Range, tool: string, how: string) => {
      const neededAtStart: ReadonlyMap<string, unknown> = managersRunAtStart(dockerfile, project);
      if (neededAtStart.has(tool)) return;
      report({
        range,
        message: `${how} puts ${tool} into the image that ships, where the server never needs it: install dependencies in a builder stage and copy the virtualenv.`,
      });
    };
    for (const instruction of shippedInstructions(dockerfile)) {
      const transfer = copyTransfer(instruction);
      if (transfer?.from && /(^|\/)astral-sh\/uv(:|@|$)/.test(transfer.from)) {
        const fromFlag = instruction.flags.find((f) => f.name === 'from')!;
        flag(fromFlag.range, 'uv', `\`COPY --from=${transfer.from}\``);
        continue;
      }
      if (instruction.keyword !== 'RUN') continue;
      for (const pkg of installedPackages(instruction)) {
        const tool = SYSTEM_PACKAGES.get(pkg.name);
        if (tool) flag(pkg.word.range, tool, `Installing \`${pkg.name}\``);
      }
      for (const command of commandsOf(instruction)) {
        const pipx = baseName(command) === 'pipx' && positionals(command)[0] === 'install';
        if (isPipInstall(command) || pipx) {
          const skip = pipx ? 1 : baseName(command) === 'uv' ? 2 : 1;
          const installer = pipx
            ? 'pipx install'
            : baseName(command) === 'uv'
              ? 'uv pip install'
              : 'pip install';
          let seen = 0;
          for (const arg of command.args) {
            if (arg.value.startsWith('-')) continue;
            if (
              /^python\d?(\.\d+)?$/.test(baseName(command)) &&
              (arg.value === 'pip' || arg.value === 'pip3')
            )
              continue;
            if (seen++ < skip) continue;
            const tool = requirementName(arg.value);
            if (isManagerPackage(tool)) flag(arg.range, tool, `\`${installer} ${arg.value}\``);
          }
          continue;
        }
        if (!['curl', 'wget'].includes(baseName(command))) continue;
        for (const arg of command.args) {
          const installer = INSTALLER_URLS.find(([pattern]) => pattern.test(arg.value));
          if (installer) flag(arg.range, installer[1], "The tool's install script");
        }
      }
    }
  },
});
