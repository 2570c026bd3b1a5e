import type { ShellCommand } from '../dockerfile/model.js';
import type { Project } from '../project/types.js';
import { defineRule } from './define.js';
import { pipInstallTargets } from './lib/cache-installs.js';
import { scopeBefore } from './lib/cache-scope.js';
import { instructionsBefore } from './lib/cache-source.js';
import {
  baseName,
  commandsOf,
  hasArg,
  isPipenvInstall,
  isPipInstall,
  isUvSync,
  positionals,
} from './lib/commands.js';

function isTruthy(value: string | null | undefined): boolean {
  return ['1', 'true', 'yes', 'on'].includes((value ?? '').toLowerCase());
}

function lockNames(project: Project): string[] {
  return [project.uvLock, project.poetryLock, project.pdmLock].flatMap((lock) => (lock ? [lock.path] : []));
}

/** Why this command resolves dependencies afresh although the project has a lock; null when it does not. */
function ignoredLock(
  command: ShellCommand,
  project: Project,
  env: ReadonlyMap<string, string>,
  requirementsInstalled: () => boolean,
): string | null {
  const name = baseName(command);
  const pos = positionals(command);
  const assigned = (variable: string) =>
    isTruthy(command.assignments.find((a) => a.name === variable)?.value) || isTruthy(env.get(variable));
  if (project.uvLock && isUvSync(command)) {
    if (hasArg(command, '--locked', '--frozen') || assigned('UV_LOCKED') || assigned('UV_FROZEN'))
      return null;
    return '`uv sync` without `--locked` re-locks whenever uv.lock is out of date instead of failing: add `--locked` (or `--frozen`).';
  }
  if (
    project.uvLock &&
    name === 'uv' &&
    pos[0] === 'lock' &&
    !hasArg(command, '--locked', '--check', '--frozen')
  ) {
    return '`uv lock` resolves afresh during the build: commit uv.lock and install it with `uv sync --locked`.';
  }
  if (project.poetryLock && name === 'poetry' && pos[0] === 'lock' && !hasArg(command, '--check')) {
    return '`poetry lock` re-resolves during the build: commit poetry.lock and run only `poetry install`.';
  }
  if (
    project.pdmLock &&
    name === 'pdm' &&
    ['lock', 'update'].includes(pos[0] ?? '') &&
    !hasArg(command, '--check')
  ) {
    return `\`pdm ${pos[0]}\` re-resolves during the build: commit pdm.lock and run \`pdm install --frozen-lockfile\`.`;
  }
  if (
    project.pipfileLock &&
    isPipenvInstall(command) &&
    pos[0] === 'install' &&
    pos.length === 1 &&
    !hasArg(command, '--deploy', '--ignore-pipfile')
  ) {
    return '`pipenv install` re-locks when Pipfile.lock is out of date: use `pipenv install --deploy` or `pipenv sync`.';
  }
  // After `pip install -r requirements.txt` (often exported from the lock) the project's own
  // install finds its dependencies satisfied and resolves nothing new.
  if (isPipInstall(command) && !hasArg(command, '--no-deps') && !requirementsInstalled()) {
    const locks = lockNames(project);
    if (locks.length === 0) return null;
    const targets = pipInstallTargets(command);
    // `uv pip install --group dev` reads the group from ./pyproject.toml, as `-r pyproject.toml` does.
    const group =
      name === 'uv'
        ? command.args.find((a) => a.value === '--group' || a.value.startsWith('--group='))
        : undefined;
    const fromPyproject =
      group !== undefined ||
      targets.localPaths.some((p) => !/\.(whl|tar\.gz|zip)$/.test(p.value)) ||
      targets.requirementFiles.some((f) => /(^|\/)pyproject\.toml$/.test(f.value));
    if (!fromPyproject) return null;
    const tool = name === 'uv' ? '`uv pip install`' : '`pip install`';
    if (group && project.uvLock) {
      return `\`uv pip install --group\` resolves the group from pyproject.toml afresh and ignores ${locks.join(', ')}: install it with \`uv sync --locked --group <name>\` (or from \`uv export --frozen --group <name>\` output).`;
    }
    const cure = project.uvLock
      ? '`uv sync --locked` (or install `uv export --frozen` output)'
      : 'the lock (export it to a requirements file with hashes, or use the lock tool)';
    return `${tool} of the project resolves its dependencies afresh and ignores ${locks.join(', ')}: install from ${cure}.`;
  }
  return null;
}

function installsRequirementsFile(command: ShellCommand): boolean {
  return (
    isPipInstall(command) &&
    pipInstallTargets(command).requirementFiles.some((f) => !/(^|\/)pyproject\.toml$/.test(f.value))
  );
}

export const rule = defineRule({
  code: 'SS203',
  name: 'lockfile-ignored',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'The project has a lock file, but the build resolves dependencies afresh.',
    whatItDoes:
      'Reports, when the project has a lock: `uv sync` without `--locked`/`--frozen` (or `UV_LOCKED`/`UV_FROZEN`), `uv lock`, `poetry lock`, `pdm lock`/`pdm update`, `pipenv install` without `--deploy`, and `pip install .` / `uv pip install .` / `-r pyproject.toml` / `uv pip install --group X` next to uv.lock, poetry.lock or pdm.lock.',
    why: 'A lock is the promise that the image gets the versions that were tested. Resolving during the build can pick up a new release the day it appears, so two builds of the same commit differ, and a stale lock goes unnoticed instead of failing the build.',
    example: {
      bad: 'COPY pyproject.toml uv.lock ./\nRUN uv sync --no-dev',
      good: 'COPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-dev',
    },
    fixSafety:
      'No fix: with `--locked` a stale lock fails the build, which is the point but should be your call.',
  },
  check({ dockerfile, project, report }) {
    if (!project.uvLock && !project.poetryLock && !project.pdmLock && !project.pipfileLock) return;
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      const commands = commandsOf(instruction);
      if (commands.length === 0) continue;
      const env = scopeBefore(dockerfile, instruction);
      // Asked only for `pip install .` next to a lock, so the backward scan stays rare.
      const requirementsBefore = (index: number) => () =>
        commands.slice(0, index).some(installsRequirementsFile) ||
        instructionsBefore(dockerfile, instruction).some((earlier) =>
          commandsOf(earlier).some(installsRequirementsFile),
        );
      commands.forEach((command, index) => {
        const message = ignoredLock(command, project, env, requirementsBefore(index));
        if (message) report({ range: command.range, message });
      });
    }
  },
});
