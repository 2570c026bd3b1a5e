import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';

/**
 * Writes through a temporary file in the same folder and renames it into place, so a
 * crash or a full disk never leaves a half-written file behind.
 */
export function writeFileAtomic(path: string, content: string): void {
  const folder = dirname(path);
  const temporary = join(folder, `.${process.pid}.${Date.now()}.shipshape.tmp`);
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const reason =
      error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : 'error';
    throw new UserError(`Cannot write ${path} (${reason}): check that the folder exists and is writable.`);
  }
}
