import type { Flag, FlagOption } from './model.js';
import type { LineIndex } from './positions.js';

/**
 * BuildKit's own reading of instruction flags (`extractBuilderFlags`): a flag is a word
 * starting with `--`; quotes group text (spaces included) and are removed, the escape
 * character keeps the next character. So `--mount=type=cache,target="/root/.cache"` and
 * `--chown='app:app'` mean what they say without the quotes, and `id="a b"` stays one value.
 */

interface RawWord {
  start: number;
  end: number;
}

/** Quote and escape removal as BuildKit applies it to a flag word. */
export function unquoteFlagText(raw: string, escapeChar = '\\'): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === escapeChar && quote === '"' && i + 1 < raw.length) out += raw[++i];
      else out += ch;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === escapeChar && i + 1 < raw.length) out += raw[++i];
    else out += ch;
  }
  return out;
}

/** Skips blanks, line continuations and the comment lines BuildKit drops inside them. */
function skipBlanks(text: string, at: number, end: number, escapeChar: string): number {
  let i = at;
  while (i < end) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') i++;
    else if (ch === escapeChar && /^[ \t]*\r?\n/.test(text.slice(i + 1, i + 8))) {
      i = text.indexOf('\n', i) + 1;
      // Comment lines after a continuation are not part of the instruction.
      for (;;) {
        let j = i;
        while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
        if (text[j] !== '#') break;
        const newline = text.indexOf('\n', j);
        i = newline < 0 ? end : newline + 1;
      }
    } else break;
  }
  return i;
}

/** The end of the word starting at `start`: the first blank outside quotes. */
function wordEnd(text: string, start: number, end: number, escapeChar: string): number {
  let quote: string | null = null;
  let i = start;
  for (; i < end; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === escapeChar && quote === '"') i++;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === escapeChar) {
      if (text[i + 1] === '\n' || text[i + 1] === '\r') break;
      i++;
    } else if (/\s/.test(ch)) break;
  }
  return Math.min(i, end);
}

/** Comma-separated parts of a raw value, split outside quotes (the CSV reading of `--mount`). */
function splitOptions(text: string, start: number, end: number): RawWord[] {
  const parts: RawWord[] = [];
  let quote: string | null = null;
  let partStart = start;
  for (let i = start; i <= end; i++) {
    const ch = i < end ? text[i] : ',';
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ',') {
      if (i > partStart) parts.push({ start: partStart, end: i });
      partStart = i + 1;
    }
  }
  return parts;
}

/**
 * Reads the flags at the start of an instruction's arguments (`from` is just after the
 * keyword) up to `limit`. Returns them with exact ranges; reading stops at the first word
 * that is not a flag.
 */
export function readFlags(
  text: string,
  from: number,
  limit: number,
  lines: LineIndex,
  escapeChar: string,
): Flag[] {
  const flags: Flag[] = [];
  let at = skipBlanks(text, from, limit, escapeChar);
  while (at < limit && text.startsWith('--', at)) {
    const end = wordEnd(text, at, limit, escapeChar);
    const raw = text.slice(at + 2, end);
    const equals = raw.indexOf('=');
    const nameEnd = equals < 0 ? end : at + 2 + equals;
    const valueStart = equals < 0 ? null : nameEnd + 1;
    const value = valueStart === null ? null : unquoteFlagText(text.slice(valueStart, end), escapeChar);
    // Only `key=value` lists have options (`--mount`); `--from=builder` has none.
    const options: FlagOption[] =
      valueStart === null || !value?.includes('=')
        ? []
        : splitOptions(text, valueStart, end).map((part) => {
            const value = unquoteFlagText(text.slice(part.start, part.end), escapeChar);
            const eq = value.indexOf('=');
            return {
              name: eq < 0 ? value : value.slice(0, eq),
              value: eq < 0 ? null : value.slice(eq + 1),
              range: lines.range(part.start, part.end),
            };
          });
    flags.push({
      name: text.slice(at + 2, nameEnd),
      value,
      range: lines.range(at, end),
      nameRange: lines.range(at + 2, nameEnd),
      valueRange: valueStart === null ? null : lines.range(valueStart, end),
      options,
    });
    at = skipBlanks(text, end, limit, escapeChar);
  }
  return flags;
}
