import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { describeFsError } from './errors.js';
import { formatSize, kindOf } from './read.js';

export interface FileWrite {
  /** Absolute, or relative to the working folder. */
  path: string;
  content: string | Uint8Array;
  /** The name in messages (default: the path as given). */
  shown?: string;
  /** Refuse the whole write when the new content is longer (the next run would refuse to read it). */
  maxBytes?: number;
}

/**
 * How one file will be written, decided (and checked) before any file is touched:
 * - `inherited`: `/dev/stdout`, `/proc/self/fd/N`: the descriptor we already hold, as the shell would;
 * - `stream`: a character device or a FIFO: written directly, never replaced;
 * - `replace`: a regular file (or a new one): a temporary file with the same mode and owner,
 *   renamed over the target's real path (a symlink keeps pointing to it);
 * - `in-place`: a regular file with other hard links, or whose owner or folder we cannot
 *   reproduce: rewritten through its own descriptor, so links, owner and mode stay.
 */
type Plan =
  | { kind: 'inherited'; fd: number }
  | { kind: 'stream'; fd: number }
  | { kind: 'replace'; temporary: string; target: string }
  | { kind: 'in-place'; fd: number };

const SYMLINK_LIMIT = 40;

/** Writes one file safely; see writeFiles. */
export function writeFile(path: string, content: string | Uint8Array, shown?: string): void {
  writeFiles([{ path, content, ...(shown ? { shown } : {}) }]);
}

/**
 * Writes several files all-or-nothing as far as the system allows: every file is checked and
 * its new content staged first (a temporary file, or an open descriptor); only when all of
 * them can be written is any of them changed. A failure is one UserError sentence that says
 * what was and was not written.
 */
export function writeFiles(files: FileWrite[]): void {
  const several = files.length > 1;
  const staged: Array<{ file: FileWrite; bytes: Buffer; plan: Plan }> = [];
  try {
    for (const file of files) {
      const bytes =
        typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : Buffer.from(file.content);
      if (file.maxBytes !== undefined && bytes.length > file.maxBytes) {
        throw new Refusal(
          file,
          `it would grow to ${bytes.length} bytes, past the ${formatSize(file.maxBytes)} (${file.maxBytes} bytes) shipshape reads.`,
        );
      }
      try {
        staged.push({ file, bytes, plan: stage(file, bytes) });
      } catch (error) {
        throw error instanceof Refusal ? error : new Refusal(file, reason(error));
      }
    }
  } catch (error) {
    for (const { plan } of staged) abort(plan);
    if (!(error instanceof Refusal)) throw error;
    const start = several ? 'Nothing was written: cannot' : 'Cannot';
    throw new UserError(`${start} write ${shownOf(error.file)}: ${error.reason}`);
  }
  const written: string[] = [];
  for (const [index, { file, bytes, plan }] of staged.entries()) {
    try {
      commit(plan, bytes);
      written.push(shownOf(file));
    } catch (error) {
      for (const later of staged.slice(index + 1)) abort(later.plan);
      const start = written.length > 0 ? `Wrote ${written.join(' and ')} but cannot` : 'Cannot';
      throw new UserError(`${start} write ${shownOf(file)}: ${reason(error)}`);
    }
  }
}

/** Why one file cannot be written, found while staging (nothing has been changed yet). */
class Refusal extends Error {
  constructor(
    readonly file: FileWrite,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function shownOf(file: FileWrite): string {
  return file.shown ?? file.path;
}

function reason(error: unknown): string {
  return describeFsError(error, 'file', 'write');
}

function stage(file: FileWrite, bytes: Buffer): Plan {
  const absolute = resolve(file.path);
  const inherited = inheritedDescriptor(absolute);
  if (inherited !== null) {
    try {
      fstatSync(inherited);
    } catch {
      throw new Refusal(file, `descriptor ${inherited} is not open.`);
    }
    return { kind: 'inherited', fd: inherited };
  }
  let stat: Stats | null;
  try {
    stat = statSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new Refusal(file, reason(error));
    if (isSymlink(absolute)) throw new Refusal(file, 'it is a symbolic link to a missing file.');
    stat = null;
  }
  if (stat === null) return stageNew(file, absolute, bytes);
  if (stat.isDirectory()) throw new Refusal(file, 'it is a folder.');
  if (stat.isBlockDevice())
    throw new Refusal(file, 'it is a block device; shipshape does not write to disks.');
  if (!stat.isFile()) {
    try {
      // Non-blocking: a FIFO nobody reads fails at once (ENXIO) instead of waiting forever.
      return { kind: 'stream', fd: openSync(absolute, constants.O_WRONLY | constants.O_NONBLOCK | noctty()) };
    } catch (error) {
      throw new Refusal(file, `it is ${kindOf(stat)} and ${reason(error)}`);
    }
  }
  return stageRegular(file, realpathSync(absolute), stat, bytes);
}

function stageNew(file: FileWrite, absolute: string, bytes: Buffer): Plan {
  const folder = dirname(absolute);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new Refusal(file, reason(error));
  }
  const temporary = temporaryName(absolute);
  try {
    writeTemporary(temporary, bytes, null);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new Refusal(file, reason(error));
  }
  return { kind: 'replace', temporary, target: absolute };
}

function stageRegular(file: FileWrite, target: string, stat: Stats, bytes: Buffer): Plan {
  let fd: number;
  try {
    // Opening for writing (without truncating) proves the file itself may be changed: a
    // read-only, immutable or append-only file fails here, before any file is touched.
    fd = openSync(target, constants.O_WRONLY | noctty());
  } catch (error) {
    throw new Refusal(file, reason(error));
  }
  if (stat.nlink > 1) return { kind: 'in-place', fd };
  const temporary = temporaryName(target);
  try {
    writeTemporary(temporary, bytes, stat);
  } catch (error) {
    rmSync(temporary, { force: true });
    // A folder we may not write, or an owner we cannot give the new file: rewrite in place.
    // Anything else (a full disk) would fail half-way through an in-place write too.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return { kind: 'in-place', fd };
    closeSync(fd);
    throw new Refusal(file, reason(error));
  }
  closeSync(fd);
  return { kind: 'replace', temporary, target };
}

function writeTemporary(temporary: string, bytes: Buffer, like: Stats | null): void {
  const fd = openSync(
    temporary,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
    like ? 0o600 : 0o666,
  );
  try {
    writeAll(fd, bytes, 0);
    if (like) {
      const own = fstatSync(fd);
      if (own.uid !== like.uid || own.gid !== like.gid) fchownSync(fd, like.uid, like.gid);
      // After chown, which clears set-id bits.
      fchmodSync(fd, like.mode & 0o7777);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function commit(plan: Plan, bytes: Buffer): void {
  switch (plan.kind) {
    case 'inherited':
      writeAll(plan.fd, bytes, null);
      return;
    case 'stream':
      try {
        writeAll(plan.fd, bytes, null);
      } finally {
        closeSync(plan.fd);
      }
      return;
    case 'replace':
      try {
        renameSync(plan.temporary, plan.target);
      } catch (error) {
        rmSync(plan.temporary, { force: true });
        throw error;
      }
      return;
    case 'in-place':
      try {
        writeAll(plan.fd, bytes, 0);
        ftruncateSync(plan.fd, bytes.length);
        fsyncSync(plan.fd);
      } finally {
        closeSync(plan.fd);
      }
  }
}

function abort(plan: Plan): void {
  if (plan.kind === 'replace') rmSync(plan.temporary, { force: true });
  else if (plan.kind !== 'inherited') closeSync(plan.fd);
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** writeSync until every byte is out; a non-blocking pipe or terminal that is full is waited for. */
function writeAll(fd: number, bytes: Buffer, position: number | null): void {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(
        fd,
        bytes,
        offset,
        bytes.length - offset,
        position === null ? null : position + offset,
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}

/**
 * `/dev/stdout` → `/proc/self/fd/1`: opening that path again would truncate (or replace) what
 * the shell opened, even a file opened with `>>`; writing to the descriptor itself is what the
 * user means. Follows the symlink chain by hand, since the last link is a kernel pseudo-link.
 */
function inheritedDescriptor(absolute: string): number | null {
  const own = new RegExp(`^/(?:proc/(?:self|thread-self|${process.pid})/fd|dev/fd)/(\\d+)$`);
  let current = absolute;
  for (let hop = 0; hop <= SYMLINK_LIMIT; hop++) {
    const match = own.exec(current);
    if (match) return Number(match[1]);
    if (!isSymlink(current)) return null;
    current = resolve(dirname(current), readlinkSync(current));
  }
  return null;
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function temporaryName(target: string): string {
  const random = Math.random().toString(36).slice(2, 10);
  return join(dirname(target), `.${basename(target)}.${process.pid}.${random}.shipshape.tmp`);
}

function noctty(): number {
  return constants.O_NOCTTY ?? 0;
}
