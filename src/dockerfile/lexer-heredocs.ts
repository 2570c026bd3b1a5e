import { CR, HASH, LF, SPACE, TAB } from './char-codes.js';
import type { LexText } from './lexer-text.js';
import type { LexWord } from './lexer-words.js';

/** A heredoc of an instruction, in document offsets (-1 where absent). */
export interface LexHeredoc {
  name: string;
  /** The `<<EOF` word. */
  markerStart: number;
  markerEnd: number;
  /** The body; -1 when none was read. */
  contentStart: number;
  contentEnd: number;
  /** The closing delimiter line; -1 when the instruction ended first. */
  delimiterStart: number;
  delimiterEnd: number;
}

/** The delimiter a `<<EOF`, `<<-EOF`, `<<"EOF"` or `<<'EOF'` word names; null when malformed. */
export function heredocName(word: string): string | null {
  let value = word.substring(2);
  if (value.charAt(0) === '-') value = value.substring(1);
  if (value.charAt(0) === '"') {
    if (value.charAt(value.length - 1) !== '"') return null;
    value = value.substring(1, value.length - 1);
  }
  if (value.charAt(0) === "'") {
    if (value.charAt(value.length - 1) !== "'") return null;
    value = value.substring(1, value.length - 1);
  }
  if (value.charAt(0) === '<') return null;
  return value;
}

/**
 * Where a heredoc body that starts at `offset` (the end of the instruction's line) ends: the
 * line break after the line that is exactly the delimiter (`<<-` lets tabs precede it), or the
 * end of the text when none is.
 */
export function skipHeredocBody(lex: LexText, name: string, offset: number, tabbed: boolean): number {
  const text = lex.text;
  const length = lex.length;
  const breaks = new LineBreaks(text);
  // Each line (the text between two CR or LF) is compared at once, not character by character.
  for (let lineStart = offset; lineStart < length; ) {
    const lineEnd = breaks.next(lineStart);
    if (lineEnd === -1) return length;
    let first = lineStart;
    if (tabbed) while (first < lineEnd && text.charCodeAt(first) === TAB) first++;
    const code = text.charCodeAt(first);
    if (
      first < lineEnd &&
      code !== SPACE &&
      (tabbed || code !== TAB) &&
      lineEnd - first === name.length &&
      text.startsWith(name, first)
    )
      return lineEnd;
    lineStart = lineEnd + 1;
  }
  return length;
}

/** The next occurrence of a character from an offset on, the text searched once per walk forward. */
class NextOf {
  private found = -2;

  constructor(
    private readonly text: string,
    private readonly char: string,
  ) {}

  /** The first occurrence at or after `from` (the text's length: none); `from` never moves back. */
  next(from: number): number {
    if (this.found !== -1 && this.found < from) this.found = this.text.indexOf(this.char, from);
    return this.found === -1 ? this.text.length : this.found;
  }
}

/** The next CR or LF of a text from an offset on (-1: none). */
class LineBreaks {
  private readonly lf: NextOf;
  private readonly cr: NextOf;

  constructor(private readonly text: string) {
    this.lf = new NextOf(text, '\n');
    this.cr = new NextOf(text, '\r');
  }

  next(from: number): number {
    const next = Math.min(this.lf.next(from), this.cr.next(from));
    return next === this.text.length ? -1 : next;
  }
}

/**
 * The heredocs an instruction spanning `start`..`end` holds, given its argument words: all of
 * them, or (`wordsStop`) those that start before that offset, enough when the heredocs are
 * named on the first line; MoreWordsNeeded is thrown when they are not enough.
 */
export function readHeredocs(
  lex: LexText,
  start: number,
  end: number,
  args: LexWord[],
  wordsStop = Number.POSITIVE_INFINITY,
): LexHeredoc[] {
  const complete = wordsStop >= end;
  if (args.length === 0) {
    if (!complete) throw new MoreWordsNeeded();
    return [];
  }
  if (lex.sameLine(start, end)) {
    if (!complete) throw new MoreWordsNeeded();
    return singleLineHeredocs(lex, args);
  }
  const text = lex.text;
  const escapeChar = lex.escapeChar;
  const heredocs: LexHeredoc[] = [];
  const definitions: LexWord[] = [];
  let processed = false;
  let escaping = false;
  let contentStart = -1;
  let contentEnd = -1;
  let lineStart = -1;
  let current = 0;
  const startOffset = args[0]!.start;
  const content = text.substring(startOffset, end);
  const at = (offset: number) => lex.at(startOffset + offset);
  const definition = (index: number): LexWord => {
    const arg = definitions[index];
    // dockerfile-ast failed here, and the model then showed no heredoc at all
    if (!arg) throw new HeredocMismatch();
    return arg;
  };
  // The open heredoc's name, asked at every body line: read once per heredoc.
  let namedIndex = -1;
  let named: { name: string; arg: LexWord } = { name: '', arg: args[0]! };
  const open = (index: number) => {
    if (namedIndex !== index) {
      const arg = definition(index);
      const [nameStart, nameEnd] = nameRange(lex, arg);
      named = { name: nameOf(lex, nameStart, nameEnd), arg };
      namedIndex = index;
    }
    return named;
  };
  const length = content.length;
  const escapeCode = escapeChar.charCodeAt(0);
  const lineFeeds = new NextOf(content, '\n');
  const escapes = new NextOf(content, escapeChar);
  contentLoop: for (let i = 0; i < length; i++) {
    const code = content.charCodeAt(i);
    if (code === escapeCode) {
      escaping = true;
      for (let j = i + 1; j < length; j++) {
        const next = content.charCodeAt(j);
        if (next === SPACE || next === TAB) continue;
        i = next === CR ? j + 1 : j;
        continue contentLoop;
      }
    } else if (code === CR) {
      // the line feed after it ends the line
    } else if (code === LF) {
      if (escaping) continue;
      if (processed) {
        if (contentStart === -1) contentStart = i;
        contentEnd = i;
        const { arg, name } = open(current);
        const delimiter = delimiterRange(lex, arg, name, at(lineStart), at(i));
        if (delimiter !== null) {
          heredocs.push({
            name,
            markerStart: arg.start,
            markerEnd: arg.end,
            contentStart: at(contentStart),
            contentEnd: at(lineStart - 1),
            delimiterStart: delimiter[0],
            delimiterEnd: delimiter[1],
          });
          contentStart = -1;
          current++;
        }
        lineStart = -1;
      } else {
        // the first unescaped line break: the heredocs are the `<<` words before it
        const limit = startOffset + i;
        if (limit > wordsStop) throw new MoreWordsNeeded();
        for (const arg of args) {
          if (arg.start >= limit) break;
          if (arg.value.startsWith('<<')) definitions.push(arg);
        }
        processed = true;
        lineStart = -1;
      }
    } else {
      if (escaping) {
        if (code === SPACE || code === TAB) continue;
        if (code === HASH) {
          // a comment line inside a continuation
          const lineEnd = content.indexOf('\n', i + 1);
          if (lineEnd !== -1) {
            i = lineEnd;
            continue;
          }
        }
        escaping = false;
      }
      if (processed) {
        if (contentStart === -1) contentStart = i;
        if (lineStart === -1) lineStart = i;
        // Until the next line feed or escape character nothing changes: go there at once.
        const next = Math.min(lineFeeds.next(i + 1), escapes.next(i + 1));
        i = next - 1;
      }
    }
  }
  if (!processed) {
    if (!complete) throw new MoreWordsNeeded();
    return singleLineHeredocs(lex, args);
  }
  const { arg, name } = open(current);
  const delimiter = delimiterRange(lex, arg, name, at(lineStart), end);
  let bodyStart = -1;
  let bodyEnd = -1;
  if (delimiter === null) {
    bodyStart = at(contentStart);
    bodyEnd = end;
  } else if (contentEnd !== -1) {
    bodyStart = at(contentStart);
    bodyEnd = at(contentEnd);
  }
  heredocs.push({
    name,
    markerStart: arg.start,
    markerEnd: arg.end,
    contentStart: bodyStart,
    contentEnd: bodyEnd,
    delimiterStart: delimiter ? delimiter[0] : -1,
    delimiterEnd: delimiter ? delimiter[1] : -1,
  });
  current++;
  for (let i = current; i < definitions.length; i++) heredocs.push(unclosed(lex, definition(i)));
  return heredocs;
}

/** Thrown where dockerfile-ast threw while reading heredocs; the model shows none then. */
export class HeredocMismatch extends Error {}

/** Thrown when the words given end before the heredocs are named: read them all. */
export class MoreWordsNeeded extends Error {}

function unclosed(lex: LexText, arg: LexWord): LexHeredoc {
  const [nameStart, nameEnd] = nameRange(lex, arg);
  return {
    name: nameOf(lex, nameStart, nameEnd),
    markerStart: arg.start,
    markerEnd: arg.end,
    contentStart: -1,
    contentEnd: -1,
    delimiterStart: -1,
    delimiterEnd: -1,
  };
}

function singleLineHeredocs(lex: LexText, args: LexWord[]): LexHeredoc[] {
  const heredocs: LexHeredoc[] = [];
  for (const arg of args) {
    if (arg.value.startsWith('<<') && heredocName(arg.value) !== null) heredocs.push(unclosed(lex, arg));
  }
  return heredocs;
}

function delimiterRange(
  lex: LexText,
  arg: LexWord,
  name: string,
  start: number,
  end: number,
): [number, number] | null {
  const text = lex.text;
  // (compared in place: this runs for every line of every body)
  let from = Math.min(start, end);
  const to = Math.max(start, end);
  const tabbed = arg.value.startsWith('<<-');
  let index = 0;
  if (tabbed) {
    while (from < to && text.charCodeAt(from) === TAB) {
      from++;
      index++;
    }
  }
  if (to - from !== name.length || !text.startsWith(name, from)) return null;
  return tabbed ? [lex.lineStartOf(start) + index, end] : [start, end];
}

/** The delimiter's name as written in the `<<` word (its quotes' inside, or from the name on). */
function nameRange(lex: LexText, arg: LexWord): [number, number] {
  const escapeChar = lex.escapeChar;
  const content = lex.text.substring(arg.start, arg.end);
  let endFound = false;
  let searchHyphen = false;
  let start = -1;
  let end = -1;
  let escaping = false;
  let quote: string | null = null;
  contentLoop: for (let i = 0; i < content.length; i++) {
    const ch = content.charAt(i);
    switch (ch) {
      case '"':
      case "'":
        if (quote === ch) break contentLoop;
        quote = ch;
        continue;
      case escapeChar:
        for (let j = i + 1; j < content.length; j++) {
          if (content.charAt(j) === '\n') {
            escaping = true;
            continue contentLoop;
          }
        }
        break;
      case ' ':
      case '\t':
      case '\r':
      case '\n':
        break;
      case '<':
        if (endFound) searchHyphen = true;
        else endFound = true;
        break;
      default: {
        if (ch === '-' && searchHyphen) {
          searchHyphen = false;
          break;
        }
        if ((ch === '-' || ch === '#') && escaping) {
          for (let j = i + 1; j < content.length; j++) {
            if (content.charAt(j) === '\n') {
              i = j;
              continue contentLoop;
            }
          }
        }
        if (start === -1) start = i;
        if (quote !== null) {
          end = i + 1;
          break;
        }
        break contentLoop;
      }
    }
  }
  if (start === -1) return [arg.end, arg.end];
  return [lex.at(arg.start + start), quote !== null ? lex.at(arg.start + end) : arg.end];
}

function nameOf(lex: LexText, start: number, end: number): string {
  const escapeChar = lex.escapeChar;
  const content = lex.text.substring(start, end);
  let escaping = false;
  let name = '';
  nameLoop: for (let i = 0; i < content.length; i++) {
    const ch = content.charAt(i);
    if (ch === escapeChar) {
      escaping = true;
      for (let j = i + 1; j < content.length; j++) {
        switch (content.charAt(j)) {
          case ' ':
          case '\t':
            break;
          case '\r':
            i = j + 1;
            continue nameLoop;
          case '\n':
            i = j;
            continue nameLoop;
          default:
            name += content.charAt(j);
            i = j;
            continue nameLoop;
        }
      }
      continue;
    }
    if (ch === '#' && escaping) {
      let skipped = false;
      for (let j = i + 1; j < content.length; j++) {
        if (content.charAt(j) === '\n') {
          i = j;
          skipped = true;
          break;
        }
      }
      if (skipped) continue;
    }
    if ((ch === '#' || ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') && escaping) continue;
    name += ch;
  }
  return name;
}
