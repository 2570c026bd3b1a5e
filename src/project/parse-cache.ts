import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheFolder } from '../cache-folder.js';
import { readRegularFileOrNull, writeFile } from '../fs/index.js';
import { packageVersion } from '../package-version.js';

/**
 * Parsed lock files, kept on disk by the hash of their text: a 165 KB uv.lock costs ~30 ms of
 * TOML parsing at every `shipshape lint`, its cached model ~1 ms of JSON. The key covers the
 * text, the kind of file, shipshape's version and build, and this format, so an edited lock or
 * a new shipshape never sees an old result. The cache is only ever a shortcut: a folder that cannot
 * be made, a file that cannot be read, written or parsed, and the value is parsed from the
 * text as if there were no cache.
 */

/** Bump when the cached value's shape changes without a version change (development builds). */
const FORMAT = 1;
/** Oldest entries go past this many files, so a lock edited every day does not fill the disk. */
const MAX_ENTRIES = 64;
/** A cached model is a few times its lock's size at most; anything bigger is not ours. */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

/** Re-exported: callers found it here before it served the code cache too. */
export { cacheFolder };

interface Entry<T> {
  format: number;
  kind: string;
  value: T;
}

let stamp: string | undefined;

/**
 * When this code was built: every build writes its files anew, so a development build whose
 * parsers changed under the same version never reads what an older build cached.
 */
function buildStamp(): string {
  if (stamp === undefined) {
    try {
      const built = statSync(fileURLToPath(import.meta.url));
      stamp = `${built.mtimeMs}:${built.size}`;
    } catch {
      stamp = '';
    }
  }
  return stamp;
}

/** `parse(text)`, or the value a previous run cached for the same text. */
export function cachedParse<T>(kind: string, text: string, parse: (text: string) => T): T {
  const folder = cacheFolder();
  if (folder === null) return parse(text);
  // node:crypto is loaded here, when there is a lock to hash, not at every start (~5 ms).
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  const key = createHash('sha256')
    .update(`${FORMAT}\0${packageVersion()}\0${buildStamp()}\0${kind}\0`)
    .update(text)
    .digest('hex');
  const file = path.join(folder, `${kind}-${key}.json`);
  const cached = readEntry<T>(file, kind);
  if (cached !== undefined) return cached;
  const value = parse(text);
  writeEntry(folder, file, { format: FORMAT, kind, value });
  return value;
}

function readEntry<T>(file: string, kind: string): T | undefined {
  const bytes = readRegularFileOrNull(file, MAX_ENTRY_BYTES);
  if (bytes === null) return undefined;
  try {
    const entry = JSON.parse(bytes.toString('utf8')) as Partial<Entry<T>> | null;
    return entry?.format === FORMAT && entry.kind === kind && entry.value !== undefined
      ? entry.value
      : undefined;
  } catch {
    return undefined;
  }
}

function writeEntry<T>(folder: string, file: string, entry: Entry<T>): void {
  try {
    mkdirSync(folder, { recursive: true });
    writeFile(file, JSON.stringify(entry));
    prune(folder);
  } catch {
    // A read-only home, a full disk, a folder we may not write: lint goes on uncached.
  }
}

function prune(folder: string): void {
  const entries = readdirSync(folder).filter((name) => name.endsWith('.json'));
  if (entries.length <= MAX_ENTRIES) return;
  const byAge = entries
    .map((name) => {
      const file = path.join(folder, name);
      return { file, time: statSync(file).mtimeMs };
    })
    .sort((a, b) => a.time - b.time);
  for (const { file } of byAge.slice(0, byAge.length - MAX_ENTRIES)) rmSync(file, { force: true });
}
