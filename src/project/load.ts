import { statSync } from 'node:fs';
import path from 'node:path';
import { parseDockerfile } from '../dockerfile/index.js';
import type { Dockerfile } from '../dockerfile/model.js';
import { UserError } from '../errors.js';
import { collectDependencySets, devOnlyPackageNames } from './dependency-sets.js';
import { parseDockerIgnore } from './dockerignore.js';
import { isFile, listDir, MAX_LOCK_BYTES, readTextFile, relativePath } from './files.js';
import { detectManager } from './manager.js';
import { cachedParse } from './parse-cache.js';
import { parsePdmLock } from './pdm-lock.js';
import { normalizeName } from './pep508.js';
import { parsePipfile, parsePipfileLock } from './pipfile.js';
import { parsePoetryLock } from './poetry-lock.js';
import { parsePyproject } from './pyproject.js';
import { loadRequirementsFiles } from './requirements.js';
import { scanCode } from './server/code.js';
import { type DockerfileServerFacts, serverFromDockerfile, serverFromProcfile } from './server/command.js';
import { detectServer } from './server/detect.js';
import { scanPythonSources } from './server/scan.js';
import { parseToml } from './toml.js';
import type {
  DockerfileEntry,
  DockerIgnoreFile,
  LoadOptions,
  Lockfile,
  Project,
  ProjectEntry,
} from './types.js';
import { parseUvLock } from './uv-lock.js';

/** Files that look like Dockerfiles but are backups or ignore files. */
const NOT_A_DOCKERFILE = /\.(dockerignore|orig|bak|swp|tmp)$|~$/i;

export function isDockerfileName(name: string): boolean {
  if (NOT_A_DOCKERFILE.test(name)) return false;
  return /^dockerfile$/i.test(name) || /^Dockerfile\.[^/]+$/.test(name) || /\.Dockerfile$/.test(name);
}

function isRequirementsName(name: string): boolean {
  return /requirements.*\.txt$/i.test(name);
}

/**
 * Reads a project folder into one `Project`. Every file problem becomes a UserError naming the
 * file; a folder with only a Dockerfile (or nothing Python at all) still loads with fewer facts.
 */
export async function load(dir: string, options: LoadOptions = {}): Promise<Project> {
  const root = path.resolve(dir);
  assertFolder(root, dir);
  const entries: ProjectEntry[] = listDir(root);
  const has = (name: string): boolean =>
    entries.some((entry) => entry.name === name && entry.kind === 'file');
  const read = (relative: string, what: string, maxBytes?: number): string =>
    readTextFile(path.join(root, relative), relative, { what, ...(maxBytes ? { maxBytes } : {}) });

  const dockerfilePaths = options.dockerfile
    ? [namedDockerfile(root, options.dockerfile)]
    : entries
        .filter((entry) => entry.kind === 'file' && isDockerfileName(entry.name))
        .map((entry) => entry.name);
  const models = await Promise.all(
    dockerfilePaths.map(async (relative) => parseDockerfile(readDockerfile(root, relative), relative)),
  );

  const dockerignore = has('.dockerignore')
    ? parseDockerIgnore(read('.dockerignore', '.dockerignore file'), '.dockerignore')
    : null;
  const dockerignores: DockerIgnoreFile[] = [];
  const dockerfiles: DockerfileEntry[] = models.map((model) => {
    const own = `${model.path}.dockerignore`;
    if (!own.startsWith('..') && isFile(path.join(root, own))) {
      dockerignores.push(parseDockerIgnore(read(own, '.dockerignore file'), own));
      return { path: model.path, model, dockerignore: own };
    }
    return { path: model.path, model, dockerignore: dockerignore ? '.dockerignore' : null };
  });
  const dockerfile =
    (options.dockerfile ? dockerfiles[0] : dockerfiles.find((entry) => /^dockerfile$/i.test(entry.path))) ??
    dockerfiles[0] ??
    null;

  const pyproject = has('pyproject.toml')
    ? parsePyproject(read('pyproject.toml', 'pyproject.toml'), 'pyproject.toml')
    : null;
  const lockText = (name: string): string => read(name, 'lock file', MAX_LOCK_BYTES);
  // TOML locks are the slowest files to parse; their models are cached by content (parse-cache.ts).
  const uvLock = has('uv.lock')
    ? cachedParse('uv.lock', lockText('uv.lock'), (text) => parseUvLock(text, 'uv.lock'))
    : null;
  const poetryLock = has('poetry.lock')
    ? cachedParse('poetry.lock', lockText('poetry.lock'), (text) => parsePoetryLock(text, 'poetry.lock'))
    : null;
  const pdmLock = has('pdm.lock')
    ? cachedParse('pdm.lock', lockText('pdm.lock'), (text) => parsePdmLock(text, 'pdm.lock'))
    : null;
  const pipfileLock = has('Pipfile.lock') ? parsePipfileLock(lockText('Pipfile.lock'), 'Pipfile.lock') : null;
  const pipfile = has('Pipfile') ? parsePipfile(read('Pipfile', 'Pipfile'), 'Pipfile') : null;

  const requirements = loadRequirementsFiles(
    requirementsFiles(root, entries, dockerfile?.model ?? null),
    (relative) => read(relative, 'requirements file'),
  );

  const pythonVersionFile = has('.python-version')
    ? read('.python-version', '.python-version file').trim() || null
    : null;
  const condaFile = ['environment.yml', 'environment.yaml', 'conda.yml', 'conda.yaml'].find(has) ?? null;

  const manager = detectManager({
    hasUvLock: uvLock !== null,
    hasPoetryLock: poetryLock !== null,
    hasPdmLock: pdmLock !== null,
    hasPipfileLock: pipfileLock !== null,
    pipfile,
    pyproject,
    requirements,
    condaFile,
    dockerfile: dockerfile?.model ?? null,
  });
  const lockByManager: Partial<Record<string, Lockfile | null>> = {
    uv: uvLock,
    poetry: poetryLock,
    pdm: pdmLock,
    pipenv: pipfileLock,
  };
  const lock = lockByManager[manager.name] ?? uvLock ?? poetryLock ?? pdmLock ?? pipfileLock ?? null;

  const dependencySets = collectDependencySets(pyproject, pipfile, requirements);
  const projectName = pyproject?.project?.name ?? pyproject?.poetry?.name ?? null;
  const devOnlyPackages = devOnlyPackageNames(
    dependencySets,
    lock,
    projectName ? normalizeName(projectName) : null,
  );

  const launch = launchFacts(dockerfile, has('Procfile') ? read('Procfile', 'Procfile') : null);
  const server = detectServer({ sets: dependencySets, code: scanCode(scanPythonSources(root)), launch });

  const requiresPython =
    pyproject?.project?.requiresPython ??
    pyproject?.poetry?.python ??
    pipfile?.pythonVersion ??
    lock?.requiresPython ??
    pythonVersionFile;

  let config: Project['config'] = pyproject?.shipshape
    ? { file: 'pyproject.toml', table: pyproject.shipshape }
    : null;
  if (!config && has('.shipshape.toml')) {
    config = {
      file: '.shipshape.toml',
      table: parseToml(read('.shipshape.toml', 'config file'), '.shipshape.toml'),
    };
  }

  return {
    root,
    entries,
    shellScripts: shellScripts(root, entries),
    dockerfiles,
    dockerfile,
    dockerignore,
    dockerignores,
    pyproject,
    uvLock,
    poetryLock,
    pdmLock,
    pipfileLock,
    lock,
    pipfile,
    requirements,
    pythonVersionFile,
    requiresPython,
    manager,
    dependencySets,
    devSets: dependencySets.filter((set) => set.dev).map((set) => set.id),
    devOnlyPackages,
    server,
    config,
  };
}

function assertFolder(root: string, shown: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(root).isDirectory();
  } catch {
    throw new UserError(`The folder ${shown} does not exist; pass the path of a project folder.`);
  }
  if (!isDirectory)
    throw new UserError(`${shown} is a file, not a project folder; pass the folder that holds it.`);
}

/** `--dockerfile` is resolved like `docker build -f`: from the working folder, else from the project folder. */
function namedDockerfile(root: string, named: string): string {
  const candidates = path.isAbsolute(named) ? [named] : [path.resolve(named), path.join(root, named)];
  const found = candidates.find((candidate) => {
    try {
      statSync(candidate);
      return true;
    } catch {
      return false;
    }
  });
  if (!found) throw new UserError(`The Dockerfile ${named} does not exist; check the --dockerfile path.`);
  return relativePath(root, found);
}

function readDockerfile(root: string, relative: string): string {
  return readTextFile(path.join(root, relative), relative, { what: 'Dockerfile' });
}

/** Root requirements*.txt, requirements/*.txt, and files the Dockerfile installs with `-r`. */
function requirementsFiles(root: string, entries: ProjectEntry[], dockerfile: Dockerfile | null): string[] {
  const files = entries
    .filter((entry) => entry.kind === 'file' && isRequirementsName(entry.name))
    .map((entry) => entry.name);
  if (entries.some((entry) => entry.name === 'requirements' && entry.kind === 'dir')) {
    for (const entry of listDir(path.join(root, 'requirements'))) {
      if (entry.kind === 'file' && entry.name.endsWith('.txt')) files.push(`requirements/${entry.name}`);
    }
  }
  for (const instruction of dockerfile?.instructions ?? []) {
    for (const command of instruction.shell?.commands ?? []) {
      command.args.forEach((arg, index) => {
        const value =
          arg.value === '-r' || arg.value === '--requirement'
            ? command.args[index + 1]?.value
            : /^(?:-r|--requirement=)(.+)$/.exec(arg.value)?.[1];
        const relative = value ? path.posix.normalize(value.replace(/^\.\//, '')) : null;
        if (
          relative &&
          !relative.startsWith('..') &&
          !relative.startsWith('/') &&
          !files.includes(relative) &&
          isFile(path.join(root, relative))
        ) {
          files.push(relative);
        }
      });
    }
  }
  return files;
}

const NOT_SCANNED = new Set([
  '.git',
  'node_modules',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.nox',
  'dist',
  'build',
]);
const SCRIPT_NAME = /\.(sh|bash)$|^[^.]+$/;

/**
 * Shell scripts of the project (`*.sh`, and extension-less files that start with a shell
 * `#!`), three folders deep, at most 64: what an entrypoint runs at start-up.
 */
function shellScripts(root: string, entries: ProjectEntry[]): Project['shellScripts'] {
  const found: string[] = [];
  const walk = (dir: string, listed: ProjectEntry[], depth: number): void => {
    for (const entry of listed) {
      if (found.length >= 64) return;
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.kind === 'dir') {
        if (depth < 3 && !NOT_SCANNED.has(entry.name))
          walk(relative, listDir(path.join(root, relative)), depth + 1);
      } else if (SCRIPT_NAME.test(entry.name)) found.push(relative);
    }
  };
  walk('', entries, 0);
  const scripts: Project['shellScripts'] = [];
  for (const file of found) {
    try {
      const text = readTextFile(path.join(root, file), file, { what: 'script', maxBytes: 256 * 1024 });
      if (file.endsWith('sh') || /^#!.*\b(ba|da|z)?sh\b/.test(text)) scripts.push({ path: file, text });
    } catch {
      // A file shipshape cannot read (binary, too big) is only a clue less.
    }
  }
  return scripts;
}

function launchFacts(
  dockerfile: DockerfileEntry | null,
  procfile: string | null,
): DockerfileServerFacts | null {
  const fromDockerfile = dockerfile ? serverFromDockerfile(dockerfile.model, dockerfile.path) : null;
  if (fromDockerfile?.command) return fromDockerfile;
  const fromProcfile = procfile ? serverFromProcfile(procfile, 'Procfile') : null;
  if (fromProcfile?.command) {
    return { ...fromProcfile, ports: [...fromProcfile.ports, ...(fromDockerfile?.ports ?? [])] };
  }
  return fromDockerfile;
}
