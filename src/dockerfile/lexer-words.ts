import { CR, DOLLAR, HASH, LF, SPACE, TAB } from './char-codes.js';
import { type LexText, RunBuilder } from './lexer-text.js';

/** A word of an instruction: document offsets and its value with escapes removed. */
export interface LexWord {
  start: number;
  end: number;
  value: string;
}

/**
 * The words after the keyword, up to `end`: split at blanks; the escape character keeps the
 * next character (`\$` stays `\$`); a line continuation joins lines and drops the comment lines
 * inside it. These are exactly the words the model has always shown (dockerfile-ast's reading,
 * including its quirks: quotes do not group, an escape inside a dropped comment still adds the
 * character after it).
 *
 * With `stop`, the reading ends where a word would start at or after that text offset: the
 * words returned are exactly the whole list's words that start before it (a heredoc's body
 * need not be read as words).
 */
export function rawWords(lex: LexText, from: number, to: number, stop = to): LexWord[] {
  const text = lex.text;
  const escapeCode = lex.escapeChar.charCodeAt(0);
  const words: LexWord[] = [];
  const value = new RunBuilder(text);
  let found = -1;
  let start = false;
  let comment = false;
  // a space or tab seen inside an escaped newline sequence
  let escapedWhitespace = false;
  // inside an escaped newline sequence
  let escaping = false;
  let escapeMarker = -1;
  const push = (wordEnd: number) => {
    // (dockerfile-ast could close a word it never opened; its start then fell before `from`)
    words.push({ start: lex.at(found === -1 ? from - 1 : found), end: lex.at(wordEnd), value: value.take() });
  };
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === SPACE || code === TAB || code === CR || code === LF) {
      if (escaping) {
        escapedWhitespace = true;
        if (code === CR || code === LF) {
          escapedWhitespace = false;
          if (comment) {
            comment = false;
            start = true;
          }
        }
        continue;
      }
      if (found !== -1) {
        push(escapeMarker === -1 ? i : escapeMarker);
        escapeMarker = -1;
        found = -1;
      }
    } else if (code === escapeCode) {
      const next = i + 1 < to ? text.charCodeAt(i + 1) : -1;
      if (next === SPACE || next === TAB) {
        for (let j = i + 2; j < to; j++) {
          const after = text.charCodeAt(j);
          if (after === SPACE || after === TAB) continue;
          if (after === CR || after === LF) {
            if (after === CR) j++;
            comment = false;
            escaping = true;
            start = true;
            if (found !== -1) escapeMarker = i;
            i = j;
          } else {
            escapeMarker = i;
            if (found === -1) i = j - 1;
          }
          break;
        }
      } else if (next === CR || next === LF) {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i += next === CR ? 2 : 1;
      } else {
        if (escapedWhitespace && escapeMarker !== -1) {
          push(escapeMarker);
          found = -1;
        }
        escapeMarker = -1;
        escapedWhitespace = false;
        escaping = false;
        if (next === -1) break;
        if (found === -1) {
          if (i >= stop) return words;
          found = i;
        }
        if (next === DOLLAR) value.append(i);
        value.append(i + 1);
        i++;
      }
    } else if (!comment) {
      if (start && code === HASH) {
        comment = true;
      } else {
        if (escapedWhitespace && escapeMarker !== -1) {
          push(escapeMarker);
          found = -1;
        }
        escapedWhitespace = false;
        escaping = false;
        escapeMarker = -1;
        if (found === -1) {
          if (i >= stop) return words;
          found = i;
        }
        // The rest of a plain run of characters changes no state: take it at once.
        let runEnd = i + 1;
        while (runEnd < to) {
          const next = text.charCodeAt(runEnd);
          if (next === SPACE || next === TAB || next === CR || next === LF || next === escapeCode) break;
          runEnd++;
        }
        value.appendRun(i, runEnd);
        i = runEnd - 1;
      }
      start = false;
    }
  }
  if (found !== -1) push(escapeMarker === -1 ? to : escapeMarker);
  return words;
}

/** How the instruction's class read its flags: where the search stops. */
export type FlagSearch = 'none' | 'leading' | 'healthcheck';

/**
 * How many leading words dockerfile-ast counted as flags: it walks the words until one stops
 * the search and counts those starting with `--` (so `RUN a--b --c` counts one).
 */
export function flagCount(words: LexWord[], search: FlagSearch): number {
  return countFlags(words, search, false) ?? 0;
}

/** flagCount of the first words of a list: null when none of them stops the search. */
export function settledFlagCount(words: LexWord[], search: FlagSearch): number | null {
  return countFlags(words, search, true);
}

function countFlags(words: LexWord[], search: FlagSearch, needsStop: boolean): number | null {
  if (search === 'none') return 0;
  let count = 0;
  for (const word of words) {
    const value = word.value;
    if (search === 'leading') {
      if (value.indexOf('--') === -1) return count;
    } else {
      const upper = value.toUpperCase();
      if (upper === 'CMD' || upper === 'NONE') return count;
    }
    if (value.startsWith('--')) count++;
  }
  return needsStop ? null : count;
}
