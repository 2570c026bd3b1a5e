import { type BigIntStats, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheFolder } from '../cache-folder.js';
import { readRegularFileOrNull, writeFile } from '../fs/index.js';
import { packageVersion } from '../package-version.js';

/**
 * Parsed lock files kept on disk: a 165 KB uv.lock costs ~30 ms of TOML parsing at every
 * `shipshape lint`, its cached model ~1 ms of JSON. Two keys, both covering the kind of file,
 * shipshape's version and build, and this format, so a new shipshape never sees an old result:
 * - a lock read from a folder is found by the file's identity (`cachedFileParse`): path,
 *   device, inode, size and the modification and change times to the nanosecond, as git's
 *   index and make tell a changed file. A hit reads neither the lock nor hashes it (node:crypto
 *   alone took ~3 ms to load); any write changes the change time, which no tool can set back,
 *   and a lock written too recently to be told from a later write in the same clock tick is
 *   parsed without being kept (git's "racily clean" files);
 * - a text known only in memory (an editor's snapshot) by the SHA-256 of its content
 *   (`cachedParse`).
 * The cache is only ever a shortcut: a folder that cannot be made, a file that cannot be read,
 * written or parsed, and the value is parsed from the text as if there were no cache.
 */

/** Bump when the cached value's shape changes without a version change (development builds). */
const FORMAT = 1;
/** Oldest entries go past this many files, so a lock edited every day does not fill the disk. */
const MAX_ENTRIES = 64;
/** A cached model is a few times its lock's size at most; anything bigger is not ours. */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

/** Re-exported: callers found it here before it served the code cache too. */
export { cacheFolder };

/**
 * A lock changed less than this long before it was read is not kept by its identity: file
 * systems stamp times at a granularity of up to 2 s (FAT), and a second write within the same
 * tick would leave every part of the identity as it was.
 */
const RACY_NS = 2_000_000_000n;

interface Entry<T> {
  format: number;
  kind: string;
  /** The file's identity, for entries found by it (the file name holds only a short hash of it). */
  identity?: string;
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
  // node:crypto is loaded here, when there is a text to hash, not at every start (~3 ms).
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

/**
 * `parse(readText())` for the lock at the absolute path `file`, or the value a previous run
 * cached for the file as it is now (same identity: see above), without reading it.
 */
export function cachedFileParse<T>(
  kind: string,
  file: string,
  readText: () => string,
  parse: (text: string) => T,
): T {
  const folder = cacheFolder();
  const before = folder === null ? null : identityOf(file);
  // No cache, or no regular file: the read reports what is wrong with it.
  if (folder === null || before === null) return parse(readText());
  const identity = `${FORMAT}\0${packageVersion()}\0${buildStamp()}\0${kind}\0${file}\0${before.key}`;
  const entryFile = path.join(folder, `${kind}-id-${shortHash(identity)}.json`);
  const cached = readEntry<T>(entryFile, kind, identity);
  if (cached !== undefined) return cached;
  const value = parse(readText());
  // Kept only if the file stayed as it was while it was read, and is not racily new.
  if (identityOf(file)?.key === before.key && before.settled)
    writeEntry(folder, entryFile, { format: FORMAT, kind, identity, value });
  return value;
}

/** A regular file's identity, and whether its last change is safely in the past; null for anything else. */
function identityOf(file: string): { key: string; settled: boolean } | null {
  let stat: BigIntStats;
  try {
    stat = statSync(file, { bigint: true });
  } catch {
    return null;
  }
  if (!stat.isFile()) return null;
  const now = BigInt(Date.now()) * 1_000_000n;
  return {
    key: `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`,
    settled: now - stat.mtimeNs > RACY_NS && now - stat.ctimeNs > RACY_NS,
  };
}

/** A file name for a key (FNV-1a in two 32-bit lanes): entries say their whole key, so a clash only misses. */
function shortHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

function readEntry<T>(file: string, kind: string, identity?: string): T | undefined {
  const bytes = readRegularFileOrNull(file, MAX_ENTRY_BYTES);
  if (bytes === null) return undefined;
  try {
    const entry = JSON.parse(bytes.toString('utf8')) as Partial<Entry<T>> | null;
    return entry?.format === FORMAT &&
      entry.kind === kind &&
      entry.identity === identity &&
      entry.value !== undefined
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
