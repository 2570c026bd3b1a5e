import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** A byte range of a file on disk, for work that can read it independently. */
export interface FileRange {
  file: string;
  start: number;
  /** Inclusive end, as fs.createReadStream takes it; -1 for an empty range. */
  end: number;
}

// Inline CommonJS so the same code runs from src/ under vitest and from dist/ when built.
// One worker serves every request, one at a time, in the order they came.
// It reads with one reused buffer, so hashing a 1 GB layer allocates nothing per chunk.
const WORKER_SOURCE = `
const { createHash } = require('node:crypto');
const { closeSync, openSync, readSync } = require('node:fs');
const { parentPort } = require('node:worker_threads');
const buffer = Buffer.allocUnsafe(1 << 20);
parentPort.on('message', ({ id, file, start, end }) => {
  const hash = createHash('sha256');
  let fd;
  try {
    fd = openSync(file, 'r');
    for (let position = start; position <= end; ) {
      const read = readSync(fd, buffer, 0, Math.min(buffer.length, end - position + 1), position);
      if (read === 0) throw new Error('the file ended early');
      hash.update(buffer.subarray(0, read));
      position += read;
    }
    parentPort.postMessage({ id, digest: 'sha256:' + hash.digest('hex') });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message) });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
});
`;

/** Below this, a range is hashed on the main thread: posting it costs more than it saves. */
const WORKER_THRESHOLD = 4 << 20;

interface Pending {
  resolve: (digest: string) => void;
  reject: (error: Error) => void;
}

/**
 * One hashing thread for the whole process, started on first use. It keeps the process alive
 * only while a request is pending (a thread per layer cost 1,000 thread starts for 1,000 layers).
 */
class HashWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  hash(range: FileRange): Promise<string> {
    const worker = this.start();
    const id = this.nextId++;
    const result = new Promise<string>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    if (this.pending.size === 1) worker.ref();
    worker.postMessage({ id, ...range });
    return result;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (message: { id: number; digest?: string; error?: string }) => {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if (message.digest) waiting?.resolve(message.digest);
      else waiting?.reject(new Error(message.error ?? 'hashing failed'));
    });
    // A dead worker fails what it was doing; the next request starts a new one.
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the hashing thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}

const shared = new HashWorker();

function hashHere(range: FileRange): Promise<string> {
  const hash = createHash('sha256');
  if (range.end < range.start) return Promise.resolve(`sha256:${hash.digest('hex')}`);
  return new Promise((resolve, reject) => {
    createReadStream(range.file, { start: range.start, end: range.end })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(`sha256:${hash.digest('hex')}`));
  });
}

/**
 * sha256 of a file range. A large range is hashed on a second core (one shared thread): the
 * scan reads the same bytes from the page cache, so on a 1 GB image hashing no longer adds
 * to wall time.
 */
export function hashRange(range: FileRange): Promise<string> {
  return range.end - range.start + 1 < WORKER_THRESHOLD ? hashHere(range) : shared.hash(range);
}
