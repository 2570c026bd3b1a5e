import { mountOption, mountsOfType } from '../dockerfile/index.js';
import type { Dockerfile, Instruction, ShellCommand } from '../dockerfile/model.js';
import type { Project } from '../project/types.js';
import { defineRule } from './define.js';
import { instructionsBefore, isPackageStub, sourceCopyBefore } from './lib/cache-source.js';
import { commandsOf, hasArg, isPdmInstall, isPoetryInstall, isUvSync } from './lib/commands.js';
import { flagValues } from './lib/size-dev.js';

/** The flag that would keep the project itself out, or null when the command does not install it. */
function projectInstallCure(command: ShellCommand, project: Project): string | null {
  if (isUvSync(command)) {
    if (hasArg(command, '--no-install-project', '--no-install-workspace', '--only-group', '--only-dev'))
      return null;
    const name = project.pyproject?.project?.name?.toLowerCase();
    if (name && flagValues(command, '--no-install-package').some((w) => w.value.toLowerCase() === name))
      return null;
    return '--no-install-project';
  }
  if (isPoetryInstall(command)) return hasArg(command, '--no-root', '--only-root') ? null : '--no-root';
  if (isPdmInstall(command)) return hasArg(command, '--no-self') ? null : '--no-self';
  return null;
}

/** A bind mount of the whole build context makes the source visible without a COPY. */
function bindsContext(instruction: Instruction): boolean {
  return mountsOfType(instruction, 'bind').some((mount) => {
    const source = mountOption(mount, 'source') ?? mountOption(mount, 'src') ?? '.';
    return !mountOption(mount, 'from') && ['.', './', ''].includes(source);
  });
}

/**
 * `COPY app/__init__.py app/` before `poetry install`: the stub the build backend needs to
 * install the project (editable) before the rest of the code arrives — the usual cache trick.
 */
function stubCopiedBefore(dockerfile: Dockerfile, instruction: Instruction): boolean {
  return instructionsBefore(dockerfile, instruction).some(
    (earlier) =>
      (earlier.keyword === 'COPY' || earlier.keyword === 'ADD') &&
      earlier.args.slice(0, -1).some((word) => isPackageStub(word.value)),
  );
}

function sourceInPlace(dockerfile: Dockerfile, project: Project, instruction: Instruction): boolean {
  return (
    bindsContext(instruction) ||
    sourceCopyBefore(dockerfile, project, instruction) !== null ||
    stubCopiedBefore(dockerfile, instruction)
  );
}

export const rule = defineRule({
  code: 'SS209',
  name: 'project-installed-before-source',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'The project itself is installed before its source is copied.',
    whatItDoes:
      'When the project is an installable package (a build backend, Poetry package mode), reports `uv sync` without `--no-install-project`, `poetry install` without `--no-root` and `pdm install` without `--no-self` that run before any COPY of the source tree (or a bind mount of the context) in the stage.',
    why: 'Installing the project needs its code. Before the code is there, the build backend fails outright or builds an empty package (an editable install then points at files that arrive later by luck), and the layer is cached in that state. Install the dependencies first with the flag that leaves the project out, then copy the source and install the project.',
    example: {
      bad: 'COPY pyproject.toml uv.lock ./\nRUN uv sync --locked\nCOPY src/ ./src/',
      good: 'COPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-install-project\nCOPY src/ ./src/\nRUN uv sync --locked',
    },
    fixSafety: 'No fix: the project still has to be installed after the COPY, which adds a step.',
  },
  check({ dockerfile, project, report }) {
    if (!project.pyproject?.isPackage) return;
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      for (const command of commandsOf(instruction)) {
        const cure = projectInstallCure(command, project);
        if (!cure || sourceInPlace(dockerfile, project, instruction)) continue;
        const tool = command.args.find((a) => !a.value.startsWith('-'))?.value ?? '';
        report({
          range: command.range,
          message: `\`${command.name} ${tool}\` installs the project itself before its source is copied: add \`${cure}\` here and install the project after the source COPY.`,
        });
      }
    }
  },
});
