/**
 * The one home of file reading and writing for every command: only regular files are read,
 * every read is bounded while reading, and writes never replace what is not a regular file
 * (devices, FIFOs, `/dev/stdout`), keep a symlinked file's link, mode, owner and hard links,
 * and are all-or-nothing across files. See README "Safe input and output".
 */
import { existsSync } from 'node:fs';
import { UserError } from '../errors.js';
import { MAX_FILE_BYTES } from './limits.js';
import { readRegularFile } from './read.js';
import { editedBytes } from './text-edit.js';
import type { FileWrite } from './write.js';

export { MAX_FILE_BYTES, MAX_LOCK_BYTES } from './limits.js';
export {
  formatSize,
  kindOf,
  type ReadOptions,
  readRegularFile,
  readRegularFileOrNull,
  readTextFile,
} from './read.js';
export { editedBytes, usesCrlf } from './text-edit.js';
export { type FileWrite, writeFile, writeFiles } from './write.js';

/**
 * The write that turns a text file read as `before` into `after`, keeping the bytes of the
 * lines not edited (see editedBytes). A file that is gone or new is written as `after`; one
 * that changed since it was read is refused rather than overwritten.
 */
export function editedFile(
  absPath: string,
  shown: string,
  before: string | null,
  after: string,
  maxBytes = MAX_FILE_BYTES,
): FileWrite {
  if (before === null || !existsSync(absPath)) return { path: absPath, shown, content: after, maxBytes };
  const original = readRegularFile(absPath, shown, { maxBytes: Math.max(maxBytes, MAX_FILE_BYTES) });
  const content = editedBytes(original, before, after);
  if (content === null) {
    throw new UserError(
      `${shown} changed while shipshape was working on it; nothing was written, run again.`,
    );
  }
  return { path: absPath, shown, content, maxBytes };
}
