import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { UserError } from '../errors.js';
import { describeFsError } from './errors.js';
import { MAX_FILE_BYTES } from './limits.js';

export interface BoundedReadOptions {
  /** Reading stops with an error as soon as the file is longer than this. */
  maxBytes: number;
  /** What the file is, for the error sentence ("Dockerfile", "lock file"). */
  what?: string;
}

const CHUNK = 64 * 1024;
// O_NONBLOCK: opening a FIFO for reading must not wait for a writer; we refuse it right after.
// O_NOCTTY: a terminal named as a file must never become our controlling terminal.
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0);

/** 1536 → "1.5 KiB", 3145728 → "3 MiB": sizes in one sentence. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KiB'] : [bytes / (1024 * 1024), 'MiB'];
  return `${Math.round(value * 10) / 10} ${unit}`;
}

/** "a FIFO", "a character device": what a non-regular file is, for one sentence. */
export function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a regular file and nothing else: the file is opened first and the *opened* file is
 * checked (no race with a swap after a stat), a FIFO or device is refused without reading a
 * byte, and the read stops at `maxBytes` whatever `stat` said (files under /proc report 0).
 */
export function readRegularFile(absPath: string, shown: string, options: BoundedReadOptions): Buffer {
  const what = options.what ?? 'file';
  let fd: number;
  try {
    fd = openSync(absPath, READ_FLAGS);
  } catch (error) {
    throw new UserError(`${shown}: ${describeFsError(error, what, 'read')}`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UserError(`${shown} is a folder, not a ${what}.`);
    if (!stat.isFile()) {
      throw new UserError(`${shown} is ${kindOf(stat)}, not a ${what}; shipshape reads only regular files.`);
    }
    if (stat.size > options.maxBytes) throw tooBig(shown, what, options.maxBytes, stat.size);
    return readBounded(fd, shown, what, options.maxBytes, stat.size);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${shown}: ${describeFsError(error, what, 'read')}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads to the end, `maxBytes` at most. The size fstat gave sizes the first buffer (one byte
 * more, so the end is seen without another one): a file read as it was stat'ed is one
 * allocation and no copy. It only sizes the buffer: a file that grows goes on in chunks, and
 * one that says 0 (/proc) is read all the same.
 */
function readBounded(fd: number, shown: string, what: string, maxBytes: number, size: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  let chunk = Buffer.allocUnsafe(Math.min(size + 1, maxBytes + 1));
  let used = 0;
  for (;;) {
    if (used === chunk.length) {
      chunks.push(chunk);
      // One byte past the limit is enough to know the file is too big.
      chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      used = 0;
    }
    const read = readSync(fd, chunk, used, chunk.length - used, null);
    if (read === 0) break;
    used += read;
    total += read;
    if (total > maxBytes) throw tooBig(shown, what, maxBytes, null);
  }
  if (chunks.length === 0) return chunk.subarray(0, used);
  chunks.push(chunk.subarray(0, used));
  return Buffer.concat(chunks, total);
}

function tooBig(shown: string, what: string, maxBytes: number, size: number | null): UserError {
  const is = size === null ? `is more than ${formatSize(maxBytes)}` : `is ${formatSize(size)}`;
  return new UserError(
    `${shown} ${is}, larger than the ${formatSize(maxBytes)} shipshape reads; is it really a ${what}?`,
  );
}

/** Like readRegularFile, but an unreadable, special or too big file is simply absent. */
export function readRegularFileOrNull(absPath: string, maxBytes: number): Buffer | null {
  try {
    return readRegularFile(absPath, absPath, { maxBytes });
  } catch {
    return null;
  }
}

export interface ReadOptions {
  /** Default: MAX_FILE_BYTES. */
  maxBytes?: number;
  /** What the file is, for the error sentence ("Dockerfile", "lock file"). */
  what?: string;
}

/**
 * Reads a UTF-8 text file, turning every way it can go wrong into one UserError sentence
 * that names the file: missing, a folder, a FIFO or device, unreadable, too big, or binary.
 * A leading BOM is dropped (writes put it back: see editedBytes); UTF-16 with a BOM is decoded.
 */
export function readTextFile(absPath: string, displayPath: string, options: ReadOptions = {}): string {
  const what = options.what ?? 'file';
  const buffer = readRegularFile(absPath, displayPath, {
    maxBytes: options.maxBytes ?? MAX_FILE_BYTES,
    what,
  });
  // Windows tools write UTF-16 with a BOM (pip reads such requirements files): decode it, NULs and all.
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.subarray(2).toString('utf16le');
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2));
    return swapped.swap16().toString('utf16le');
  }
  if (buffer.includes(0)) {
    throw new UserError(`${displayPath} is a binary file (it contains NUL bytes), not a ${what}.`);
  }
  const text = buffer.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
