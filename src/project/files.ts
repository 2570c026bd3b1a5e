import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';

/** Hand-written files (Dockerfile, pyproject, requirements) larger than this are refused. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Lock files of large projects legitimately run to a few MiB. */
export const MAX_LOCK_BYTES = 16 * 1024 * 1024;

export interface ReadOptions {
  maxBytes?: number;
  /** What the file is, for the error sentence ("Dockerfile", "lock file"). */
  what?: string;
}

function mib(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}

/**
 * Reads a UTF-8 text file, turning every way it can go wrong into one UserError sentence
 * that names the file: missing, a folder, unreadable, too big, or binary.
 */
export function readTextFile(absPath: string, displayPath: string, options: ReadOptions = {}): string {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  const what = options.what ?? 'file';
  let size: number;
  try {
    const stat = statSync(absPath);
    if (stat.isDirectory()) throw new UserError(`${displayPath} is a folder, not a ${what}.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${displayPath}: ${describeFsError(error, what)}`);
  }
  if (size > maxBytes) {
    throw new UserError(
      `${displayPath} is ${mib(size)}, larger than the ${mib(maxBytes)} shipshape reads; is it really a ${what}?`,
    );
  }
  let buffer: Buffer;
  try {
    buffer = readFileSync(absPath);
  } catch (error) {
    throw new UserError(`${displayPath}: ${describeFsError(error, what)}`);
  }
  if (buffer.includes(0)) {
    throw new UserError(`${displayPath} is a binary file (it contains NUL bytes), not a ${what}.`);
  }
  let text = buffer.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

function describeFsError(error: unknown, what: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `no such ${what}; check the path.`;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied; make the ${what} readable.`;
  if (code === 'EISDIR') return `is a folder, not a ${what}.`;
  const message = error instanceof Error ? error.message : String(error);
  return `cannot read the ${what} (${message}).`;
}

export function isFile(absPath: string): boolean {
  try {
    return statSync(absPath).isFile();
  } catch {
    return false;
  }
}

/** Lists a folder's entries; a folder we may not read counts as empty rather than failing the load. */
export function listDir(absPath: string): Array<{ name: string; kind: 'file' | 'dir' }> {
  try {
    return readdirSync(absPath, { withFileTypes: true })
      .filter((entry) => entry.isFile() || entry.isDirectory())
      .map((entry) => ({
        name: entry.name,
        kind: entry.isDirectory() ? ('dir' as const) : ('file' as const),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

/** `a\\b` → `a/b`, relative to root. */
export function relativePath(root: string, absPath: string): string {
  return path.relative(root, absPath).split(path.sep).join('/');
}
