import type { Position, Range } from '../types.js';

/** Converts between offsets and 1-based line/column positions of one text. */
export class LineIndex {
  private readonly lineStarts: number[];
  private lastLine = 0;

  constructor(readonly text: string) {
    this.lineStarts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Offset of a 0-based line and character (the LSP convention). */
  offsetOf(line: number, character: number): number {
    const start = this.lineStarts[line];
    if (start === undefined) return this.text.length;
    return Math.min(start + character, this.text.length);
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    // The model asks in text order: the line of the last answer (or the next) mostly holds it.
    let low = this.lastLine;
    if (!(starts[low]! <= clamped && (low + 1 === starts.length || clamped < starts[low + 1]!))) {
      low++;
      if (
        !(
          low < starts.length &&
          starts[low]! <= clamped &&
          (low + 1 === starts.length || clamped < starts[low + 1]!)
        )
      ) {
        low = 0;
        let high = starts.length - 1;
        while (low < high) {
          const mid = (low + high + 1) >> 1;
          if (starts[mid]! <= clamped) low = mid;
          else high = mid - 1;
        }
      }
      this.lastLine = low;
    }
    return { line: low + 1, column: clamped - starts[low]! + 1, offset: clamped };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  lineStart(line1: number): number {
    return this.lineStarts[line1 - 1] ?? this.text.length;
  }

  lineEnd(line1: number): number {
    const next = this.lineStarts[line1];
    return next === undefined ? this.text.length : next - 1;
  }
}
