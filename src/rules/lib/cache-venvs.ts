import { resolveAt } from '../../dockerfile/index.js';
import type { Dockerfile, Stage } from '../../dockerfile/model.js';
import { isPythonName } from '../../dockerfile/queries.js';
import { readOnceWith } from '../../dockerfile/read-once.js';
import { scopeBefore } from './cache-scope.js';
import { lineageOf } from './cache-source.js';
import { baseName, commandsOf, hasArg, isPoetryInstall, isUvSync, positionals } from './commands.js';
import { resolvePath, workdirsOfAllStages } from './size-paths.js';

/**
 * Where a stage builds virtual environments: `python -m venv P`, `virtualenv P`, `uv venv P`,
 * `uv sync` (WORKDIR/.venv or UV_PROJECT_ENVIRONMENT), in-project Poetry venvs, and
 * VIRTUAL_ENV / UV_PROJECT_ENVIRONMENT set with ENV. Paths are absolute and normalised.
 */
export interface VenvLocation {
  path: string;
  /** `uv venv --relocatable` venvs survive a move. */
  relocatable: boolean;
}

const TRUE = /^(1|true|yes|on)$/i;
/** Besides `python -m venv`, the only commands that make (or place) a venv. */
const VENV_MAKERS = new Set(['poetry', 'virtualenv', 'uv']);

/** Asked once per `COPY --from` of the stage: read once per parsed stage. */
const locations = readOnceWith((stage: Stage, dockerfile: Dockerfile) =>
  readVenvLocations(dockerfile, stage),
);

export function venvLocations(dockerfile: Dockerfile, stage: Stage): readonly VenvLocation[] {
  return locations(stage, dockerfile);
}

function readVenvLocations(dockerfile: Dockerfile, stage: Stage): VenvLocation[] {
  const lineage = lineageOf(dockerfile, stage);
  const cwdAt = workdirsOfAllStages(dockerfile);
  const found = new Map<string, VenvLocation>();
  const add = (path: string | null, relocatable = false) => {
    if (path && !found.has(path)) found.set(path, { path, relocatable });
  };
  let poetryInProject = false;
  for (const lineageStage of lineage)
    for (const instruction of lineageStage.instructions) {
      const cwd = cwdAt.get(instruction) ?? null;
      if (instruction.keyword === 'ENV') {
        for (const a of instruction.assignments) {
          if (a.name === 'VIRTUAL_ENV' || a.name === 'UV_PROJECT_ENVIRONMENT')
            add(resolvePath(cwd, resolveAt(dockerfile, instruction, a.value ?? '')));
        }
        continue;
      }
      if (instruction.keyword !== 'RUN') continue;
      for (const command of commandsOf(instruction)) {
        const name = baseName(command);
        if (!VENV_MAKERS.has(name) && !isPythonName(name)) continue;
        const pos = positionals(command);
        const values = command.args.map((a) => a.value);
        if (name === 'poetry' && values.includes('virtualenvs.in-project'))
          poetryInProject = !values.includes('false');
        if (isPythonName(name)) {
          const m = values.indexOf('-m');
          if (m >= 0 && values[m + 1] === 'venv') {
            const target = values.slice(m + 2).find((v) => !v.startsWith('-'));
            if (target) add(resolvePath(cwd, target));
          }
        } else if (name === 'virtualenv' && pos[0]) {
          add(resolvePath(cwd, pos[0]));
        } else if (name === 'uv' && pos[0] === 'venv') {
          add(resolvePath(cwd, pos[1] ?? '.venv'), hasArg(command, '--relocatable'));
        } else if (isUvSync(command)) {
          const env = command.assignments.find((a) => a.name === 'UV_PROJECT_ENVIRONMENT')?.value;
          add(
            resolvePath(
              cwd,
              env ?? (scopeBefore(dockerfile, instruction).get('UV_PROJECT_ENVIRONMENT') || '.venv'),
            ),
          );
        } else if (isPoetryInstall(command)) {
          const inProject = TRUE.test(
            scopeBefore(dockerfile, instruction).get('POETRY_VIRTUALENVS_IN_PROJECT') ?? '',
          );
          if (inProject || poetryInProject) add(resolvePath(cwd, '.venv'));
        }
      }
    }
  return [...found.values()];
}

/** A folder named like a venv (`.venv`, `venv`, `virtualenv`). */
export function looksLikeVenv(path: string): boolean {
  return /(^|\/)(\.venv|venv|virtualenv|\.virtualenv)$/.test(path);
}
