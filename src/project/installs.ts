import type { ShellCommand } from '../dockerfile/model.js';
import { baseName } from '../dockerfile/queries.js';
import { readOnce } from '../dockerfile/read-once.js';

/**
 * What one install command of a Dockerfile asks for, in the words of every package manager:
 * the dependency sets (project, extras, groups, requirement files, named packages) and where
 * they go. Optimize rebuilds these requests; the conservation check compares them.
 */
export type Installer = 'pip' | 'uv-pip' | 'uv-sync' | 'poetry' | 'pdm' | 'pipenv';

export interface InstallRequest {
  installer: Installer;
  /** `-r FILE` (pip, uv pip). */
  requirementFiles: string[];
  /** `-c FILE`. */
  constraintFiles: string[];
  /** Named requirements such as `gunicorn` or `uvicorn[standard]==0.30`. */
  packages: string[];
  /** Local paths installed as projects or archives: `.`, `./pkg`, `dist/x.whl`. */
  localPaths: string[];
  /** The project itself is installed (`.`, `-e .`, `uv sync` without `--no-install-project`). */
  installsProject: boolean;
  editable: boolean;
  /** Extras named: `.[server]`, `--extra x`, `-E x`; 'all' for `--all-extras`. */
  extras: string[] | 'all';
  /** Groups asked for: `--group x`, `--with x`, `-G x`, `--categories`; 'all' for `--all-groups`. */
  groups: string[] | 'all';
  /** Groups only (`--only`, `--only-group`): the main dependencies are not installed. */
  onlyGroups: string[];
  /** Development dependencies installed (uv sync without --no-dev, pdm without --prod, pipenv --dev). */
  dev: boolean;
  /** Where packages go: a venv (`uv venv`, `--python`, poetry), the system, `--prefix DIR`, `--target DIR`, `--user`. */
  destination: { kind: 'default' | 'prefix' | 'target' | 'user' | 'python'; path: string | null };
  /** Options passed through as written (`--require-hashes`, `--index-url U`, `--no-deps`, `--pre`…). */
  passThrough: string[];
  /** `pip wheel -w DIR`: the packages are built into wheels there, to be installed later. */
  wheelDir: string | null;
}

/** Options whose value is the next word. */
const VALUE_OPTIONS = new Set([
  '-r',
  '-w',
  '--wheel-dir',
  '--requirement',
  '--requirements',
  '-c',
  '--constraint',
  '--constraints',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '--index',
  '--default-index',
  '-f',
  '--find-links',
  '--trusted-host',
  '--prefix',
  '--target',
  '-t',
  '--python',
  '-p',
  '--root',
  '--extra',
  '-E',
  '--extras',
  '--group',
  '--only-group',
  '--no-group',
  '--with',
  '--without',
  '--only',
  '-G',
  '--categories',
  '--no-binary',
  '--only-binary',
  '--platform',
  '--python-version',
  '--config-settings',
  '-C',
  '--cache-dir',
  '--progress-bar',
  '--root-user-action',
  '--timeout',
  '--retries',
  '--index-strategy',
  '--project',
  '--directory',
  '--package',
  '--exclude-newer',
  '--resolution',
  '--link-mode',
  '--upgrade-strategy',
]);

/** Tool options before the subcommand that take a value (`pip --python X install`, `uv --directory X sync`). */
const GLOBAL_VALUE_OPTIONS = new Set([
  '--python',
  '--directory',
  '--project',
  '--cache-dir',
  '--log',
  '--config-file',
]);

/** Options kept with the rebuilt install because they change what gets installed or from where. */
const PASSED_THROUGH = new Set([
  '--require-hashes',
  '--no-deps',
  '--pre',
  '--index-url',
  '-i',
  '--extra-index-url',
  '--index',
  '--default-index',
  '-f',
  '--find-links',
  '--trusted-host',
  '--no-binary',
  '--only-binary',
  '--no-index',
  '--index-strategy',
  '--exclude-newer',
  '--resolution',
  '--no-build-isolation',
  '--prerelease',
  '--no-compile',
  '--prefer-binary',
  '-U',
  '--upgrade',
  '--upgrade-strategy',
  '--force-reinstall',
  '--ignore-installed',
  '-I',
  '--compile-bytecode',
  '--frozen',
  '--locked',
]);

function emptyRequest(installer: Installer): InstallRequest {
  return {
    installer,
    requirementFiles: [],
    constraintFiles: [],
    packages: [],
    localPaths: [],
    installsProject: false,
    editable: false,
    extras: [],
    groups: [],
    onlyGroups: [],
    dev: false,
    destination: { kind: 'default', path: null },
    passThrough: [],
    wheelDir: null,
  };
}

const PIP = /^pip(3(\.\d+)?)?$/;
const PYTHON = /^python(\d(\.\d+)?)?$/;

/**
 * Could a program of this name install Python packages (pip, python -m pip, uv, Poetry, PDM,
 * Pipenv)? Most commands of a RUN cannot: told by the name before any word is read.
 */
export function mayInstall(name: string): boolean {
  if (name === 'uv') return true;
  // Every other one starts with `p` (pip, python, poetry, pdm, pipenv): most names fail here.
  if (!name.startsWith('p')) return false;
  return name === 'poetry' || name === 'pdm' || name === 'pipenv' || PIP.test(name) || PYTHON.test(name);
}

/** The words after the install subcommand, e.g. after `pip install` / `python -m pip install` / `uv sync`. */
function wordsAfter(
  command: ShellCommand,
): { installer: Installer; words: string[]; wheel?: boolean } | null {
  const name = baseName(command);
  if (!mayInstall(name)) return null;
  const pip = PIP.test(name);
  const python = !pip && PYTHON.test(name);
  const values = command.expandedArgs.map((a) => a.value);
  const firstPositional = (from: number) => {
    for (let i = from; i < values.length; i++) {
      const v = values[i]!;
      if (!v.startsWith('-')) return i;
      if (VALUE_OPTIONS.has(v) || GLOBAL_VALUE_OPTIONS.has(v)) i++;
    }
    return -1;
  };
  if (pip) {
    const i = firstPositional(0);
    return i >= 0 && ['install', 'wheel'].includes(values[i]!)
      ? { installer: 'pip', words: values.slice(i + 1), wheel: values[i] === 'wheel' }
      : null;
  }
  if (python) {
    const m = values.indexOf('-m');
    if (m >= 0 && /^pip3?$/.test(values[m + 1] ?? '')) {
      const i = firstPositional(m + 2);
      return i >= 0 && ['install', 'wheel'].includes(values[i]!)
        ? { installer: 'pip', words: values.slice(i + 1), wheel: values[i] === 'wheel' }
        : null;
    }
    return null;
  }
  if (name === 'uv') {
    const i = firstPositional(0);
    if (values[i] === 'pip' && values[i + 1] === 'install')
      return { installer: 'uv-pip', words: values.slice(i + 2) };
    if (values[i] === 'sync') return { installer: 'uv-sync', words: values.slice(i + 1) };
    return null;
  }
  if (name === 'poetry') {
    const i = firstPositional(0);
    return values[i] === 'install' || values[i] === 'sync'
      ? { installer: 'poetry', words: values.slice(i + 1) }
      : null;
  }
  if (name === 'pdm') {
    const i = firstPositional(0);
    return values[i] === 'install' || values[i] === 'sync'
      ? { installer: 'pdm', words: values.slice(i + 1) }
      : null;
  }
  if (name === 'pipenv') {
    const i = firstPositional(0);
    return values[i] === 'install' || values[i] === 'sync'
      ? { installer: 'pipenv', words: [values[i]!, ...values.slice(i + 1)] }
      : null;
  }
  return null;
}

function pushList(target: string[] | 'all', values: string[]): string[] | 'all' {
  if (target === 'all') return target;
  for (const v of values) if (v && !target.includes(v)) target.push(v);
  return target;
}

function splitCommaList(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** `.[server,api]` → path `.`, extras `server`, `api`. */
function localTarget(word: string): { path: string; extras: string[] } | null {
  const match = /^(\.{1,2}(?:\/[^[]*)?|\/[^[]*|[^[]*\.(?:whl|tar\.gz|zip))(?:\[([^\]]*)\])?$/.exec(word);
  if (!match) return null;
  return { path: match[1]!, extras: match[2] ? splitCommaList(match[2]) : [] };
}

/**
 * Reads one shell command as an install request, or null when it installs nothing. The words
 * are those the command receives (the model substitutes the stage's ARG and ENV); `expand`
 * may substitute more (e.g. build args given on the command line).
 */
export function readInstall(
  command: ShellCommand,
  expand: (word: string) => string = (w) => w,
): InstallRequest | null {
  const found = wordsAfter(command);
  if (!found) return null;
  const request = emptyRequest(found.installer);
  // `pip wheel` without -w builds into the working folder.
  if (found.wheel) request.wheelDir = '.';
  // A loop rather than map + flatMap (an array per word): every install command is read here.
  const words: string[] = [];
  for (const written of found.words) {
    const w = expand(written);
    if (w.includes(' ') && !w.startsWith('-')) for (const part of w.split(/\s+/)) words.push(part);
    else words.push(w);
  }
  const sync = found.installer === 'uv-sync';
  const poetry = found.installer === 'poetry';
  const pdm = found.installer === 'pdm';
  const pipenv = found.installer === 'pipenv';
  if (sync || poetry || pdm) request.installsProject = true;
  if (sync) request.dev = true;
  if (pdm) request.dev = true;
  if (poetry) request.dev = true;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (pipenv && i === 0) continue;
    const equals = word.startsWith('--') ? word.indexOf('=') : -1;
    const option = equals > 0 ? word.slice(0, equals) : word;
    const takesValue = VALUE_OPTIONS.has(option) && !(pipenv && option === '-e');
    const value = equals > 0 ? word.slice(equals + 1) : takesValue ? (words[++i] ?? '') : null;
    if (!option.startsWith('-')) {
      const local = localTarget(word);
      if (local) {
        request.localPaths.push(local.path);
        // An absolute folder may be the project (its WORKDIR): the caller, which knows the stage, decides.
        if (/^\.{1,2}(\/.*)?$/.test(local.path)) request.installsProject = true;
        request.extras = pushList(request.extras, local.extras);
      } else if (!pipenv || i > 0) request.packages.push(word);
      continue;
    }
    if (PASSED_THROUGH.has(option)) request.passThrough.push(value !== null ? `${option}=${value}` : option);
    switch (option) {
      case '-r':
      case '--requirement':
      case '--requirements':
        if (value) request.requirementFiles.push(value);
        break;
      case '-c':
      case '--constraint':
      case '--constraints':
        if (value) request.constraintFiles.push(value);
        break;
      case '-e':
      case '--editable': {
        request.editable = true;
        const local = localTarget(value ?? '');
        if (local) {
          request.localPaths.push(local.path);
          request.installsProject = true;
          request.extras = pushList(request.extras, local.extras);
        } else if (value) request.packages.push(value);
        break;
      }
      case '-w':
      case '--wheel-dir':
        request.wheelDir = value;
        break;
      case '--prefix':
        request.destination = { kind: 'prefix', path: value };
        break;
      case '--target':
      case '-t':
        request.destination = { kind: 'target', path: value };
        break;
      case '--user':
        request.destination = { kind: 'user', path: null };
        break;
      case '--python':
      case '-p':
        if (!sync) request.destination = { kind: 'python', path: value };
        break;
      case '--system':
        request.destination = { kind: 'default', path: null };
        break;
      case '--extra':
      case '-E':
      case '--extras':
        request.extras = pushList(request.extras, splitCommaList(value ?? ''));
        break;
      case '--all-extras':
        request.extras = 'all';
        break;
      case '--group':
      case '--with':
      case '-G':
        if (pdm && value === ':all') request.groups = 'all';
        else request.groups = pushList(request.groups, splitCommaList(value ?? ''));
        break;
      case '--categories':
        request.groups = pushList(request.groups, splitCommaList(value ?? ''));
        break;
      case '--all-groups':
        request.groups = 'all';
        break;
      case '--only-group':
      case '--only':
        request.onlyGroups.push(...splitCommaList(value ?? ''));
        break;
      case '--no-dev':
      case '--prod':
      case '--production':
        request.dev = false;
        break;
      case '--dev':
      case '-d':
        request.dev = true;
        break;
      case '--no-install-project':
      case '--no-root':
      case '--no-self':
      case '--only-deps':
        request.installsProject = false;
        break;
      default:
        break;
    }
  }
  if (poetry && request.onlyGroups.length > 0) {
    // `poetry install --only main` installs the main group alone.
    request.dev = false;
  }
  return request;
}

const installs = readOnce(readInstall);

/**
 * `readInstall` of the words the command receives, read once per parsed command: rules ask it
 * of every command many times. The answer is shared, so callers must not change it (a fresh
 * request to edit comes from `readInstall`).
 */
export function installOf(command: ShellCommand): Readonly<InstallRequest> | null {
  return mayInstall(baseName(command)) ? installs(command) : null;
}

/** uv sync, Poetry, PDM and Pipenv install the locked project environment (their own venv). */
export function installsFromLock(request: InstallRequest): boolean {
  return ['uv-sync', 'poetry', 'pdm', 'pipenv'].includes(request.installer);
}

/** The dependency sets a request asks for, as ids comparable across installers (`main`, `extra:x`, `group:y`, `requirements:f`, `package:n`). */
export function requestedSets(request: InstallRequest): string[] {
  const sets: string[] = [];
  const mainInstalled = request.onlyGroups.length === 0 || request.onlyGroups.includes('main');
  if ((request.installsProject || installsFromLock(request)) && mainInstalled) sets.push('main');
  if (request.extras === 'all') sets.push('extra:*');
  else for (const e of request.extras) sets.push(`extra:${e}`);
  if (request.groups === 'all') sets.push('group:*');
  else for (const g of request.groups) sets.push(`group:${g}`);
  for (const g of request.onlyGroups) if (g !== 'main') sets.push(`group:${g}`);
  for (const f of request.requirementFiles) sets.push(`requirements:${f.replace(/^\.\//, '')}`);
  for (const p of request.packages) sets.push(`package:${p}`);
  for (const l of request.localPaths)
    if (!/^\.{1,2}(\/.*)?$/.test(l) && !l.startsWith('/')) sets.push(`file:${l}`);
  return [...new Set(sets)].sort();
}
