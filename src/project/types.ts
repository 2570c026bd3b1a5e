import type { Dockerfile, ShellCommand } from '../dockerfile/model.js';
import type { GitHubAction } from './github-action.js';
import type { RunnerName, ServerProgramName } from './server/programs.js';

/**
 * The Python project as shipshape sees it: plain data only (no Maps, no class instances),
 * so rules, optimize and `info --json` can all read the same value.
 * Paths are relative to `Project.root` and use `/`.
 */

export type PackageManager = 'uv' | 'poetry' | 'pdm' | 'pipenv' | 'pip' | 'conda' | 'unknown';

/** A PEP 508 requirement (or a requirements.txt / Pipfile / Poetry entry turned into one). */
export interface Requirement {
  /** PEP 503 normalized name (`typing-extensions`); empty for a bare path/URL requirement. */
  name: string;
  /** The text as written. */
  raw: string;
  extras: string[];
  /** Version specifier such as `>=1.0,<2`; empty when none. */
  specifier: string;
  marker: string | null;
  url: string | null;
  /** requirements.txt `-e` / Poetry `develop = true` / Pipfile `editable = true`. */
  editable: boolean;
  /** Where it was declared (file and 1-based line when known). */
  file: string;
  line: number | null;
  /** requirements.txt `--hash=` values. */
  hashes: string[];
}

export type DependencySetKind =
  | 'main'
  | 'extra'
  | 'group'
  | 'uv-dev'
  | 'poetry-group'
  | 'pdm-dev'
  | 'pipfile'
  | 'requirements';

/** One named list of dependencies: the main list, an extra, a group, a requirements file… */
export interface DependencySet {
  /** Stable id: `main`, `extra:server`, `group:dev`, `uv:dev-dependencies`, `poetry:dev`, `pdm:test`, `pipfile:develop`, `requirements:requirements-dev.txt`. */
  id: string;
  kind: DependencySetKind;
  /** The name a tool knows it by: extra/group name, `dev-packages`, the requirements file path. */
  name: string;
  file: string;
  /** True when only development needs it (dev/test/lint/docs names, dev groups, requirements-dev.txt…). */
  dev: boolean;
  requirements: Requirement[];
  /** PEP 735 `include-group` names, or requirements files included with `-r`. */
  includes: string[];
}

export interface Pyproject {
  path: string;
  /** PEP 621 `[project]`; null when the table is absent (e.g. a Poetry 1 project). */
  project: {
    name: string | null;
    version: string | null;
    dynamic: string[];
    requiresPython: string | null;
    dependencies: Requirement[];
    optionalDependencies: Record<string, Requirement[]>;
    scripts: Record<string, string>;
    guiScripts: Record<string, string>;
  } | null;
  /** PEP 735 groups, raw entries resolved to requirements (include-group kept separately). */
  dependencyGroups: Record<string, { requirements: Requirement[]; includes: string[] }>;
  buildSystem: { requires: string[]; backend: string | null } | null;
  uv: {
    devDependencies: Requirement[];
    /** `tool.uv.package`; null when unset (uv then decides from build-system). */
    package: boolean | null;
    workspaceMembers: string[];
    workspaceExclude: string[];
    defaultGroups: string[] | 'all' | null;
    sources: Record<string, unknown>;
    raw: Record<string, unknown>;
  } | null;
  poetry: {
    name: string | null;
    version: string | null;
    /** The `python` constraint from `[tool.poetry.dependencies]`. */
    python: string | null;
    dependencies: Requirement[];
    /** `group.<name>.dependencies`, plus the Poetry 1.x `dev-dependencies` as group `dev`. */
    groups: Record<string, { requirements: Requirement[]; optional: boolean }>;
    packages: Array<{ include: string; from: string | null }>;
    scripts: Record<string, string>;
    /** `package-mode = false` makes Poetry install dependencies only. */
    packageMode: boolean;
  } | null;
  pdm: {
    devDependencies: Record<string, Requirement[]>;
    distribution: boolean | null;
    /** `[tool.pdm.scripts]` that run a command (`cmd` / `shell` / plain string), as argument lists. */
    scripts: Record<string, { argv: string[]; shell: boolean }>;
  } | null;
  /** `[tool.shipshape]` as written (validated by the config loader, not here). */
  shipshape: Record<string, unknown> | null;
  /** True when the project itself is an installable package (has a build backend / package mode). */
  isPackage: boolean;
}

export interface WheelTag {
  /** `cp313`, `py3`, `py2`… */
  python: string;
  /** `cp313`, `abi3`, `none`… */
  abi: string;
  /** `manylinux_2_17_x86_64`, `musllinux_1_2_aarch64`, `any`, `win_amd64`… */
  platform: string;
}

export interface Wheel {
  filename: string;
  url: string | null;
  size: number | null;
  hash: string | null;
  /** Every (python, abi, platform) combination of the compressed tag set. */
  tags: WheelTag[];
}

export interface SourceDist {
  filename: string | null;
  url: string | null;
  size: number | null;
  hash: string | null;
}

export type LockedSourceKind =
  | 'registry'
  | 'git'
  | 'path'
  | 'directory'
  | 'editable'
  | 'virtual'
  | 'url'
  | 'unknown';

export interface LockedPackage {
  /** PEP 503 normalized name. */
  name: string;
  version: string | null;
  source: { kind: LockedSourceKind; url: string | null };
  /** Normalized names of what it needs at run time (markers ignored). */
  dependencies: string[];
  /** `[package.optional-dependencies]` (uv) / extras. */
  optionalDependencies: Record<string, string[]>;
  /** uv: `[package.dev-dependencies]` group name → names (meaningful on the project's own entry). */
  groupDependencies: Record<string, string[]>;
  /** Poetry groups / category, PDM groups, Pipfile section (`default`/`develop`); empty when the lock doesn't say. */
  groups: string[];
  wheels: Wheel[];
  sdist: SourceDist | null;
  markers: string | null;
}

export type LockKind = 'uv' | 'poetry' | 'pdm' | 'pipfile';

export interface Lockfile {
  kind: LockKind;
  path: string;
  /** Lock format version (`version` / `lock-version` / `metadata.lock_version`). */
  version: string | null;
  requiresPython: string | null;
  packages: LockedPackage[];
}

export interface RequirementsFile {
  path: string;
  requirements: Requirement[];
  /** `-r` includes (paths relative to the project root). */
  includes: string[];
  /** `-c` constraints files (paths relative to the project root). */
  constraints: string[];
  /** Global options as written: `--index-url`, `--extra-index-url`, `--trusted-host`, `--find-links`, `--no-binary`, `--only-binary`, `--pre`… */
  options: Array<{ name: string; value: string | null; line: number }>;
  dev: boolean;
}

export interface Pipfile {
  path: string;
  packages: Requirement[];
  devPackages: Requirement[];
  pythonVersion: string | null;
  sources: Array<{ name: string | null; url: string; verifySsl: boolean }>;
}

export interface DockerIgnorePattern {
  /** The cleaned pattern without its `!`. */
  pattern: string;
  exclusion: boolean;
  line: number;
  text: string;
}

export interface DockerIgnoreFile {
  path: string;
  text: string;
  patterns: DockerIgnorePattern[];
}

export interface DockerfileEntry {
  /** Relative to the project root. */
  path: string;
  model: Dockerfile;
  /** The ignore file BuildKit would use with it (`<name>.dockerignore` beside it wins over the root one). */
  dockerignore: string | null;
}

export type Framework = 'fastapi' | 'starlette' | 'flask' | 'django' | 'aiohttp' | 'mcp' | 'celery';

export interface Evidence {
  file: string;
  line: number | null;
  text: string;
}

export interface FrameworkFact {
  name: Framework;
  /** Found among the declared/locked dependencies. */
  declared: boolean;
  /** Found imported in the code. */
  evidence: Evidence[];
}

/** The program a container command serves with: one of the table's, the app's own Python, or another. */
export type ServerProgram = ServerProgramName | 'python' | 'other';

export interface ServerCommand {
  /** The command as an argument list (shell form split into words). */
  argv: string[];
  /** The manager whose `run` prefix starts it (`uv run`, `poetry run`), null when none. */
  runner: RunnerName | null;
  /** The program after the runner prefix. */
  program: ServerProgram;
  origin: 'CMD' | 'ENTRYPOINT' | 'Procfile';
  file: string;
  line: number | null;
}

export interface PortFact {
  port: number;
  origin: 'command' | 'expose' | 'code' | 'procfile';
  file: string;
  line: number | null;
}

export interface HealthRoute {
  path: string;
  file: string;
  line: number;
}

export interface ServerFacts {
  /** Detected frameworks, strongest first. */
  frameworks: FrameworkFact[];
  /** The main framework (first of `frameworks`), null when none. */
  framework: Framework | null;
  /** The ASGI/WSGI app object as `module:attr` (`src.main:app`). */
  app: string | null;
  command: ServerCommand | null;
  /** Distinct ports, in order of confidence; `ports[0]` is the main one. */
  ports: number[];
  portFacts: PortFact[];
  healthRoutes: HealthRoute[];
  /** The preferred health path (`/health`, `/healthz`…), null when the code has none. */
  health: string | null;
}

export interface ManagerFact {
  name: PackageManager;
  /** Why: files and tables that decided it. */
  evidence: string[];
}

export interface ProjectEntry {
  name: string;
  kind: 'file' | 'dir';
}

export interface Project {
  /** Absolute path of the project folder (the build context). */
  root: string;
  /** Top-level files and folders (sorted), so rules can ask "is there a tests/ folder". */
  entries: ProjectEntry[];
  /**
   * Shell scripts of the project (entrypoints), read as text and parsed with the same bash
   * grammar as RUN: which programs the app runs at start-up. Command ranges are positions in
   * the script, not in the Dockerfile.
   */
  shellScripts: Array<{ path: string; text: string; commands: ShellCommand[] }>;
  dockerfiles: DockerfileEntry[];
  /** The Dockerfile to work on: the named one, else `Dockerfile`, else the first found. */
  dockerfile: DockerfileEntry | null;
  /** The root `.dockerignore`. */
  dockerignore: DockerIgnoreFile | null;
  /** Per-Dockerfile ignore files (`Dockerfile.dockerignore`), keyed by path. */
  dockerignores: DockerIgnoreFile[];
  pyproject: Pyproject | null;
  uvLock: Lockfile | null;
  poetryLock: Lockfile | null;
  pdmLock: Lockfile | null;
  pipfileLock: Lockfile | null;
  /** The lock of the detected manager (or the only lock present). */
  lock: Lockfile | null;
  pipfile: Pipfile | null;
  requirements: RequirementsFile[];
  /** `.python-version` content. */
  pythonVersionFile: string | null;
  /** The Python requirement: requires-python, Poetry's python, Pipfile's python_version, .python-version. */
  requiresPython: string | null;
  manager: ManagerFact;
  dependencySets: DependencySet[];
  /** Ids of the development-only sets. */
  devSets: string[];
  /** Normalized names of packages reachable only from development sets. */
  devOnlyPackages: string[];
  server: ServerFacts;
  /** `[tool.shipshape]` from pyproject.toml, else the `.shipshape.toml` table; null when neither. */
  config: { file: string; table: Record<string, unknown> } | null;
  /** The project is a Docker container action (`action.yml` building one of its Dockerfiles). */
  githubAction: GitHubAction | null;
}

export interface LoadOptions {
  /** A Dockerfile path (relative to `dir` or absolute) to use instead of searching. */
  dockerfile?: string;
}
