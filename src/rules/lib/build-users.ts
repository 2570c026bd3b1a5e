import { expandVariables, scopeView } from '../../dockerfile/index.js';
import type { Dockerfile, Instruction, ShellCommand } from '../../dockerfile/model.js';
import { baseName, isRootUser, mountsOfType, mountTarget } from '../../dockerfile/queries.js';
import { readOnce } from '../../dockerfile/read-once.js';
import { type AccountMade, accountMade } from './accounts.js';
import { baseImageAccount } from './base-image-users.js';
import { positionals } from './commands.js';
import { normalizePath } from './size-paths.js';

/**
 * Who each RUN of a Dockerfile runs as, and which folders that user may write: the walk a
 * build does, stage by stage (a stage starts with its FROM parent's user, folders and working
 * folder). Folders are root's unless a step gave them away (`chown`, `COPY --chown`,
 * `install -o`, a world-writable `chmod`) or the user made them. Accounts made on the way
 * (`useradd`, `adduser`, `groupadd`) give each command's user its ids and home (`runner`).
 */

export type BuildUser =
  | { kind: 'root' }
  /** `USER app` or `USER 1000:1000`: `group` is what follows the colon, null without one. */
  | { kind: 'user'; name: string; group: string | null; at: Instruction }
  /** Set by the base image itself (`mambaorg/micromamba` → mambauser). */
  | { kind: 'inherited'; name: string; image: string }
  /** `USER $X` with a value shipshape cannot know. */
  | { kind: 'unknown' };

export interface RunContext {
  user: BuildUser;
  /** Working folder, null when the base image's is unknown. */
  cwd: string | null;
  /** Why the user cannot write `path` (`/opt belongs to root`), null when it may or we cannot tell. */
  whyNotWritable(path: string): string | null;
  /** True when the folder is known to exist already (made earlier in the build, or standard). */
  exists(path: string): boolean;
  /** The absolute path a RUN word names, null when it holds a variable or glob, or the working folder is unknown. */
  resolve(word: string): string | null;
  /** Who runs a command of this RUN: the RUN's user, or whom a wrapper (`gosu app`, `sudo`) switched to. */
  runner(command: ShellCommand): Runner;
}

/** The user a command runs as, with what the Dockerfile shows of its account. */
export interface Runner {
  /** `root`, the user's name or id as written; null when unknown (`USER $X`). */
  name: string | null;
  root: boolean;
  uid: number | null;
  gid: number | null;
  /** HOME as the command sees it; null when the Dockerfile does not show it. */
  home: string | null;
}

interface StageState {
  user: BuildUser;
  cwd: string | null;
  /**
   * Folders a non-root user may write (chowned, made by the user), with the index of the
   * instruction that gave them away: a RUN sees only what instructions before it did, so one
   * growing table serves every RUN of the stage without a copy per RUN.
   */
  owned: Map<string, number>;
  /** Folders root made in this build (WORKDIR, COPY, mkdir): what made them, and its index. */
  rootMade: Map<string, { how: string; index: number }>;
  /**
   * Accounts as RUNs made and changed them, oldest first, with the RUN's index (the base
   * image's own user first, at -1): a RUN sees the newest entry made before it.
   */
  accounts: Array<{ account: AccountMade; index: number }>;
  groups: Array<{ name: string; gid: number | null; index: number }>;
}

/** The path and each folder above it, nearest first: `/a/b` → `/a/b`, `/a`, `/`. */
function* selfAndAncestors(path: string): Generator<string> {
  let current = path;
  while (true) {
    yield current;
    if (current === '/') return;
    const slash = current.lastIndexOf('/');
    current = slash <= 0 ? '/' : current.slice(0, slash);
  }
}

/** Folders whose whole tree belongs to root in every base image. */
const SYSTEM_FOLDERS = /^\/(usr|etc|bin|sbin|lib|lib32|lib64|opt|var|root|boot|srv|run)(\/|$)/;
/** Writable by anyone, or not what this walk can judge (homes are made by account tools). */
const NOT_JUDGED = /^\/(tmp|var\/tmp|dev|proc|sys|home|mnt|media)(\/|$)/;

function within(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder === '/' ? '/' : `${folder}/`);
}

function userOf(written: string, at: Instruction): BuildUser {
  const [name = '', group] = written.split(':');
  if (name === '' || name.includes('$')) return { kind: 'unknown' };
  if (isRootUser(name)) return { kind: 'root' };
  return { kind: 'user', name, group: group && !group.includes('$') ? group : null, at };
}

function idOf(value: string): number | null {
  const digits = value.replace(/^#/, '');
  return /^\d+$/.test(digits) ? Number(digits) : null;
}

/** HOME as written in the stage (`ENV HOME=/app`), when it is an absolute path. */
function homeOf(value: string | undefined): string | null {
  return value?.startsWith('/') && !value.includes('$') ? value.replace(/(.)\/+$/, '$1') : null;
}

/** Root, with HOME as the stage sets it (`/root` unless an ENV moves it). */
export function rootRunner(home: string | null = null): Runner {
  return { name: 'root', root: true, uid: 0, gid: 0, home: home ?? '/root' };
}

/** Folders every Linux base image has: `mkdir -p` of one of them changes nothing. */
const STANDARD_FOLDERS = new Set([
  '/etc',
  '/opt',
  '/srv',
  '/usr',
  '/usr/bin',
  '/usr/lib',
  '/usr/local',
  '/usr/local/bin',
  '/usr/local/lib',
  '/usr/local/share',
  '/usr/local/etc',
  '/usr/share',
  '/usr/src',
  '/var',
  '/var/cache',
  '/var/lib',
  '/var/log',
  '/run',
]);

/** A non-root owner in `chown app:app`, `--chown=1000`, `-o app`. */
function isNonRootOwner(owner: string): boolean {
  const user = owner.split(/[:.]/)[0] ?? '';
  return user !== '' && !isRootUser(user) && !user.includes('$');
}

/** The commands `recordAccount` reads. */
const MAKES_ACCOUNTS = new Set(['useradd', 'adduser', 'groupadd', 'addgroup', 'usermod', 'groupmod']);

/** What a `usermod` of an account held in an unknown variable leaves known of every account before it. */
const ANY_ACCOUNT: AccountMade = { kind: 'user', name: '*', uid: null, gid: null, group: null, home: null };

/** The newest entry made before instruction `before` (or by it) that `matches`. */
function newest<T extends { index: number }>(
  entries: readonly T[],
  before: number,
  matches: (entry: T) => boolean,
): T | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (entry.index <= before && matches(entry)) return entry;
  }
  return undefined;
}

/** The commands `record` reads: the rest of a RUN changes no folder's owner. */
const CHANGES_OWNERSHIP = new Set(['chown', 'chgrp', 'chmod', 'install', 'mkdir']);

const WORLD_WRITABLE = /^(0?[0-7]?7[0-7]7|[augo]*[ao][+=]r?w|[0-7]*777)$/;

export class BuildUserWalk {
  private readonly contexts = new Map<Instruction, RunContext>();

  constructor(private readonly dockerfile: Dockerfile) {
    const ends: StageState[] = [];
    for (const stage of dockerfile.stages) {
      const parent = stage.baseStageIndex !== null ? ends[stage.baseStageIndex] : undefined;
      const baseAccount = stage.baseStageIndex === null ? baseImageAccount(stage.resolvedBaseImage) : null;
      const inherited = baseAccount?.name ?? null;
      const state: StageState = parent
        ? {
            user: parent.user,
            cwd: parent.cwd,
            owned: new Map(parent.owned),
            rootMade: new Map(parent.rootMade),
            accounts: [...parent.accounts],
            groups: [...parent.groups],
          }
        : {
            user: inherited
              ? { kind: 'inherited', name: inherited, image: stage.resolvedBaseImage }
              : { kind: 'root' },
            // Official images leave the working folder at /; another base may have moved it.
            cwd: inherited ? null : '/',
            owned: new Map(),
            rootMade: new Map(),
            accounts: baseAccount
              ? [{ account: { kind: 'user', ...baseAccount, group: null }, index: -1 }]
              : [],
            groups: [],
          };
      for (const instruction of stage.instructions) this.step(state, instruction);
      ends[stage.index] = state;
      // An ONBUILD RUN runs at the start of a child build, as the user this stage ends with.
      for (const instruction of stage.instructions)
        if (instruction.keyword === 'ONBUILD' && instruction.trigger?.keyword === 'RUN') {
          const user = state.user;
          this.contexts.set(instruction, {
            user,
            cwd: state.cwd,
            whyNotWritable: () => null,
            exists: () => false,
            resolve: () => null,
            runner: (command) => this.runner(state, instruction, user, command, Number.POSITIVE_INFINITY),
          });
        }
    }
  }

  /** Who a RUN (or an ONBUILD RUN) runs as and what they may write, null for another instruction. */
  at(instruction: Instruction): RunContext | null {
    return this.contexts.get(instruction) ?? null;
  }

  private expand(instruction: Instruction, text: string): string {
    return expandVariables(text, scopeView(this.dockerfile, instruction), { keepUnknown: true });
  }

  private resolve(cwd: string | null, path: string): string | null {
    if (path.includes('$') || path.includes('*')) return null;
    if (path.startsWith('/')) return normalizePath(path);
    if (cwd === null) return null;
    return path === '.' || path === './' ? normalizePath(cwd) : normalizePath(`${cwd}/${path}`);
  }

  private step(state: StageState, instruction: Instruction): void {
    const line = instruction.range.start.line;
    const index = instruction.index;
    const asRoot = state.user.kind === 'root';
    const giveAway = (path: string) => {
      if (!state.owned.has(path)) state.owned.set(path, index);
    };
    const rootMakes = (path: string, how: string) => {
      // `/` itself is root's in every image: naming the step that "made" it would mislead.
      if (path !== '/' && !state.owned.has(path) && !state.rootMade.has(path))
        state.rootMade.set(path, { how, index });
    };
    switch (instruction.keyword) {
      case 'USER':
        state.user = userOf(this.expand(instruction, instruction.args[0]?.value ?? ''), instruction);
        return;
      case 'WORKDIR': {
        const path = this.resolve(state.cwd, this.expand(instruction, instruction.args[0]?.value ?? ''));
        state.cwd = path;
        if (!path) return;
        // BuildKit makes a missing WORKDIR as the current user.
        if (asRoot) rootMakes(path, `WORKDIR on line ${line}`);
        else if (state.user.kind === 'user') giveAway(path);
        return;
      }
      case 'COPY':
      case 'ADD': {
        const destination = instruction.args.at(-1);
        if (!destination || instruction.args.length < 2) return;
        const path = this.resolve(state.cwd, this.expand(instruction, destination.value));
        if (!path) return;
        const chown = instruction.flags.find((f) => f.name === 'chown')?.value;
        if (chown && isNonRootOwner(this.expand(instruction, chown))) giveAway(path);
        else if (!within(path, '/tmp')) rootMakes(path, `${instruction.keywordText} on line ${line}`);
        return;
      }
      case 'RUN': {
        // The context reads the stage's tables as they stand before this RUN (entries carry
        // the index of the instruction that made them), so later steps change nothing here.
        const { user, cwd } = state;
        this.contexts.set(instruction, {
          user,
          cwd,
          whyNotWritable: (path) => this.whyNotWritable(state, instruction, path),
          exists: (path) =>
            STANDARD_FOLDERS.has(path) ||
            (state.rootMade.get(path)?.index ?? index) < index ||
            (state.owned.get(path) ?? index) < index,
          resolve: (word) => this.resolve(cwd, this.expand(instruction, word)),
          runner: (command) => this.runner(state, instruction, user, command, instruction.index),
        });
        for (const command of instruction.shell?.commands ?? []) {
          this.record(state, command, asRoot, line, giveAway, rootMakes);
          this.recordAccount(state, instruction, command);
        }
        return;
      }
    }
  }

  /** An account a RUN command makes or changes (`useradd -m -u 1000 app`, `usermod -u 1000 mambauser`), seen by commands after it. */
  private recordAccount(state: StageState, instruction: Instruction, command: ShellCommand): void {
    if (!MAKES_ACCOUNTS.has(baseName(command))) return;
    // The words as written, variables substituted where the stage sets them: an ARG without a
    // value stays `${UID}` (a build argument), rather than vanishing and shifting the options.
    const made = accountMade(
      command,
      command.args.map((word) => this.expand(instruction, word.value)),
    );
    const index = instruction.index;
    // `usermod -u 1000 "$MAMBA_USER"`: some account changed, which one is not known.
    if (made === null && baseName(command) === 'usermod')
      state.accounts.push({ account: { ...ANY_ACCOUNT }, index });
    if (made?.kind === 'user') state.accounts.push({ account: made, index });
    else if (made?.kind === 'group') state.groups.push({ name: made.name, gid: made.gid, index });
    else if (made?.kind === 'usermod') {
      const known = newest(state.accounts, index, (entry) => entry.account.name === made.name)?.account;
      state.accounts.push({
        account: {
          kind: 'user',
          name: made.rename ?? made.name,
          uid: made.uid ?? known?.uid ?? null,
          gid: made.gid ?? (made.group === null ? (known?.gid ?? null) : null),
          group: made.group ?? (made.gid === null ? (known?.group ?? null) : null),
          home: made.home ?? known?.home ?? null,
        },
        index,
      });
    } else if (made?.kind === 'groupmod') {
      const known = newest(state.groups, index, (entry) => entry.name === made.name);
      state.groups.push({ name: made.rename ?? made.name, gid: made.gid ?? known?.gid ?? null, index });
    }
  }

  /**
   * Who runs `command`, a command of `instruction`, whose RUN runs as `user`. A wrapper that
   * switches users (gosu, su, runuser, su-exec, sudo) sets HOME from the passwd entry; otherwise
   * an ENV HOME wins over it, as Docker sets HOME only when the environment has none.
   */
  private runner(
    state: StageState,
    instruction: Instruction,
    user: BuildUser,
    command: ShellCommand,
    before: number,
  ): Runner {
    const switched = command.runsAs;
    const envHome = switched === null ? homeOf(scopeView(this.dockerfile, instruction).get('HOME')) : null;
    let name: string;
    let group: string | null = null;
    if (switched !== null) {
      const [written = '', writtenGroup] = switched.split(':');
      if (isRootUser(written)) return rootRunner();
      if (written === '' || written.includes('$'))
        return { name: null, root: false, uid: null, gid: null, home: null };
      name = written;
      group = writtenGroup && !writtenGroup.includes('$') ? writtenGroup : null;
    } else if (user.kind === 'root') return rootRunner(envHome);
    else if (user.kind === 'unknown') return { name: null, root: false, uid: null, gid: null, home: envHome };
    else {
      name = user.name;
      group = user.kind === 'user' ? user.group : null;
    }
    const uid = idOf(name);
    const account = newest(
      state.accounts,
      before,
      (entry) =>
        entry.account.name === name ||
        entry.account.name === ANY_ACCOUNT.name ||
        (uid !== null && entry.account.uid === uid),
    )?.account;
    const gidOfGroup = (written: string | null): number | null => {
      if (written === null) return null;
      return idOf(written) ?? newest(state.groups, before, (entry) => entry.name === written)?.gid ?? null;
    };
    return {
      name,
      root: false,
      uid: uid ?? account?.uid ?? null,
      gid: gidOfGroup(group) ?? account?.gid ?? gidOfGroup(account?.group ?? null),
      home: envHome ?? account?.home ?? null,
    };
  }

  /** What a RUN command changes about ownership: chown/chmod/install -o give folders away, mkdir makes them. */
  private record(
    state: StageState,
    command: ShellCommand,
    asRoot: boolean,
    line: number,
    giveAway: (path: string) => void,
    rootMakes: (path: string, how: string) => void,
  ): void {
    const name = baseName(command);
    if (!CHANGES_OWNERSHIP.has(name)) return;
    // `sudo mkdir /opt/x` makes a root folder whoever the RUN runs as; `gosu app mkdir /data` an app one.
    const byRoot = command.runsAs === null ? asRoot : isRootUser(command.runsAs);
    const byUser = command.runsAs === null ? state.user.kind === 'user' : !byRoot;
    const words = positionals(command);
    const paths = (from: number) =>
      words
        .slice(from)
        .map((value) => this.resolve(state.cwd, value))
        .filter((p): p is string => p !== null);
    if (name === 'chown' || name === 'chgrp') {
      if (name === 'chgrp' || isNonRootOwner(words[0] ?? '')) for (const path of paths(1)) giveAway(path);
    } else if (name === 'chmod') {
      if (WORLD_WRITABLE.test(words[0] ?? '')) for (const path of paths(1)) giveAway(path);
    } else if (name === 'install' && command.args.some((a) => /^(-o|--owner)/.test(a.value))) {
      for (const path of paths(0)) giveAway(path);
    } else if (name === 'mkdir') {
      for (const path of paths(0)) {
        if (byRoot) rootMakes(path, `mkdir on line ${line}`);
        else if (byUser) giveAway(path);
      }
    }
  }

  private whyNotWritable(state: StageState, instruction: Instruction, path: string): string | null {
    if (NOT_JUDGED.test(path)) return null;
    for (const mount of [...mountsOfType(instruction, 'cache'), ...mountsOfType(instruction, 'tmpfs')]) {
      const target = mountTarget(mount);
      if (target && within(path, normalizePath(target))) return null;
    }
    const before = instruction.index;
    // Nearest folder first: a folder given away inside one root made decides, and the other way round.
    for (const folder of selfAndAncestors(path)) {
      if ((state.owned.get(folder) ?? before) < before) return null;
      const made = state.rootMade.get(folder);
      if (made && made.index < before) {
        return `${folder} was made by root (${made.how})`;
      }
    }
    const system = SYSTEM_FOLDERS.exec(path);
    if (system) return `/${system[1]} belongs to root`;
    // A new entry right under / (`mkdir /data`): the root folder is root's.
    if (/^\/[^/]+$/.test(path)) return '/ belongs to root';
    return null;
  }
}

/**
 * Whether any RUN can run as a user other than root: only a USER instruction or a base image
 * that sets one makes it so. Without either, every RUN runs as root and the walk is not needed.
 */
export const mayRunAsNonRoot = readOnce(
  (dockerfile: Dockerfile): boolean =>
    dockerfile.instructions.some((instruction) => instruction.keyword === 'USER') ||
    dockerfile.stages.some(
      (stage) => stage.baseStageIndex === null && baseImageAccount(stage.resolvedBaseImage) !== null,
    ),
);

export const buildUsers = readOnce((dockerfile: Dockerfile) => new BuildUserWalk(dockerfile));

/**
 * Who runs `command` of `instruction`. Without a USER, a base image's user or a wrapper that
 * switches users, that is root and the walk is not built.
 */
export function runnerOf(dockerfile: Dockerfile, instruction: Instruction, command: ShellCommand): Runner {
  if (command.runsAs !== null || mayRunAsNonRoot(dockerfile)) {
    const context = buildUsers(dockerfile).at(instruction);
    if (context) return context.runner(command);
  }
  return rootRunner(homeOf(scopeView(dockerfile, instruction).get('HOME')));
}
