import type { ShellCommand } from '../../dockerfile/model.js';
import { baseName } from '../../dockerfile/queries.js';

/**
 * The accounts a RUN makes with `useradd`, `adduser` (Debian's and BusyBox's), `groupadd` and
 * `addgroup`, or changes with `usermod` and `groupmod`: the name, ids and home folder as the passwd entry will hold them, as far as the
 * command line shows them. The build-user walk records them so that later steps know where a
 * user's HOME is and which uid a cache mount must give its folder to.
 */

export interface AccountMade {
  kind: 'user';
  name: string;
  uid: number | null;
  /** The primary group's id when the command names it as a number. */
  gid: number | null;
  /** The primary group's name when the command names it (`-g app`, `--ingroup app`). */
  group: string | null;
  /** The home in the passwd entry, null when the command leaves it to the tool's configuration. */
  home: string | null;
}

export interface GroupMade {
  kind: 'group';
  name: string;
  gid: number | null;
}

/** What `usermod` / `groupmod` change in an existing account (base images' users too: micromamba's). */
export interface AccountChange {
  kind: 'usermod' | 'groupmod';
  name: string;
  /** `-l` / `--login`, `-n` / `--new-name`: the new name, null when kept. */
  rename: string | null;
  uid: number | null;
  gid: number | null;
  group: string | null;
  home: string | null;
}

/** Options of each tool that take the next word (or the rest of a short cluster) as their value. */
const USERADD_VALUED = new Set([
  '-b',
  '--base-dir',
  '-c',
  '--comment',
  '-d',
  '--home-dir',
  '--home',
  '-e',
  '--expiredate',
  '-f',
  '--inactive',
  '-g',
  '--gid',
  '-G',
  '--groups',
  '-k',
  '--skel',
  '-K',
  '--key',
  '-p',
  '--password',
  '-s',
  '--shell',
  '-u',
  '--uid',
  '-R',
  '--root',
  '-P',
  '--prefix',
  '-Z',
  '--selinux-user',
]);
/** Debian's adduser (long options) and BusyBox's (short ones: `-h` home, `-g` GECOS, `-G` group). */
const ADDUSER_VALUED = new Set([
  '--home',
  '--shell',
  '--uid',
  '--gid',
  '--ingroup',
  '--gecos',
  '--comment',
  '--firstuid',
  '--lastuid',
  '--firstgid',
  '--lastgid',
  '--conf',
  '--add-extra-groups',
  '-h',
  '-g',
  '-s',
  '-G',
  '-u',
  '-k',
]);
const GROUPADD_VALUED = new Set([
  '-g',
  '--gid',
  '-K',
  '--key',
  '-p',
  '--password',
  '-R',
  '--root',
  '-P',
  '--prefix',
]);
const USERMOD_VALUED = new Set([...USERADD_VALUED, '-l', '--login']);
const GROUPMOD_VALUED = new Set([...GROUPADD_VALUED, '-n', '--new-name']);

/** Options and positional words of a command line, short clusters split (`-ms /bin/bash` → -m, -s /bin/bash). */
function readOptions(
  words: readonly string[],
  valued: ReadonlySet<string>,
): { options: Map<string, string>; positional: string[] } {
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.startsWith('--')) {
      const [name, inline] = word.split(/=(.*)/s, 2) as [string, string | undefined];
      if (inline !== undefined) options.set(name, inline);
      else if (valued.has(name)) options.set(name, words[++i] ?? '');
      else options.set(name, '');
    } else if (word.startsWith('-') && word.length > 1) {
      for (let c = 1; c < word.length; c++) {
        const flag = `-${word[c]}`;
        if (!valued.has(flag)) {
          options.set(flag, '');
          continue;
        }
        const rest = word.slice(c + 1);
        options.set(flag, rest !== '' ? rest : (words[++i] ?? ''));
        break;
      }
    } else positional.push(word);
  }
  return { options, positional };
}

function first(options: Map<string, string>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = options.get(name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** A written id (`1000`), null when absent or not a literal number (`$UID`). */
function idOf(value: string | undefined): number | null {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

/** A name the command gives literally: no variable left in it. */
function literal(value: string | undefined): string | null {
  return value && !value.includes('$') ? value : null;
}

/** A group given as a number or a name (`-g 1000`, `-g app`). */
function groupOf(value: string | undefined): { gid: number | null; group: string | null } {
  const gid = idOf(value);
  return { gid, group: gid === null ? literal(value) : null };
}

function absolute(path: string | undefined): string | null {
  const value = literal(path);
  return value?.startsWith('/') ? value.replace(/\/+$/, '') || '/' : null;
}

/**
 * The account this command makes, null when it makes none (another program, `adduser app
 * sudo` adding a member, a name held in a variable the stage does not define). `words` are
 * the command's arguments with the stage's variables substituted.
 */
export function accountMade(
  command: ShellCommand,
  words: readonly string[],
): AccountMade | GroupMade | AccountChange | null {
  switch (baseName(command)) {
    case 'usermod': {
      const { options, positional } = readOptions(words, USERMOD_VALUED);
      const name = literal(positional[0]);
      if (!name || positional.length !== 1) return null;
      const home = first(options, '-d', '--home');
      return {
        kind: 'usermod',
        name,
        rename: literal(first(options, '-l', '--login')),
        uid: idOf(first(options, '-u', '--uid')),
        ...groupOf(first(options, '-g', '--gid')),
        home: home !== undefined ? absolute(home) : null,
      };
    }
    case 'groupmod': {
      const { options, positional } = readOptions(words, GROUPMOD_VALUED);
      const name = literal(positional[0]);
      if (!name || positional.length !== 1) return null;
      return {
        kind: 'groupmod',
        name,
        rename: literal(first(options, '-n', '--new-name')),
        uid: null,
        gid: idOf(first(options, '-g', '--gid')),
        group: null,
        home: null,
      };
    }
    case 'useradd': {
      const { options, positional } = readOptions(words, USERADD_VALUED);
      const name = literal(positional[0]);
      if (!name || positional.length !== 1) return null;
      const base = absolute(first(options, '-b', '--base-dir'));
      // useradd writes HOME_DIR/NAME (`/home` in every distribution's defaults) into passwd even
      // without -m: only the folder is not made.
      const home = first(options, '-d', '--home-dir', '--home');
      return {
        kind: 'user',
        name,
        uid: idOf(first(options, '-u', '--uid')),
        ...groupOf(first(options, '-g', '--gid')),
        home: home !== undefined ? absolute(home) : `${base ?? '/home'}/${name}`,
      };
    }
    case 'adduser': {
      const { options, positional } = readOptions(words, ADDUSER_VALUED);
      const name = literal(positional[0]);
      // `adduser app sudo` adds an existing user to a group.
      if (!name || positional.length !== 1) return null;
      const home = first(options, '--home', '-h');
      // Debian's adduser gives a system user /nonexistent unless told (3.130 on), /home/NAME before:
      // which one depends on the base image's release, so it is not guessed.
      const system = options.has('--system');
      const group = options.has('--gid')
        ? groupOf(options.get('--gid'))
        : groupOf(first(options, '--ingroup', '-G'));
      return {
        kind: 'user',
        name,
        uid: idOf(first(options, '--uid', '-u')),
        ...group,
        home: home !== undefined ? absolute(home) : system ? null : `/home/${name}`,
      };
    }
    case 'groupadd':
    case 'addgroup': {
      const { options, positional } = readOptions(words, GROUPADD_VALUED);
      const name = literal(positional[0]);
      // `addgroup app audio` adds a member.
      if (!name || positional.length !== 1) return null;
      return { kind: 'group', name, gid: idOf(first(options, '-g', '--gid')) };
    }
    default:
      return null;
  }
}
