import type { Dockerfile } from '../dockerfile/model.js';
import { baseName } from '../dockerfile/queries.js';
import type { ManagerFact, PackageManager, Pipfile, Pyproject, RequirementsFile } from './types.js';

export interface ManagerClues {
  hasUvLock: boolean;
  hasPoetryLock: boolean;
  hasPdmLock: boolean;
  hasPipfileLock: boolean;
  pipfile: Pipfile | null;
  pyproject: Pyproject | null;
  requirements: RequirementsFile[];
  condaFile: string | null;
  dockerfile: Dockerfile | null;
}

const DOCKERFILE_TOOLS: Array<[PackageManager, RegExp]> = [
  ['uv', /^uv$/],
  ['poetry', /^poetry$/],
  ['pdm', /^pdm$/],
  ['pipenv', /^pipenv$/],
  ['conda', /^(conda|mamba|micromamba)$/],
];

/** The tool the Dockerfile installs with (`uv sync`, `poetry install`…), when it names one. */
function managerFromDockerfile(dockerfile: Dockerfile | null): PackageManager | null {
  for (const instruction of dockerfile?.instructions ?? []) {
    if (instruction.keyword !== 'RUN') continue;
    for (const command of instruction.shell?.commands ?? []) {
      const name = baseName(command);
      const sub = command.expandedArgs.find((arg) => !arg.value.startsWith('-'))?.value;
      for (const [manager, pattern] of DOCKERFILE_TOOLS) {
        if (pattern.test(name) && ['sync', 'install', 'create', 'update'].includes(sub ?? '')) return manager;
      }
    }
  }
  return null;
}

/** Decides the package manager: lock files first, then tool tables, then what the Dockerfile runs. */
export function detectManager(clues: ManagerClues): ManagerFact {
  const evidence: string[] = [];
  const decide = (name: PackageManager, why: string): ManagerFact => {
    evidence.push(why);
    return { name, evidence };
  };
  if (clues.hasUvLock) return decide('uv', 'uv.lock');
  if (clues.hasPoetryLock) return decide('poetry', 'poetry.lock');
  if (clues.hasPdmLock) return decide('pdm', 'pdm.lock');
  if (clues.hasPipfileLock) return decide('pipenv', 'Pipfile.lock');
  if (clues.pipfile) return decide('pipenv', 'Pipfile');
  const fromDockerfile = managerFromDockerfile(clues.dockerfile);
  const pyproject = clues.pyproject;
  const backend = pyproject?.buildSystem?.backend ?? '';
  if (pyproject?.poetry && (pyproject.poetry.dependencies.length > 0 || backend.startsWith('poetry'))) {
    return decide('poetry', 'pyproject.toml [tool.poetry]');
  }
  if (pyproject?.pdm && fromDockerfile !== 'uv') return decide('pdm', 'pyproject.toml [tool.pdm]');
  if (pyproject?.uv) return decide('uv', 'pyproject.toml [tool.uv]');
  if (fromDockerfile && fromDockerfile !== 'conda')
    return decide(fromDockerfile, `Dockerfile runs ${fromDockerfile}`);
  if (clues.condaFile) return decide('conda', clues.condaFile);
  if (fromDockerfile === 'conda') return decide('conda', 'Dockerfile runs conda');
  if (clues.requirements.length > 0) {
    const main = clues.requirements.find((file) => !file.dev) ?? clues.requirements[0];
    return decide('pip', main?.path ?? 'requirements.txt');
  }
  if (pyproject?.project) return decide('pip', 'pyproject.toml [project] without a lock');
  return { name: 'unknown', evidence };
}
