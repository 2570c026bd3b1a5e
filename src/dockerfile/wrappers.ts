import { lastSegment } from './queries.js';

/**
 * Commands that run the rest of their arguments as a command of its own (`sudo -E pip install
 * x`, `gosu app pip install x`, `env A=1 pip install x`, `timeout 300 pip install x`): where
 * the wrapped command starts among the wrapper's arguments, which `NAME=value` words it gets as
 * its environment, and whom it runs as. The shell reading (shell.ts) lists the wrapped command
 * right after its wrapper, so every rule sees `pip install` however it is launched.
 *
 * Not wrappers here: `xargs` (its command's arguments come from stdin, and it may run the
 * command any number of times, or not at all), `chroot DIR` (the command sees another root, so
 * every path it names means a different file), `su`/`runuser USER -c` (they hand a script to a
 * shell: nested-shell.ts reads that), `command -v` (a look-up that runs nothing).
 */

/** How one wrapper reads its arguments before the command it runs. */
interface WrapperSpec {
  /** Short options that take a value, as the next word or glued on (`-u app`, `-uapp`). */
  valued: string;
  /** Long options that take the next word as their value unless written `--name=value`. */
  valuedLong?: readonly string[];
  /** Options that make the wrapper run no command (`sudo -l`, `command -v`, `env -S`). */
  refuses?: readonly string[];
  /** Words before the command: a user (`gosu app`) or a duration (`timeout 300`). */
  operand?: 'user' | 'duration';
  /** The options naming the user the command runs as (`sudo -u app`, `--user app`). */
  userOption?: readonly string[];
  /** Who the command runs as when `userOption` is not given (`sudo` → root). */
  defaultUser?: string;
  /** The command runs only when the user option is given (`runuser -u app -- cmd`). */
  needsUserOption?: boolean;
  /** `NAME=value` words before the command are its environment (`env A=1 cmd`, `sudo A=1 cmd`). */
  assignments?: boolean;
  /** Options that clear the environment the wrapper was given (`env -i`, `exec -c`). */
  clears?: readonly string[];
  /** The environment is cleared unless one of these options keeps it (`sudo` without `-E`). */
  keeps?: readonly string[];
  /** Options naming a variable taken out of the environment (`env -u NAME`). */
  unsets?: readonly [string, string];
  /** A lone `-` is an option, not the command (`env -` is `env -i`). */
  dashIsOption?: boolean;
}

const USER_SWITCH: WrapperSpec = { valued: '', operand: 'user' };

const WRAPPERS = new Map<string, WrapperSpec>([
  [
    'sudo',
    {
      valued: 'ugpCDrtUTch',
      valuedLong: [
        '--user',
        '--group',
        '--prompt',
        '--close-from',
        '--chdir',
        '--role',
        '--type',
        '--other-user',
        '--command-timeout',
        '--host',
      ],
      refuses: ['-e', '-l', '-v', '-V', '-K', '--edit', '--list', '--validate', '--version', '--help'],
      userOption: ['-u', '--user'],
      defaultUser: 'root',
      assignments: true,
      keeps: ['-E', '--preserve-env'],
    },
  ],
  ['gosu', USER_SWITCH],
  ['su-exec', USER_SWITCH],
  ['s6-setuidgid', USER_SWITCH],
  [
    'runuser',
    {
      valued: 'ugGsw',
      valuedLong: ['--user', '--group', '--supp-group', '--shell', '--whitelist-environment'],
      refuses: ['-c', '--command', '--session-command'],
      userOption: ['-u', '--user'],
      needsUserOption: true,
    },
  ],
  ['chpst', { valued: 'uUbe/CnlLmdopfcrt', userOption: ['-u'] }],
  [
    'env',
    {
      valued: 'uCSP',
      valuedLong: ['--unset', '--chdir'],
      refuses: ['-S', '--split-string'],
      assignments: true,
      clears: ['-i', '--ignore-environment', '-'],
      unsets: ['-u', '--unset'],
      dashIsOption: true,
    },
  ],
  ['nice', { valued: 'n', valuedLong: ['--adjustment'] }],
  ['nohup', { valued: '' }],
  ['time', { valued: 'fo', valuedLong: ['--format', '--output'] }],
  ['timeout', { valued: 'sk', valuedLong: ['--signal', '--kill-after'], operand: 'duration' }],
  ['exec', { valued: 'a', clears: ['-c'] }],
  ['command', { valued: '', refuses: ['-v', '-V'] }],
  ['tini', { valued: 'pe' }],
  ['dumb-init', { valued: 'r', valuedLong: ['--rewrite'] }],
]);

/** What a wrapper runs, read from its argument values. */
export interface Unwrapped {
  /** Index (into the words) of the wrapped command's name. */
  start: number;
  /** Indices (into the words) of the `NAME=value` words the wrapper hands the command as its environment. */
  assignments: number[];
  /** Whom the command runs as when the wrapper switches users (`root` under `sudo`), else null. */
  user: string | null;
  /** Whether the wrapper's own environment reaches the command (`sudo` without `-E` resets it). */
  keepsEnvironment: boolean;
  /** Variables the wrapper takes out of the environment (`env -u NAME`), null when none. */
  unset: ReadonlySet<string> | null;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The spec of a wrapper program (`/usr/bin/sudo` too): one map look-up per command. */
export function wrapperSpec(name: string): WrapperSpec | undefined {
  return WRAPPERS.get(lastSegment(name));
}

/**
 * The command the wrapper `words[at]` runs, its arguments being the words after it (values,
 * quotes removed); null when it is no wrapper or runs no command here (`env` alone, `sudo -l`,
 * `command -v`). Indices in the answer are into `words`.
 */
export function unwrap(words: readonly string[], at: number): Unwrapped | null {
  const spec = wrapperSpec(words[at] ?? '');
  if (!spec) return null;
  let user: string | null = null;
  let keepsEnvironment = spec.keeps === undefined;
  let unset: Set<string> | null = null;
  const option = (flag: string, value: string | null): boolean => {
    if (spec.refuses?.includes(flag)) return false;
    if (spec.clears?.includes(flag)) keepsEnvironment = false;
    if (spec.keeps?.includes(flag)) keepsEnvironment = true;
    if (value !== null && spec.userOption?.includes(flag)) user = value;
    if (value !== null && spec.unsets?.includes(flag)) {
      unset ??= new Set();
      unset.add(value);
    }
    return true;
  };
  let i = at + 1;
  for (; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--') {
      i++;
      break;
    }
    if (word === '-' && spec.dashIsOption) {
      if (!option(word, null)) return null;
      continue;
    }
    if (word.length < 2 || word[0] !== '-') break;
    if (word[1] === '-') {
      const equals = word.indexOf('=');
      const flag = equals < 0 ? word : word.slice(0, equals);
      const takesNext = equals < 0 && spec.valuedLong?.includes(flag);
      const value = equals >= 0 ? word.slice(equals + 1) : takesNext ? (words[i + 1] ?? null) : null;
      if (!option(flag, value)) return null;
      if (takesNext) i++;
      continue;
    }
    // A cluster of short options: the first one that takes a value ends it (`-Eu app`, `-uapp`).
    for (let k = 1; k < word.length; k++) {
      const flag = `-${word[k]}`;
      if (!spec.valued.includes(word[k]!)) {
        if (!option(flag, null)) return null;
        continue;
      }
      const glued = word.slice(k + 1);
      if (!option(flag, glued !== '' ? glued : (words[i + 1] ?? null))) return null;
      if (glued === '') i++;
      break;
    }
  }
  const assignments: number[] = [];
  if (spec.assignments) while (i < words.length && ASSIGNMENT.test(words[i]!)) assignments.push(i++);
  if (spec.operand === 'user') user = words[i++] ?? null;
  else if (spec.operand === 'duration') i++;
  if (spec.needsUserOption && user === null) return null;
  if (i >= words.length) return null;
  user ??= spec.defaultUser ?? null;
  // `gosu app:app`, `chpst -u app:app`: the user is the part before the group.
  if (user !== null) user = user.split(':')[0]!;
  return { start: i, assignments, user, keepsEnvironment, unset };
}
