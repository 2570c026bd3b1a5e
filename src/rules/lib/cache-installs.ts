import { expandVariables, mountOption, mountsOfType, mountTarget } from '../../dockerfile/index.js';
import type { Flag, Instruction, ShellCommand, Word } from '../../dockerfile/model.js';
import { readOnce } from '../../dockerfile/read-once.js';
import { type ManagerFacts, manager } from '../../project/managers.js';
import { type Runner, rootRunner } from './build-users.js';
import {
  baseName,
  hasArg,
  isPdmInstall,
  isPipenvInstall,
  isPipInstall,
  isPoetryInstall,
  isUvPipInstall,
  isUvSync,
  mayInstall,
  positionals,
} from './commands.js';

/**
 * Python dependency installs as the cache rules see them: what a `pip install` names (packages,
 * requirements files, local paths), whether it reads the project's manifests, and whether a
 * RUN mounts a cache where the tool keeps its downloads.
 */

/** pip / uv pip options that take a separate value, so the value is not a package. */
const PIP_VALUE_FLAGS = new Set([
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '--python',
  '-p',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--src',
  '--upgrade-strategy',
  '--progress-bar',
  '--cache-dir',
  '--log',
  '--trusted-host',
  '--no-binary',
  '--only-binary',
  '--config-settings',
  '-C',
  '--global-option',
  '--extra',
  '--group',
  '--index',
  '--default-index',
  '--index-strategy',
  '--link-mode',
  '--resolution',
  '--prerelease',
  '--exclude-newer',
  '--keyring-provider',
]);

export interface PipInstallTargets {
  /** Packages named on the command line (`flask==3.0`, `uv`). */
  packages: Word[];
  /** `-r` / `--requirement` files. */
  requirementFiles: Word[];
  /** Local paths and `-e` targets (`.`, `./pkg`, `/app`). */
  localPaths: Word[];
}

function isLocalPath(value: string): boolean {
  return (
    value === '.' || value === '..' || /^(\.{1,2}\/|\/)/.test(value) || /\.(whl|tar\.gz|zip)$/.test(value)
  );
}

/**
 * What a `pip install` / `uv pip install` installs, read from its arguments after `install`;
 * read once per parsed command (several cache and size rules ask), so callers must not change it.
 */
export const pipInstallTargets: (command: ShellCommand) => Readonly<PipInstallTargets> =
  readOnce(readPipInstallTargets);

function readPipInstallTargets(command: ShellCommand): PipInstallTargets {
  const targets: PipInstallTargets = { packages: [], requirementFiles: [], localPaths: [] };
  const installIndex = command.args.findIndex((a) => a.value === 'install');
  for (let index = installIndex + 1; index < command.args.length; index++) {
    const arg = command.args[index]!;
    const value = arg.value;
    if (value.startsWith('-')) {
      const [name, inline] = value.split(/=(.*)/s, 2) as [string, string | undefined];
      const takesValue = PIP_VALUE_FLAGS.has(name);
      const attached = /^-[rce]./.test(value) && !value.startsWith('--') ? value.slice(2) : undefined;
      const flagValue = inline ?? attached ?? (takesValue ? command.args[index + 1]?.value : undefined);
      if (takesValue && inline === undefined && attached === undefined) index++;
      if (flagValue === undefined) continue;
      const short = name.slice(0, 2);
      const asWord: Word = { ...arg, value: flagValue };
      if (name === '-r' || name === '--requirement' || (attached !== undefined && short === '-r'))
        targets.requirementFiles.push(asWord);
      else if (name === '-e' || name === '--editable' || (attached !== undefined && short === '-e'))
        targets.localPaths.push(asWord);
      continue;
    }
    if (isLocalPath(value.split('[')[0]!)) targets.localPaths.push(arg);
    else targets.packages.push(arg);
  }
  return targets;
}

/** `flask[async]==3.0` → `flask`. */
export function requirementName(value: string): string {
  return value
    .split(/[<>=!~[;@ ]/)[0]!
    .toLowerCase()
    .replace(/[-_.]+/g, '-');
}

/** Installers and build tools: installing only these reads no project file. */
const TOOLING = new Set([
  'pip',
  'setuptools',
  'wheel',
  'uv',
  'poetry',
  'pdm',
  'pipenv',
  'pipx',
  'virtualenv',
  'hatch',
  'build',
  'poetry-plugin-export',
  'poetry-plugin-bundle',
]);

export function installsOnlyTooling(command: ShellCommand): boolean {
  if (!isPipInstall(command)) return false;
  const targets = pipInstallTargets(command);
  return (
    targets.requirementFiles.length === 0 &&
    targets.localPaths.length === 0 &&
    targets.packages.length > 0 &&
    targets.packages.every((p) => TOOLING.has(requirementName(p.value)))
  );
}

/**
 * Installs the project's dependencies from its manifests: `pip install -r …` / `pip install .`,
 * `uv sync`, `uv pip sync`, `poetry install`, `pdm install`, `pipenv install` (without package
 * names). `--no-deps` installs count only as the project itself, so they do not; with
 * `builtArchives: false`, neither do installs of wheel/sdist files alone.
 */
export function installsFromManifests(
  command: ShellCommand,
  options: { builtArchives?: boolean } = {},
): boolean {
  if (!mayInstall(baseName(command))) return false;
  if (isPipInstall(command)) {
    if (hasArg(command, '--no-deps')) return false;
    const targets = pipInstallTargets(command);
    // A wheel or sdist built earlier in the build is an artifact of the source, not a manifest.
    const paths =
      options.builtArchives === false
        ? targets.localPaths.filter((p) => !/\.(whl|tar\.gz|zip)$/.test(p.value))
        : targets.localPaths;
    return targets.requirementFiles.length > 0 || paths.length > 0;
  }
  if (baseName(command) === 'uv' && positionals(command)[0] === 'pip' && positionals(command)[1] === 'sync')
    return true;
  if (isUvSync(command) || isPoetryInstall(command) || isPdmInstall(command)) return true;
  if (isPipenvInstall(command)) return positionals(command).length === 1;
  return false;
}

export type CachedTool = 'pip' | 'uv' | 'poetry' | 'pdm' | 'pipenv';

/** The tool whose download cache an install command fills, null when it installs nothing from an index. */
export function cachedToolOf(command: ShellCommand): CachedTool | null {
  // Every tool below is one `mayInstall` names.
  if (!mayInstall(baseName(command))) return null;
  if (isUvPipInstall(command) || isUvSync(command)) return 'uv';
  if (baseName(command) === 'uv' && positionals(command)[0] === 'pip' && positionals(command)[1] === 'sync')
    return 'uv';
  if (isPipInstall(command)) return 'pip';
  if (isPoetryInstall(command)) return 'poetry';
  if (isPdmInstall(command)) return 'pdm';
  if (isPipenvInstall(command)) return 'pipenv';
  return null;
}

/** Where each tool keeps downloads for root, and the variable that moves it. */
export const CACHE_DIRS = Object.fromEntries(
  (['pip', 'uv', 'poetry', 'pdm', 'pipenv'] as const).map((tool) => [tool, manager(tool).cache!]),
) as Record<CachedTool, NonNullable<ManagerFacts['cache']>>;

/**
 * Values of a "no cache" variable that turn the cache off. pip reads `PIP_NO_CACHE_DIR` the odd
 * way round: before pip 19 any value, `false` and `0` included, turned it off, so every
 * spelling counts.
 */
const CACHE_OFF_VALUES = new Set(['1', 'true', 'on', 'yes', 'off', 'false', '0']);

/**
 * How this command keeps its tool from using any download cache (a mounted one included): the
 * option or `VARIABLE=value` as written, null when it does not.
 */
export function cacheTurnedOff(
  command: ShellCommand,
  tool: CachedTool,
  scope: ReadonlyMap<string, string>,
): string | null {
  const off = CACHE_DIRS[tool].off;
  if (!off) return null;
  const option = command.args.find((a) => a.value === off.option);
  if (option) return option.value;
  if (off.variable === null) return null;
  const onCommand = command.assignments.find((a) => a.name === off.variable);
  const value = onCommand ? (onCommand.value ?? '') : scope.get(off.variable);
  if (value === undefined || !CACHE_OFF_VALUES.has(value.toLowerCase())) return null;
  return `${off.variable}=${value}`;
}

/** The cache mounts of a RUN, each with its target (variables substituted). */
function cacheMounts(
  instruction: Instruction,
  scope: ReadonlyMap<string, string>,
): Array<{ mount: Flag; target: string }> {
  return mountsOfType(instruction, 'cache').map((mount) => ({
    mount,
    target: expandVariables(mountTarget(mount) ?? '', scope).replace(/\/+$/, ''),
  }));
}

/** Cache mount targets of a RUN, with variables substituted. */
export function cacheMountTargets(instruction: Instruction, scope: ReadonlyMap<string, string>): string[] {
  return cacheMounts(instruction, scope).map((cache) => cache.target);
}

/**
 * Where this command's downloads go when something moved them from the tool's default: the
 * variable (`PIP_CACHE_DIR`, `UV_CACHE_DIR`, `POETRY_CACHE_DIR`…) set in the stage or on the
 * command, or `--cache-dir`. Last one wins, as the tool reads them: flag over variable.
 */
function movedCacheDirs(
  command: ShellCommand,
  tool: CachedTool,
  scope: ReadonlyMap<string, string>,
): string[] {
  const dirs = CACHE_DIRS[tool];
  const moved = [
    scope.get(dirs.variable),
    command.assignments.find((a) => a.name === dirs.variable)?.value ?? undefined,
    ...command.args.filter((a) => a.value.startsWith('--cache-dir=')).map((a) => a.value.slice(12)),
  ]
    .filter((v): v is string => Boolean(v))
    .map((v) => expandVariables(v, scope).replace(/\/+$/, ''));
  const cacheDirIndex = command.args.findIndex((a) => a.value === '--cache-dir');
  if (cacheDirIndex >= 0 && command.args[cacheDirIndex + 1])
    moved.push(command.args[cacheDirIndex + 1]!.value.replace(/\/+$/, ''));
  return moved.filter((dir) => dir.startsWith('/'));
}

/** The cache home the tools share: `$XDG_CACHE_HOME`, else `$HOME/.cache`; null when the home is unknown. */
function cacheHomeOf(
  command: ShellCommand,
  scope: ReadonlyMap<string, string>,
  runner: Runner,
): string | null {
  const xdg =
    command.assignments.find((a) => a.name === 'XDG_CACHE_HOME')?.value ?? scope.get('XDG_CACHE_HOME');
  if (xdg?.startsWith('/') && !xdg.includes('$')) return xdg.replace(/\/+$/, '') || '/';
  if (runner.home === null) return null;
  return runner.home === '/' ? '/.cache' : `${runner.home}/.cache`;
}

/**
 * The folder to mount a cache on for this command: where it really downloads to, for the user
 * who runs it (`/home/app/.cache/pip` under `USER app`). Null when that user's home is unknown.
 */
export function cacheDirOf(
  command: ShellCommand,
  tool: CachedTool,
  scope: ReadonlyMap<string, string>,
  runner: Runner = rootRunner(),
): string | null {
  const moved = movedCacheDirs(command, tool, scope).at(-1);
  if (moved) return moved;
  const home = cacheHomeOf(command, scope, runner);
  return home === null ? null : `${home}/${CACHE_DIRS[tool].folder}`;
}

function covers(target: string, dir: string): boolean {
  return dir === target || dir.startsWith(target === '/' ? '/' : `${target}/`);
}

/**
 * The cache mount of this RUN that covers the tool's download cache, null when none does. For
 * root with the usual home any mount named like the tool's cache (`/root/.cache/pip`,
 * `/cache/pip`) or a `.cache` folder counts; for another user, or a HOME or XDG_CACHE_HOME the
 * stage moved, the mount must be on the real folder or a parent of it (a mount on root's
 * folder stays empty while pip runs as `app`).
 */
function coveringCacheMount(
  instruction: Instruction,
  command: ShellCommand,
  tool: CachedTool,
  scope: ReadonlyMap<string, string>,
  runner: Runner,
): { mount: Flag; target: string } | null {
  const mounts = cacheMounts(instruction, scope);
  if (mounts.length === 0) return null;
  const dirs = CACHE_DIRS[tool];
  const moved = movedCacheDirs(command, tool, scope);
  const movedMount = mounts.find(({ target }) => moved.some((dir) => covers(target, dir)));
  if (movedMount !== undefined) return movedMount;
  const cacheLike = ({ target }: { target: string }) =>
    dirs.marker.test(target) || /(^|\/)\.cache$/.test(target);
  if (runner.root && cacheHomeOf(command, scope, runner) === '/root/.cache')
    return mounts.find(cacheLike) ?? null;
  const dir = cacheDirOf(command, tool, scope, runner);
  if (dir !== null) return mounts.find(({ target }) => covers(target, dir)) ?? null;
  // Somebody's home nobody knows: any cache-like mount but root's own may be it.
  return mounts.find((cache) => !covers('/root', cache.target) && cacheLike(cache)) ?? null;
}

/** Does a cache mount of this RUN cover the download cache of the tool, run by `runner`? */
export function toolCacheMounted(
  instruction: Instruction,
  command: ShellCommand,
  tool: CachedTool,
  scope: ReadonlyMap<string, string>,
  runner: Runner = rootRunner(),
): boolean {
  return coveringCacheMount(instruction, command, tool, scope, runner) !== null;
}

/**
 * The target of the cache mount over the tool's cache when `runner` cannot write it: BuildKit
 * makes a cache mount root's (mode 0755) unless `uid=` (or a world-writable `mode=`) says
 * otherwise, and pip, uv and the rest then warn and use no cache at all. Null when the mount
 * is writable, or there is none.
 */
export function unwritableCacheMount(
  instruction: Instruction,
  command: ShellCommand,
  tool: CachedTool,
  scope: ReadonlyMap<string, string>,
  runner: Runner,
): string | null {
  if (runner.root) return null;
  const covering = coveringCacheMount(instruction, command, tool, scope, runner);
  if (covering === null) return null;
  const { mount, target } = covering;
  const uid = mountOption(mount, 'uid');
  if (uid) {
    const written = expandVariables(uid, scope);
    // `uid=${APP_UID}` with a value the build passes in: whose it is cannot be told.
    if (runner.uid === null || !/^\d+$/.test(written)) return null;
    return Number(written) === runner.uid ? null : target;
  }
  const mode = mountOption(mount, 'mode');
  return mode && /[2367]$/.test(mode) ? null : target;
}

/**
 * The mount options that give the cache to `runner`: `` for root, `,uid=1000,gid=1000` when
 * the Dockerfile shows the ids, null when the uid is unknown.
 */
export function cacheOwnerOptions(runner: Runner): string | null {
  if (runner.root) return '';
  if (runner.uid === null) return null;
  return runner.gid === null ? `,uid=${runner.uid}` : `,uid=${runner.uid},gid=${runner.gid}`;
}

/** The user as messages name it: `` `app` `` or "the user this RUN runs as". */
export function runnerName(runner: Runner): string {
  return runner.name === null ? 'the user this RUN runs as' : `\`${runner.name}\``;
}

/** Where the cache is, for a message: the folder, or where to find it when the home is unknown. */
export function cacheFolderText(dir: string | null, tool: CachedTool, runner: Runner): string {
  return (
    dir ??
    `${manager(tool).title}'s cache folder in the home of ${runnerName(runner)} (\`~/.cache/${CACHE_DIRS[tool].folder}\`)`
  );
}

/**
 * A pip install that fetches nothing from an index: `--no-index` (only local files and
 * `--find-links` folders), or only wheel and sdist files already in the image (`/wheels/*.whl`,
 * `dist/app-1.0-py3-none-any.whl`, a `wheels/*` glob) — a cache mount would stay empty.
 */
export function downloadsNothing(command: ShellCommand): boolean {
  if (!isPipInstall(command)) return false;
  if (hasArg(command, '--no-index')) return true;
  const targets = pipInstallTargets(command);
  return (
    targets.packages.length === 0 &&
    targets.requirementFiles.length === 0 &&
    targets.localPaths.length > 0 &&
    targets.localPaths.every((path) => isLocalArchive(path.value))
  );
}

function isLocalArchive(path: string): boolean {
  if (/\.(whl|tar\.gz|zip)$/.test(path)) return true;
  // `/wheels/*`: every file of a folder of built wheels.
  return /(^|\/)(wheels?|wheelhouse|dist)\/\*$/.test(path);
}
