import path from 'node:path';
import { parseDockerfile, parseShellScript, withShellParserWhenNeeded } from '../dockerfile/index.js';
import type { Dockerfile } from '../dockerfile/model.js';
import { collectDependencySets, devOnlyPackageNames } from './dependency-sets.js';
import { parseDockerIgnore } from './dockerignore.js';
import { MAX_LOCK_BYTES } from './files.js';
import { ACTION_FILES, readGitHubAction } from './github-action.js';
import { detectManager } from './manager.js';
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
import type { ProjectSource } from './source.js';
import { parseToml } from './toml.js';
import type { DockerfileEntry, DockerIgnoreFile, Lockfile, Project, ProjectEntry } from './types.js';
import { parseUvLock } from './uv-lock.js';

/** Files that look like Dockerfiles but are backups or ignore files. */
const NOT_A_DOCKERFILE = /\.(dockerignore|orig|bak|swp|tmp)$|~$/i;

export function isDockerfileName(name: string): boolean {
  if (NOT_A_DOCKERFILE.test(name)) return false;
  // `python3.11-slim.dockerfile`: the lower-case suffix is as common as `.Dockerfile` (editors
  // and hadolint recognise both), so the suffix is matched in any case.
  return /^dockerfile$/i.test(name) || /^Dockerfile\.[^/]+$/.test(name) || /\.dockerfile$/i.test(name);
}

function isRequirementsName(name: string): boolean {
  return /requirements.*\.txt$/i.test(name);
}

export interface BuildOptions {
  /** The Dockerfile to work on, relative to the root, instead of searching for Dockerfiles. */
  dockerfile?: string;
}

/**
 * Builds one `Project` from a project's files. Pure: every file comes through `source`, so
 * the same code models a folder on disk and an editor's unsaved text. Every file problem
 * becomes a UserError naming the file; a project with only a Dockerfile (or nothing Python at
 * all) still builds with fewer facts.
 */
export async function buildProject(source: ProjectSource, options: BuildOptions = {}): Promise<Project> {
  const root = source.root;
  const entries: ProjectEntry[] = source.list('');
  const has = (name: string): boolean =>
    entries.some((entry) => entry.name === name && entry.kind === 'file');
  const read = (relative: string, what: string, maxBytes?: number): string =>
    source.read(relative, { what, ...(maxBytes ? { maxBytes } : {}) });

  const dockerfilePaths = options.dockerfile
    ? [options.dockerfile]
    : entries
        .filter((entry) => entry.kind === 'file' && isDockerfileName(entry.name))
        .map((entry) => entry.name);
  const models = await Promise.all(
    dockerfilePaths.map(async (relative) => parseDockerfile(read(relative, 'Dockerfile'), relative)),
  );

  const dockerignore = has('.dockerignore')
    ? parseDockerIgnore(read('.dockerignore', '.dockerignore file'), '.dockerignore')
    : null;
  const dockerignores: DockerIgnoreFile[] = [];
  const dockerfiles: DockerfileEntry[] = models.map((model) => {
    const own = `${model.path}.dockerignore`;
    if (!own.startsWith('..') && source.isFile(own)) {
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
  // TOML locks are the slowest files to parse; a disk source caches their models.
  const cachedParse = <T>(name: string, parse: (text: string) => T): T =>
    source.parseCached ? source.parseCached(name, () => lockText(name), parse) : parse(lockText(name));
  const uvLock = has('uv.lock') ? cachedParse('uv.lock', (text) => parseUvLock(text, 'uv.lock')) : null;
  const poetryLock = has('poetry.lock')
    ? cachedParse('poetry.lock', (text) => parsePoetryLock(text, 'poetry.lock'))
    : null;
  const pdmLock = has('pdm.lock') ? cachedParse('pdm.lock', (text) => parsePdmLock(text, 'pdm.lock')) : null;
  const pipfileLock = has('Pipfile.lock') ? parsePipfileLock(lockText('Pipfile.lock'), 'Pipfile.lock') : null;
  const pipfile = has('Pipfile') ? parsePipfile(read('Pipfile', 'Pipfile'), 'Pipfile') : null;

  const requirements = loadRequirementsFiles(
    requirementsFiles(source, entries, dockerfile?.model ?? null),
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
  const server = detectServer({ sets: dependencySets, code: scanCode(scanPythonSources(source)), launch });

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

  const actionFile = ACTION_FILES.find(has);
  const githubAction = actionFile
    ? await readGitHubAction(read(actionFile, 'GitHub Action metadata file'), actionFile)
    : null;

  return {
    root,
    entries,
    shellScripts: await shellScripts(source, entries),
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
    githubAction,
  };
}

/** Root requirements*.txt, requirements/*.txt, and files the Dockerfile installs with `-r`. */
function requirementsFiles(
  source: ProjectSource,
  entries: ProjectEntry[],
  dockerfile: Dockerfile | null,
): string[] {
  const files = entries
    .filter((entry) => entry.kind === 'file' && isRequirementsName(entry.name))
    .map((entry) => entry.name);
  if (entries.some((entry) => entry.name === 'requirements' && entry.kind === 'dir')) {
    for (const entry of source.list('requirements')) {
      if (entry.kind === 'file' && entry.name.endsWith('.txt')) files.push(`requirements/${entry.name}`);
    }
  }
  for (const instruction of dockerfile?.instructions ?? []) {
    for (const command of instruction.shell?.commands ?? []) {
      // The words the command receives: a file named through an ARG default counts.
      command.expandedArgs.forEach((arg, index) => {
        const value =
          arg.value === '-r' || arg.value === '--requirement'
            ? command.expandedArgs[index + 1]?.value
            : /^(?:-r|--requirement=)(.+)$/.exec(arg.value)?.[1];
        const relative = value ? path.posix.normalize(value.replace(/^\.\//, '')) : null;
        if (
          relative &&
          !relative.startsWith('..') &&
          !relative.startsWith('/') &&
          !files.includes(relative) &&
          source.isFile(relative)
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
 * `#!`), three folders deep, at most 64: what an entrypoint runs at start-up. They are read
 * the way RUN is; the bash grammar loads only when one of them needs it.
 */
async function shellScripts(
  source: ProjectSource,
  entries: ProjectEntry[],
): Promise<Project['shellScripts']> {
  const found: string[] = [];
  const walk = (dir: string, listed: ProjectEntry[], depth: number): void => {
    for (const entry of listed) {
      if (found.length >= 64) return;
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.kind === 'dir') {
        if (depth < 3 && !NOT_SCANNED.has(entry.name)) walk(relative, source.list(relative), depth + 1);
      } else if (SCRIPT_NAME.test(entry.name)) found.push(relative);
    }
  };
  walk('', entries, 0);
  const texts: Array<{ path: string; text: string }> = [];
  for (const file of found) {
    try {
      const text = source.read(file, { what: 'script', maxBytes: 256 * 1024 });
      if (file.endsWith('sh') || /^#!.*\b(ba|da|z)?sh\b/.test(text)) texts.push({ path: file, text });
    } catch {
      // A file shipshape cannot read (binary, too big) is only a clue less.
    }
  }
  if (texts.length === 0) return [];
  return withShellParserWhenNeeded((parser) =>
    texts.map(({ path, text }) => ({ path, text, commands: parseShellScript(parser, text) })),
  );
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
