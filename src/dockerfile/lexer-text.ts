/**
 * The text being lexed, with the two offset conventions the model has always had.
 *
 * The model's words and ranges were once read through an LSP text document, which never places
 * a position between the `\r` and `\n` of a CRLF pair: an offset there moves back onto the `\r`.
 * `at()` applies that rule, so every range keeps the exact offsets the model has always shown.
 * Such a document also breaks lines at a lone `\r`, where `LineIndex` (like BuildKit) does not;
 * `fileOffset()` carries a position over from one line numbering to the other, as the old
 * mapping did, and is the identity for every text without a lone `\r`.
 */
export class LexText {
  readonly length: number;
  /** Line starts as an LSP document counts them (`\r\n`, `\r`, `\n`); null without a lone `\r`. */
  private readonly documentLines: number[] | null;
  private fileLines: number[] | null = null;

  constructor(
    readonly text: string,
    readonly escapeChar: string,
  ) {
    this.length = text.length;
    this.documentLines = hasLoneCarriageReturn(text) ? documentLineStarts(text) : null;
  }

  /** The offset an LSP document position of `offset` stands for (clamped, never inside CRLF). */
  at(offset: number): number {
    if (offset <= 0) return 0;
    if (offset >= this.length) return this.length;
    const text = this.text;
    return text.charCodeAt(offset) === 10 && text.charCodeAt(offset - 1) === 13 ? offset - 1 : offset;
  }

  /** Start of the LSP document line holding `offset`. */
  lineStartOf(offset: number): number {
    let i = offset;
    while (i > 0) {
      const code = this.text.charCodeAt(i - 1);
      if (code === 10 || code === 13) break;
      i--;
    }
    return i;
  }

  /** Whether `start` and `end` sit on the same LSP document line. */
  sameLine(start: number, end: number): boolean {
    for (let i = start; i < end; i++) {
      const code = this.text.charCodeAt(i);
      if (code === 10 || code === 13) return false;
    }
    return true;
  }

  /** Offset of the start of LSP document line `line` (0-based); the text's end past the last. */
  documentLineStart(line: number): number {
    const text = this.text;
    let current = 0;
    let i = 0;
    while (current < line) {
      if (i >= text.length) return text.length;
      const code = text.charCodeAt(i);
      if (code === 13) {
        i += text.charCodeAt(i + 1) === 10 ? 2 : 1;
        current++;
      } else {
        i++;
        if (code === 10) current++;
      }
    }
    return i;
  }

  /** The offset in the file (lines split at `\n` only) of a document offset. */
  fileOffset(offset: number): number {
    const documentLines = this.documentLines;
    if (documentLines === null) return offset;
    let low = 0;
    let high = documentLines.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (documentLines[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    this.fileLines ??= fileLineStarts(this.text);
    const start = this.fileLines[low];
    if (start === undefined) return this.length;
    return Math.min(start + offset - documentLines[low]!, this.length);
  }
}

function hasLoneCarriageReturn(text: string): boolean {
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== 10) return true;
  }
  return false;
}

function documentLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (code === 10) starts.push(i + 1);
  }
  return starts;
}

function fileLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/**
 * Builds a string from runs of the text: appending the character right after the last one
 * extends the run instead of allocating, so a word without escapes is one slice.
 */
export class RunBuilder {
  private done = '';
  private runStart = -1;
  private runEnd = -1;

  constructor(private readonly text: string) {}

  append(offset: number): void {
    if (offset === this.runEnd) {
      this.runEnd++;
      return;
    }
    if (this.runStart !== -1) this.done += this.text.slice(this.runStart, this.runEnd);
    this.runStart = offset;
    this.runEnd = offset + 1;
  }

  /** Appends the characters from `start` up to `end`. */
  appendRun(start: number, end: number): void {
    if (start === this.runEnd) {
      this.runEnd = end;
      return;
    }
    if (this.runStart !== -1) this.done += this.text.slice(this.runStart, this.runEnd);
    this.runStart = start;
    this.runEnd = end;
  }

  take(): string {
    const value = this.runStart === -1 ? this.done : this.done + this.text.slice(this.runStart, this.runEnd);
    this.done = '';
    this.runStart = -1;
    this.runEnd = -1;
    return value;
  }
}
