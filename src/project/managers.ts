import { lastSegment } from '../dockerfile/queries.js';
import type { Installer } from './installs.js';

/**
 * What shipshape knows about each Python package manager, in one place: the files it reads and
 * writes, the installs it performs, whether `<tool> run X` runs X in the project's environment,
 * and where it keeps downloads. Rules, optimize, bench and inspect ask this table; adding a
 * manager means adding an entry here (and, for optimize, its recipe).
 */
export interface ManagerFacts {
  name: 'uv' | 'poetry' | 'pdm' | 'pipenv' | 'pip' | 'hatch' | 'rye';
  /** How people write its name in prose. */
  title: string;
  /** Lock files it writes. */
  locks: string[];
  /** Files its installs read besides the lock. */
  manifests: string[];
  /** Install commands of `installs.ts` it performs. */
  installers: Installer[];
  /** `<tool> run X` runs X inside the project's environment. */
  runner: boolean;
  /**
   * Download cache for root, its folder inside any user's cache home (`$XDG_CACHE_HOME`, else
   * `$HOME/.cache`: pip, uv, Poetry, PDM and Pipenv all ask platformdirs), the variable that
   * moves it, how a cache mount's path names it, and the option and variable that make the
   * tool use no cache at all (a mounted one included).
   */
  cache: {
    path: string;
    folder: string;
    variable: string;
    marker: RegExp;
    off: { option: string; variable: string | null } | null;
  } | null;
  /** The PyPI package images install the tool from (`pip install uv`), null when it ships with Python. */
  toolPackage: string | null;
}

export const MANAGERS: readonly ManagerFacts[] = [
  {
    name: 'uv',
    title: 'uv',
    locks: ['uv.lock'],
    manifests: ['pyproject.toml'],
    installers: ['uv-sync', 'uv-pip'],
    runner: true,
    cache: {
      path: '/root/.cache/uv',
      folder: 'uv',
      variable: 'UV_CACHE_DIR',
      marker: /(^|\/)uv($|\/)/,
      off: { option: '--no-cache', variable: 'UV_NO_CACHE' },
    },
    toolPackage: 'uv',
  },
  {
    name: 'poetry',
    title: 'Poetry',
    locks: ['poetry.lock'],
    manifests: ['pyproject.toml'],
    installers: ['poetry'],
    runner: true,
    cache: {
      path: '/root/.cache/pypoetry',
      folder: 'pypoetry',
      variable: 'POETRY_CACHE_DIR',
      marker: /poetry/,
      off: null,
    },
    toolPackage: 'poetry',
  },
  {
    name: 'pdm',
    title: 'PDM',
    locks: ['pdm.lock'],
    manifests: ['pyproject.toml'],
    installers: ['pdm'],
    runner: true,
    cache: {
      path: '/root/.cache/pdm',
      folder: 'pdm',
      variable: 'PDM_CACHE_DIR',
      marker: /(^|\/)pdm($|\/)/,
      off: null,
    },
    toolPackage: 'pdm',
  },
  {
    name: 'pipenv',
    title: 'Pipenv',
    locks: ['Pipfile.lock'],
    manifests: ['Pipfile'],
    installers: ['pipenv'],
    runner: true,
    cache: {
      path: '/root/.cache/pipenv',
      folder: 'pipenv',
      variable: 'PIPENV_CACHE_DIR',
      marker: /pip/,
      off: null,
    },
    toolPackage: 'pipenv',
  },
  {
    name: 'pip',
    title: 'pip',
    locks: [],
    manifests: ['requirements.txt', 'pyproject.toml', 'setup.py', 'setup.cfg'],
    installers: ['pip'],
    runner: false,
    cache: {
      path: '/root/.cache/pip',
      folder: 'pip',
      variable: 'PIP_CACHE_DIR',
      marker: /(^|\/)pip($|\/)/,
      off: { option: '--no-cache-dir', variable: 'PIP_NO_CACHE_DIR' },
    },
    toolPackage: null,
  },
  {
    name: 'hatch',
    title: 'Hatch',
    locks: [],
    manifests: ['pyproject.toml'],
    installers: [],
    runner: true,
    cache: null,
    toolPackage: 'hatch',
  },
  {
    name: 'rye',
    title: 'Rye',
    locks: ['requirements.lock'],
    manifests: ['pyproject.toml'],
    installers: [],
    runner: true,
    cache: null,
    toolPackage: null,
  },
];

export type ManagerName = ManagerFacts['name'];

export function manager(name: ManagerName): ManagerFacts {
  return MANAGERS.find((m) => m.name === name)!;
}

/** Tools whose `run` subcommand runs a command in the project's environment. */
export const RUNNERS: readonly string[] = MANAGERS.filter((m) => m.runner).map((m) => m.name);

/** Package names of the managers themselves, as images install them with pip. */
const TOOL_PACKAGES = new Set(MANAGERS.flatMap((m) => (m.toolPackage ? [m.toolPackage] : [])));

/** `uv`, `poetry==2.1.3`, `pdm[all]>=2`: a requirement for a package manager itself. */
export function isManagerPackage(requirement: string): boolean {
  const name = /^[A-Za-z0-9_.-]+/.exec(requirement)?.[0]?.toLowerCase() ?? '';
  return TOOL_PACKAGES.has(name);
}

/**
 * Distributions that install things rather than run the app: the managers above, plus pip and
 * wheel, which ship with Python. An image may carry another version of them (or none) as long
 * as the app itself does not import them.
 */
export function isInstallerTool(name: string): boolean {
  return isManagerPackage(name) || name === 'pip' || name === 'wheel';
}

/** `uv run X`, `poetry run --no-sync X`, `pipenv run X` → `X` (the venv is on PATH). */
export function withoutRunner(words: readonly string[]): string[] {
  const [tool, sub] = words;
  if (tool && RUNNERS.includes(lastSegment(tool)) && sub === 'run') {
    const rest = words.slice(2);
    while (rest[0]?.startsWith('-')) rest.shift();
    return rest;
  }
  return [...words];
}

const PYTHON = /^python(\d(\.\d+)?)?$/;

/**
 * The manager a command runs, with how: `uv pip install x` → uv, `python -m uv pip …` → uv
 * through Python (which needs the PyPI package, not just a binary), `/usr/local/bin/poetry
 * install` → poetry. A runner prefix (`uv run X`) is reported as `runner`: it only starts X.
 */
export function managerRunBy(
  words: readonly string[],
): { manager: ManagerName; viaPython: boolean; runner: boolean } | null {
  let rest = words;
  let viaPython = false;
  if (PYTHON.test(lastSegment(rest[0] ?? '')) && rest[1] === '-m') {
    rest = rest.slice(2);
    viaPython = true;
  }
  const name = lastSegment(rest[0] ?? '');
  const found = MANAGERS.find((m) => m.name === name && m.toolPackage !== null);
  if (!found) return null;
  const sub = rest.slice(1).find((word) => !word.startsWith('-'));
  return { manager: found.name, viaPython, runner: found.runner && sub === 'run' };
}

/** The cache folder a manager's install downloads into. */
export function cacheFolder(name: ManagerName): string {
  return manager(name).cache?.path ?? '/root/.cache';
}

/** Files an install reads (manifests, locks, requirement and constraint files, `.python-version`), by context path. */
const DEPENDENCY_MANIFEST =
  /^(pyproject\.toml|uv\.lock|poetry\.lock|pdm\.lock|Pipfile(\.lock)?|requirements[^/]*\.txt|requirements\/.*\.txt|setup\.(py|cfg)|\.python-version|constraints[^/]*\.txt)$/;

export function isDependencyManifest(path: string): boolean {
  return DEPENDENCY_MANIFEST.test(path.replace(/^\.\//, ''));
}
