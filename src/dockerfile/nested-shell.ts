import { lastSegment } from './queries.js';

/**
 * Where a command hands a script to another shell (`sh -c "…"`, `bash -lc '…'`, `su app -c
 * "…"`, `exec gosu app sh -c "…"`), and how the script's text maps back to the file: the
 * script is read again as shell, and every word of it keeps a range in the Dockerfile.
 */

const SHELLS = /^(sh|bash|dash|ash|zsh|ksh|mksh)$/;
/** Wrappers that run the rest of their arguments as a command: `exec`, `sudo -E`, `gosu app`. */
const ARGV_WRAPPERS = new Set([
  'exec',
  'sudo',
  'env',
  'nice',
  'nohup',
  'time',
  'tini',
  'dumb-init',
  'timeout',
]);
/** Wrappers whose first operand is a user (`gosu app cmd`) before the command. */
const USER_WRAPPERS = new Set(['gosu', 'su-exec', 'chpst', 's6-setuidgid']);

/** Index (into `words`) of the script a shell wrapper runs, after looking through argv wrappers. */
export function scriptIndex(words: readonly string[], from = 0, guard = 0): number | null {
  if (guard > 6 || from >= words.length) return null;
  const name = lastSegment(words[from]!);
  const args = from + 1;
  if (SHELLS.test(name)) {
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
    return runsString && i < words.length ? i : null;
  }
  if (name === 'su' || name === 'runuser') {
    for (let i = args; i < words.length; i++) {
      if (words[i] === '-c' || words[i] === '--command') return i + 1 < words.length ? i + 1 : null;
      // `runuser -u app -- cmd` runs an argv, which may itself be a shell.
      if (words[i] === '--') return scriptIndex(words, i + 1, guard + 1);
    }
    return null;
  }
  if (ARGV_WRAPPERS.has(name)) return scriptIndex(words, wrappedIndex(words, name, args), guard + 1);
  if (USER_WRAPPERS.has(name)) return scriptIndex(words, args + 1, guard + 1);
  return null;
}

/** Index of the command an argv wrapper (`name`, whose options start at `args`) runs. */
function wrappedIndex(words: readonly string[], name: string, args: number): number {
  let i = args;
  while (i < words.length && (words[i]!.startsWith('-') || (name === 'env' && words[i]!.includes('=')))) {
    // `sudo -u app`, `nice -n 10`, `timeout -s KILL`: the option takes the next word.
    if (/^-[ungsk]$/.test(words[i]!)) i++;
    i++;
  }
  if (name === 'timeout' && i < words.length) i++;
  return i;
}

/**
 * Index of the command an argv runs once wrappers are looked through (`exec`, `tini --`,
 * `gosu app`, `env X=1`, `nice -n 10`), or `words.length` when only wrappers are left.
 */
export function commandAfterWrappers(words: readonly string[], from = 0): number {
  let i = from;
  // A bound, as in scriptIndex: `exec exec exec …` is not worth following further.
  for (let guard = 0; guard <= 6 && i < words.length; guard++) {
    const name = lastSegment(words[i]!);
    // `["--", "gunicorn", …]`: a CMD that continues an ENTRYPOINT `["tini"]`.
    if (name === '--') i++;
    else if (ARGV_WRAPPERS.has(name)) i = wrappedIndex(words, name, i + 1);
    else if (USER_WRAPPERS.has(name)) i += 2;
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
