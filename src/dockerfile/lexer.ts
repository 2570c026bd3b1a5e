import { CR, HASH, LF, SPACE, TAB } from './char-codes.js';
import { heredocName, skipHeredocBody } from './lexer-heredocs.js';
import { LexText, RunBuilder } from './lexer-text.js';
import { type FlagSearch, flagCount, type LexWord, rawWords, settledFlagCount } from './lexer-words.js';

/**
 * The instruction lexer: one pass over a Dockerfile that finds its instructions and comments
 * with exact offsets. Instructions end at the first line break that is not escaped (comment
 * and empty lines inside a continuation belong to them, as BuildKit drops them); a `<<EOF`
 * word of RUN, COPY and ADD (also under ONBUILD) carries the instruction on to its delimiter
 * line. Words, properties and heredocs are read per instruction on demand (lexer-words,
 * lexer-properties, lexer-heredocs).
 *
 * The lexer reproduces what the model read from dockerfile-ast before it replaced it, offset for
 * offset, malformed input included; lexer.oracle.test.ts keeps that library as an oracle.
 */

export interface LexInstruction {
  /** Document offsets (see LexText) of the instruction and of its keyword's end. */
  start: number;
  end: number;
  keywordEnd: number;
  /** The keyword as written, continuations removed (`RU\⏎N` is `RUN`). */
  keywordText: string;
  keyword: string;
  /**
   * Where the heredoc bodies begin (the line break that ends the instruction's first line);
   * the instruction's end when it has none.
   */
  bodiesFrom: number;
}

export interface LexComment {
  start: number;
  end: number;
  /** The text after `#`, trimmed. */
  content: string;
}

export interface LexedDockerfile {
  lex: LexText;
  instructions: LexInstruction[];
  comments: LexComment[];
}

export function lexDockerfile(text: string): LexedDockerfile {
  return new Lexer(text).run();
}

/** The parser directives as the lexer honours them: the escape character and where lines begin. */
function readLexDirectives(text: string): { escapeChar: string; count: number } {
  let count = 0;
  let escapeChar: string | null = null;
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  directiveCheck: for (let i = bom; i < text.length; i++) {
    switch (text.charAt(i)) {
      case ' ':
      case '\t':
        break;
      case '\r':
      case '\n':
        break directiveCheck;
      case '#': {
        let directiveStart = -1;
        let directiveEnd = -1;
        for (let j = i + 1; j < text.length; j++) {
          const char = text.charAt(j);
          if (char === ' ' || char === '\t') {
            if (directiveStart !== -1 && directiveEnd === -1) directiveEnd = j;
          } else if (char === '\r' || char === '\n') {
            break directiveCheck;
          } else if (char === '=') {
            let valueStart = -1;
            let valueEnd = -1;
            if (directiveEnd === -1) directiveEnd = j;
            let lineEnd = text.length;
            for (let k = j + 1; k < text.length; k++) {
              const value = text.charAt(k);
              if (value === '\r' || value === '\n') {
                if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
                lineEnd = k;
                break;
              }
              if (value === '\t' || value === ' ') {
                if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
                continue;
              }
              if (valueStart === -1) valueStart = k;
            }
            if (directiveStart === -1) break directiveCheck;
            if (valueStart === -1) {
              valueStart = j + 1;
              valueEnd = lineEnd;
            } else if (valueEnd === -1) {
              valueEnd = text.length;
            }
            count++;
            if (escapeChar === null && text.slice(directiveStart, directiveEnd).toLowerCase() === 'escape') {
              const value = text.slice(valueStart, valueEnd);
              if (value === '\\' || value === '`') escapeChar = value;
            }
            i = text.charAt(valueEnd) === '\r' ? valueEnd + 1 : valueEnd;
            continue directiveCheck;
          } else if (directiveStart === -1) {
            directiveStart = j;
          }
        }
        break;
      }
      default:
        break directiveCheck;
    }
  }
  return { escapeChar: escapeChar ?? '\\', count };
}

/** Keywords whose words dockerfile-ast read flags from, and how. */
function flagSearchOf(keyword: string): FlagSearch {
  switch (keyword) {
    case 'ADD':
    case 'COPY':
    case 'RUN':
    case 'FROM':
      return 'leading';
    case 'HEALTHCHECK':
      return 'healthcheck';
    default:
      return 'none';
  }
}

/** RUN, COPY and ADD may open heredocs. */
function takesHeredocs(keyword: string): boolean {
  return keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD';
}

/** Instructions whose words shown in the model lack the flags (dockerfile-ast's JSON ones). */
function dropsFlagWords(keyword: string): boolean {
  switch (keyword) {
    case 'ADD':
    case 'COPY':
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
    case 'VOLUME':
      return true;
    default:
      return false;
  }
}

/**
 * An instruction's words, read once: whether dockerfile-ast found flags among them (then the
 * flags are read BuildKit's way) and the words the model shows as its arguments (without the
 * flag words for RUN, COPY, ADD; FROM and HEALTHCHECK keep them, as the model always did).
 */
export class InstructionWords {
  private raw: LexWord[] | null = null;
  /** Offset before which `raw` holds every word that starts there (past the end: all words). */
  private rawStop = -1;
  private count = -1;

  constructor(
    private readonly lex: LexText,
    private readonly instruction: LexInstruction,
  ) {}

  /** At least the words that start before `stop` (a heredoc's body is read only when asked). */
  private rawWords(stop: number): LexWord[] {
    const { keywordEnd, end } = this.instruction;
    if (this.raw === null || this.rawStop < stop) {
      this.rawStop = stop >= end ? Number.POSITIVE_INFINITY : stop;
      this.raw = rawWords(this.lex, keywordEnd, end, Math.min(stop, end));
    }
    return this.raw;
  }

  /** Every word of the instruction, heredoc bodies included. */
  get complete(): boolean {
    return this.rawStop === Number.POSITIVE_INFINITY;
  }

  private flagWords(): number {
    if (this.count === -1) {
      const search = flagSearchOf(this.instruction.keyword);
      if (search === 'none') {
        this.count = 0;
      } else {
        // The count reads the leading words; the first line's words mostly settle it.
        const words = this.rawWords(this.firstLineStop());
        const settled = this.complete ? flagCount(words, search) : settledFlagCount(words, search);
        this.count = settled ?? flagCount(this.rawWords(Number.POSITIVE_INFINITY), search);
      }
    }
    return this.count;
  }

  /** Past the instruction's first line: where its heredoc bodies (if any) begin. */
  private firstLineStop(): number {
    const { bodiesFrom, end } = this.instruction;
    return bodiesFrom >= end ? Number.POSITIVE_INFINITY : bodiesFrom + 2;
  }

  hasFlags(): boolean {
    return this.flagWords() > 0;
  }

  /**
   * The words the model shows as arguments: at least those that start before `stop` (all
   * without it), so an instruction's heredoc bodies need not be read as words.
   */
  arguments(stop = Number.POSITIVE_INFINITY): LexWord[] {
    this.rawWords(stop);
    if (!dropsFlagWords(this.instruction.keyword)) return this.raw!;
    const flags = this.flagWords();
    // (the flag count may have read more words than asked: `raw` is the latest list)
    return flags === 0 ? this.raw! : this.raw!.slice(flags);
  }

  /**
   * The arguments that start on the instruction's first line (maybe more), for reading its
   * heredocs, and the offset before which they are all there.
   */
  firstLine(): { words: LexWord[]; stop: number } {
    const stop = this.firstLineStop();
    const words = this.arguments(stop);
    return { words, stop: this.complete ? Number.POSITIVE_INFINITY : stop };
  }
}

class Lexer {
  private readonly text: string;
  private readonly lex: LexText;
  private readonly escapeCode: number;
  private readonly instructions: LexInstruction[] = [];
  private readonly comments: LexComment[] = [];
  /** Offset of the next `<` at or after the last question (-1: none left). */
  private nextAngle = -2;
  /** Where the heredoc bodies of the instruction being read begin (-1: it has none). */
  private bodiesFrom = -1;

  constructor(text: string) {
    this.text = text;
    const directives = readLexDirectives(text);
    this.lex = new LexText(text, directives.escapeChar);
    this.escapeCode = directives.escapeChar.charCodeAt(0);
    this.start =
      directives.count > 0
        ? this.lex.documentLineStart(directives.count)
        : text.charCodeAt(0) === 0xfeff
          ? 1
          : 0;
  }

  private readonly start: number;

  run(): LexedDockerfile {
    const text = this.text;
    const length = text.length;
    for (let i = this.start; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code === SPACE || code === TAB || code === CR || code === LF) continue;
      i = code === HASH ? this.comment(i) : this.instruction(i);
    }
    return { lex: this.lex, instructions: this.instructions, comments: this.comments };
  }

  /** A `#` line (also inside a continuation); returns where it ends. */
  private comment(start: number): number {
    const text = this.text;
    let end = text.length;
    for (let i = start + 1; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === CR || code === LF) {
        end = i;
        break;
      }
    }
    let contentStart = start + 1;
    while (contentStart < end && isBlank(text.charCodeAt(contentStart))) contentStart++;
    let contentEnd = end;
    while (contentEnd > contentStart && isBlank(text.charCodeAt(contentEnd - 1))) contentEnd--;
    this.comments.push({
      start: this.lex.at(start),
      end: this.lex.at(end),
      content: text.slice(contentStart, contentEnd),
    });
    return end;
  }

  /** The keyword, then the arguments; returns the instruction's end. */
  private instruction(start: number): number {
    const text = this.text;
    const length = text.length;
    const escapeCode = this.escapeCode;
    const keyword = new RunBuilder(text);
    keyword.append(start);
    let keywordEnd = -1;
    let escaped = false;
    scan: for (let i = start + 1; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code === escapeCode) {
        escaped = true;
        const next = text.charCodeAt(i + 1);
        if (next === CR || next === LF) {
          if (keywordEnd === -1) keywordEnd = i;
          i++;
        } else if (next === SPACE || next === TAB) {
          for (let j = i + 2; j < length; j++) {
            const after = text.charCodeAt(j);
            if (after === SPACE || after === TAB) continue;
            if (after === CR || after === LF) {
              i = j;
              continue scan;
            }
            keywordEnd = i + 1;
            keyword.append(i);
            i = j - 2;
            continue scan;
          }
          keywordEnd = i + 1;
          keyword.append(i);
          break;
        } else {
          keywordEnd = i + 1;
          keyword.append(i);
          escaped = false;
        }
      } else if (code === SPACE || code === TAB) {
        if (escaped) {
          for (let j = i + 1; j < length; j++) {
            const after = text.charCodeAt(j);
            if (after === SPACE || after === TAB) continue;
            if (after === CR || after === LF) {
              i = j;
              continue scan;
            }
            break;
          }
        }
        if (keywordEnd === -1) keywordEnd = i;
        const keywordText = keyword.take();
        const end = this.argumentsEnd(keywordEnd, keywordText, i);
        this.add(start, keywordEnd, end, keywordText);
        return end;
      } else if (code === CR || code === LF) {
        if (escaped) continue;
        this.add(start, i, i, keyword.take());
        return i;
      } else if (code !== HASH || !escaped) {
        // (a `#` right after a continued keyword line is skipped)
        keywordEnd = i + 1;
        keyword.append(i);
        escaped = false;
      }
    }
    this.add(start, keywordEnd === -1 ? length : keywordEnd, length, keyword.take());
    return length;
  }

  private add(start: number, keywordEnd: number, end: number, keywordText: string): void {
    const lex = this.lex;
    this.instructions.push({
      start: lex.at(start),
      end: lex.at(end),
      keywordEnd: lex.at(keywordEnd),
      keywordText,
      keyword: keywordText.toUpperCase(),
      bodiesFrom: lex.at(this.bodiesFrom === -1 ? end : this.bodiesFrom),
    });
    this.bodiesFrom = -1;
  }

  /** From the blank after the keyword to the first line break not escaped, then any heredoc bodies. */
  private argumentsEnd(keywordEnd: number, keywordText: string, offset: number): number {
    const text = this.text;
    const length = text.length;
    const escapeCode = this.escapeCode;
    let escaped = false;
    scan: for (let i = offset + 1; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code === CR || code === LF) {
        if (escaped) continue;
        return this.heredocsEnd(keywordEnd, keywordText, i);
      }
      if (code === escapeCode) {
        const next = text.charCodeAt(i + 1);
        if (next === LF || next === CR) {
          escaped = true;
          i++;
        } else if (next === SPACE || next === TAB) {
          for (let j = i + 2; j < length; j++) {
            const after = text.charCodeAt(j);
            if (after === SPACE || after === TAB) continue;
            if (after === CR || after === LF) escaped = true;
            i = j;
            continue scan;
          }
          return length;
        }
      } else if (code === HASH) {
        if (escaped) i = this.comment(i);
      } else if (code !== SPACE && code !== TAB) {
        escaped = false;
      }
    }
    return length;
  }

  /** Whether `<` occurs in `from`..`to` (amortised: the questions move forward through the text). */
  private angleBetween(from: number, to: number): boolean {
    if (this.nextAngle === -1) return false;
    if (this.nextAngle < from) this.nextAngle = this.text.indexOf('<', from);
    return this.nextAngle !== -1 && this.nextAngle < to;
  }

  /** The end of the instruction whose first line ends at `offset`, heredoc bodies included. */
  private heredocsEnd(keywordEnd: number, keywordText: string, offset: number): number {
    if (!this.angleBetween(keywordEnd, offset)) return offset;
    const lex = this.lex;
    const lineEnd = lex.at(offset);
    let keyword = keywordText.toUpperCase();
    let wordsFrom = lex.at(keywordEnd);
    if (keyword === 'ONBUILD') {
      // the trigger instruction's heredocs
      const words = rawWords(lex, wordsFrom, lineEnd);
      const trigger = words[0];
      if (!trigger) return offset;
      keyword = this.text.substring(trigger.start, trigger.end).toUpperCase();
      wordsFrom = trigger.end;
    }
    if (!takesHeredocs(keyword)) return offset;
    const all = rawWords(lex, wordsFrom, lineEnd);
    const words = all.slice(flagCount(all, 'leading'));
    const names: string[] = [];
    let tabbed = false;
    for (const word of words) {
      const value = word.value;
      if (value.length > 2 && value.startsWith('<<')) {
        if (value.startsWith('<<-')) tabbed = true;
        const name = heredocName(value);
        if (name !== null) names.push(name);
      }
    }
    let end = offset;
    for (const name of names) end = skipHeredocBody(lex, name, end, tabbed);
    if (names.length > 0) this.bodiesFrom = offset;
    return end;
  }
}

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB || code === CR || code === LF;
}
