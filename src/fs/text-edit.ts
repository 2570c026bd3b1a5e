import { diffArrays } from 'diff';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const NEWLINE = 0x0a;
/** Past this many changed lines, aligning is not worth its cost: changed lines are re-encoded. */
const MAX_ALIGNED_EDITS = 4000;

/**
 * The bytes to write when a file read as `before` (UTF-8, BOM stripped) becomes `after`.
 * shipshape edits text, but a file is bytes: lines the edit did not touch keep their exact
 * original bytes (so invalid UTF-8 there never turns into U+FFFD), a BOM stays, and lines
 * the edit added take the file's line ending (CRLF in a CRLF file).
 * Returns null when `original` is not what `before` was read from (the file changed since).
 */
export function editedBytes(original: Buffer, before: string, after: string): Buffer | null {
  const hasBom = original.subarray(0, 3).equals(BOM) && !before.startsWith('\uFEFF');
  const body = hasBom ? original.subarray(3) : original;
  const byteLines = splitBytes(body);
  const beforeLines = byteLines.map((line) => line.toString('utf8'));
  if (beforeLines.join('') !== before) return null;
  const afterLines = splitText(after);
  const crlf = usesCrlf(before);

  const out: Buffer[] = hasBom ? [BOM] : [];
  const added = (lines: string[]) => {
    for (const line of lines) out.push(Buffer.from(crlf ? withCrlf(line) : line, 'utf8'));
  };
  // Common head and tail first: a fix usually touches a few lines of a long file.
  let head = 0;
  while (head < beforeLines.length && head < afterLines.length && beforeLines[head] === afterLines[head])
    head++;
  let tail = 0;
  while (
    tail < beforeLines.length - head &&
    tail < afterLines.length - head &&
    beforeLines[beforeLines.length - 1 - tail] === afterLines[afterLines.length - 1 - tail]
  ) {
    tail++;
  }
  out.push(...byteLines.slice(0, head));
  const oldMiddle = beforeLines.slice(head, beforeLines.length - tail);
  const newMiddle = afterLines.slice(head, afterLines.length - tail);
  const changes =
    oldMiddle.length > 0 && newMiddle.length > 0
      ? diffArrays(oldMiddle, newMiddle, { maxEditLength: MAX_ALIGNED_EDITS })
      : undefined;
  if (changes) {
    let at = head;
    for (const change of changes) {
      if (change.removed) at += change.count;
      else if (change.added) added(change.value);
      else {
        out.push(...byteLines.slice(at, at + change.count));
        at += change.count;
      }
    }
  } else {
    added(newMiddle);
  }
  out.push(...byteLines.slice(byteLines.length - tail));
  return Buffer.concat(out);
}

/** Lines with their `\n` (the last one may have none); `\n` is never part of a UTF-8 sequence. */
function splitBytes(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
    lines.push(bytes.subarray(start, end + 1));
    start = end + 1;
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

function splitText(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    lines.push(text.slice(start, end + 1));
    start = end + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** A file whose line endings are mostly CRLF. */
export function usesCrlf(text: string): boolean {
  let crlf = 0;
  let lf = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    if (at > 0 && text.charCodeAt(at - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf;
}

function withCrlf(line: string): string {
  return line.endsWith('\n') && !line.endsWith('\r\n') ? `${line.slice(0, -1)}\r\n` : line;
}
