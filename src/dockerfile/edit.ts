import type { Edit } from '../types.js';
import type { Dockerfile } from './model.js';

/** The model keeps the original text, so printing an unedited model is byte for byte. */
export function printDockerfile(dockerfile: Dockerfile): string {
  return dockerfile.text;
}

/** Edits that touch each other's span: the later one is dropped (it will be retried on the next pass). */
export function nonOverlapping(edits: readonly Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: Edit[] = [];
  let lastEnd = -1;
  for (const edit of sorted) {
    if (
      edit.start < lastEnd ||
      (edit.start === lastEnd &&
        kept.length > 0 &&
        edit.start === edit.end &&
        kept[kept.length - 1]!.start === edit.start)
    )
      continue;
    kept.push(edit);
    lastEnd = edit.end;
  }
  return kept;
}

/** Applies non-overlapping edits to a text (offsets refer to the original text). */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const ordered = nonOverlapping(edits);
  let out = '';
  let cursor = 0;
  for (const edit of ordered) {
    out += text.slice(cursor, edit.start) + edit.content;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}
