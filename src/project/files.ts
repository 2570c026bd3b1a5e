import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export { MAX_FILE_BYTES, MAX_LOCK_BYTES, type ReadOptions, readTextFile } from '../fs/index.js';

export function isFile(absPath: string): boolean {
  try {
    return statSync(absPath).isFile();
  } catch {
    return false;
  }
}

/**
 * Lists a folder's entries; a folder we may not read counts as empty rather than failing the
 * load. A symlink counts as what it points to (a symlinked Dockerfile is the project's
 * Dockerfile); a FIFO, device or socket is listed as a file, so reading it is refused by name
 * instead of the file being silently missing; a dangling link is left out.
 */
export function listDir(absPath: string): Array<{ name: string; kind: 'file' | 'dir' }> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(absPath, { withFileTypes: true });
  } catch {
    return [];
  }
  const listed: Array<{ name: string; kind: 'file' | 'dir' }> = [];
  for (const entry of entries) {
    let isDirectory = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      try {
        isDirectory = statSync(path.join(absPath, entry.name)).isDirectory();
      } catch {
        continue;
      }
    }
    listed.push({ name: entry.name, kind: isDirectory ? 'dir' : 'file' });
  }
  return listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `a\\b` → `a/b`, relative to root. */
export function relativePath(root: string, absPath: string): string {
  return path.relative(root, absPath).split(path.sep).join('/');
}
