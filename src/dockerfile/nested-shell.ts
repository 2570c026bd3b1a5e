import { lastSegment } from './queries.js';
import { unwrap, wrapperSpec } from './wrappers.js';

/**
 * Where a command hands a script to another shell (`sh -c "…"`, `bash -lc '…'`, `su app -c
 * "…"`, `exec gosu app sh -c "…"`), and how the script's text maps back to the file: the
 * script is read again as shell, and every word of it keeps a range in the Dockerfile.
 */

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh']);

/** Whether a program (`bash`, `/bin/sh`) is a POSIX shell: one set look-up, for every reader of shell names. */
export function isShellName(name: string): boolean {
  return SHELLS.has(lastSegment(name));
}
/** Programs that may take a script to run, besides argv wrappers (wrappers.ts) in front of one. */
const SCRIPT_RUNNERS = new Set([...SHELLS, 'su', 'runuser']);

/** Whether a command of this name may hand a script to a shell itself: one set look-up. */
export function mayRunScript(name: string): boolean {
  return SCRIPT_RUNNERS.has(lastSegment(name));
}
/** `su` and `runuser` options that take the next word as their value. */
const SU_VALUED = new Set([
  '-s',
  '--shell',
  '-g',
  '--group',
  '-G',
  '--supp-group',
  '-w',
  '--whitelist-environment',
]);

/** The script a command hands to a shell, and whom a wrapper on the way switched to. */
export interface NestedScript {
  /** Index (into the words) of the script. */
  index: number;
  /** `app` for `su app -c`, `gosu app sh -c`; `root` for `su -c`, `sudo sh -c`; null: no switch. */
  user: string | null;
}

/** Index (into `words`) of the script a shell wrapper runs, after looking through argv wrappers. */
export function scriptIndex(words: readonly string[], from = 0): number | null {
  return nestedScript(words, from)?.index ?? null;
}

/**
 * The script the command at `words[from]` hands to a shell (`sh -c "…"`, `su app -c "…"`),
 * looking through argv wrappers (`exec gosu app sh -c "…"`, wrappers.ts), with the user the
 * script runs as when something on the way switched users.
 */
export function nestedScript(words: readonly string[], from = 0, guard = 0): NestedScript | null {
  if (guard > 6 || from >= words.length) return null;
  const name = lastSegment(words[from]!);
  const args = from + 1;
  if (SHELLS.has(name)) {
    let i = args;
    let runsString = false;
    while (i < words.length) {
      const word = words[i]!;
      if (word === '--' || word === '-') {
        i++;
        break;
      }
      if (/^[-+]o$/.test(word)) {
        i += 2;
        continue;
      }
      if (!/^[-+]/.test(word)) break;
      if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(word)) runsString = true;
      i++;
    }
    return runsString && i < words.length ? { index: i, user: null } : null;
  }
  const wrapped = unwrap(words, from);
  if (wrapped) {
    const inner = nestedScript(words, wrapped.start, guard + 1);
    return inner && { index: inner.index, user: inner.user ?? wrapped.user };
  }
  if (name === 'su' || name === 'runuser') {
    let user: string | null = null;
    let script: number | null = null;
    // Options may follow the user and the user the script (`su -c "…" app`): read until both are known.
    for (let i = args; i < words.length && (script === null || user === null); i++) {
      const word = words[i]!;
      if (script === null && (word === '-c' || word === '--command')) {
        if (i + 1 >= words.length) return null;
        script = ++i;
      } else if (word.startsWith('--command=')) return null;
      else if (SU_VALUED.has(word)) i++;
      else if (user === null && !word.startsWith('-')) user = word;
    }
    return script === null ? null : { index: script, user: user ?? 'root' };
  }
  return null;
}

/**
 * The variables the wrappers in front of `words[end]` hand it (`env PORT=8000 gunicorn`, `sudo
 * A=1 pip`), by name, as written. The command's environment is these on top of the one it was
 * started with.
 */
export function wrapperEnvironment(words: readonly string[], end: number): Map<string, string> {
  const given = new Map<string, string>();
  let i = 0;
  // The same bound as commandAfterWrappers.
  for (let guard = 0; guard <= 6 && i < end; guard++) {
    if (words[i] === '--') {
      i++;
      continue;
    }
    const wrapped = unwrap(words, i);
    if (!wrapped || wrapped.start > end) break;
    for (const index of wrapped.assignments) {
      const word = words[index]!;
      const equals = word.indexOf('=');
      given.set(word.slice(0, equals), word.slice(equals + 1));
    }
    i = wrapped.start;
  }
  return given;
}

/**
 * Index of the command an argv runs once wrappers are looked through (`exec`, `tini --`,
 * `gosu app`, `env X=1`, `nice -n 10`; the table in wrappers.ts), or `words.length` when only
 * wrappers are left (`["tini", "--"]`, an ENTRYPOINT that runs the CMD).
 */
export function commandAfterWrappers(words: readonly string[], from = 0): number {
  let i = from;
  // A bound, as in nestedScript: `exec exec exec …` is not worth following further.
  for (let guard = 0; guard <= 6 && i < words.length; guard++) {
    // `["--", "gunicorn", …]`: a CMD that continues an ENTRYPOINT `["tini"]`.
    if (words[i] === '--') {
      i++;
      continue;
    }
    const wrapped = unwrap(words, i);
    if (wrapped) i = wrapped.start;
    else if (wrapperSpec(words[i]!)) return words.length;
    else break;
  }
  return i;
}

/**
 * Splits command text into words the simple way (quotes honoured, no expansion), for text
 * that is not in the Dockerfile (a Procfile line, an argv element held as a string). Text of
 * the Dockerfile itself is read by the shell grammar instead.
 */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const match of text.matchAll(pattern)) words.push(match[1] ?? match[2] ?? match[3] ?? '');
  return words;
}

/** Operators that end one command of a `sh -c` string and start the next. */
const SEPARATORS = new Set(['&&', '||', ';', '&']);

/**
 * The last command a shell wrapper's argv runs (`["sh", "-c", "migrate && exec gunicorn app"]`
 * → `exec gunicorn app`, plus any arguments after the script), or the argv itself when it hands
 * no script to a shell: what a server launched that way is.
 */
export function lastCommandOfArgv(argv: readonly string[]): string[] {
  const script = scriptIndex(argv);
  if (script === null) return [...argv];
  const words = splitShellWords(argv.slice(script).join(' '));
  let start = 0;
  words.forEach((word, index) => {
    if (SEPARATORS.has(word)) start = index + 1;
  });
  return words.slice(start);
}

/** A text with, for each of its characters, where in the Dockerfile it came from. */
export interface MappedText {
  text: string;
  /** `starts[i]` is where the file text that gives `text[i]` begins (an escape's backslash). */
  starts: number[];
  /** `ends[i]` is where it ends (exclusive), so a word's range covers its escapes whole. */
  ends: number[];
}

/**
 * Shell quote removal with positions: single quotes keep everything literal, double quotes
 * let a backslash escape only `$`, backquote, `"`, backslash and newline, and a bare
 * backslash escapes any character. `at(i)` and `after(i)` are where `source[i]`
 * begins and ends in the file.
 */
export function unquoteShellWord(
  source: string,
  at: (index: number) => number,
  after: (index: number) => number = (index) => at(index) + 1,
): MappedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  /** Adds `source[i]`, written from `from` (an escape starts one character earlier). */
  const push = (i: number, from = i) => {
    text += source[i];
    starts.push(at(from));
    ends.push(after(i));
  };
  let quote: string | null = null;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else push(i);
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < source.length && '$`"\\\n'.includes(source[i + 1]!)) push(++i, i - 1);
      else push(i);
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '$' && source[i + 1] === "'") {
      quote = "'";
      i++;
    } else if (ch === '\\' && i + 1 < source.length) push(++i, i - 1);
    else push(i);
  }
  return { text, starts, ends };
}

const JSON_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A JSON string literal's value, each character mapped to its offset in the file. */
export function unquoteJsonString(literal: string, start: number): MappedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 1; i < literal.length - 1; i++) {
    const ch = literal[i]!;
    starts.push(start + i);
    if (ch !== '\\') {
      text += ch;
      ends.push(start + i + 1);
      continue;
    }
    const next = literal[i + 1] ?? '';
    if (next === 'u') {
      text += String.fromCharCode(Number.parseInt(literal.slice(i + 2, i + 6), 16));
      i += 5;
    } else {
      text += JSON_ESCAPES[next] ?? next;
      i++;
    }
    ends.push(start + i + 1);
  }
  return { text, starts, ends };
}
