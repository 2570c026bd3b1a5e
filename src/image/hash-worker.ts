import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** A byte range of a file on disk, for work that can read it independently. */
export interface FileRange {
  file: string;
  start: number;
  /** Inclusive end, as fs.createReadStream takes it; -1 for an empty range. */
  end: number;
}

// Inline CommonJS so the same code runs from src/ under vitest and from dist/ when built.
// It gets one range at a time and answers before it gets the next.
// It reads with one reused buffer, so hashing a 1 GB layer allocates nothing per chunk.
const WORKER_SOURCE = `
const { createHash } = require('node:crypto');
const { closeSync, openSync, readSync } = require('node:fs');
const { parentPort } = require('node:worker_threads');
const buffer = Buffer.allocUnsafe(1 << 20);
parentPort.on('message', ({ file, start, end }) => {
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
    parentPort.postMessage({ digest: 'sha256:' + hash.digest('hex') });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message) });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
});
`;

/** Below this, a range is hashed on the main thread: posting it costs more than it saves. */
const WORKER_THRESHOLD = 4 << 20;

interface Job {
  range: FileRange;
  resolve: (digest: string) => void;
  reject: (error: Error) => void;
}

/**
 * One hashing thread for the whole process, started on first use, fed one range at a time
 * from a queue kept here: what it has not started yet, the main thread may take over
 * (`hashQueuedHere`) once it has nothing else to do. It keeps the process alive only while
 * a request is pending (a thread per layer cost 1,000 thread starts for 1,000 layers).
 */
class HashWorker {
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private running: Job | undefined;

  hash(range: FileRange): Promise<string> {
    const result = new Promise<string>((resolve, reject) => this.queue.push({ range, resolve, reject }));
    this.pump();
    return result;
  }

  /** Takes the most recently queued job off the thread's queue, if any. */
  steal(): Job | undefined {
    return this.queue.pop();
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    this.running = job;
    const worker = this.start();
    worker.ref();
    worker.postMessage(job.range);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (message: { digest?: string; error?: string }) => {
      const job = this.running;
      this.running = undefined;
      worker.unref();
      if (message.digest) job?.resolve(message.digest);
      else job?.reject(new Error(message.error ?? 'hashing failed'));
      this.pump();
    });
    // A dead worker fails what it was doing and what waits; the next request starts a new one.
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      const jobs = [...(this.running ? [this.running] : []), ...this.queue.splice(0)];
      this.running = undefined;
      for (const job of jobs) job.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the hashing thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}

const shared = new HashWorker();

/** Hashes a range on this thread, blocking, with one reused buffer. */
function hashNow(range: FileRange, buffer: Buffer): string {
  const hash = createHash('sha256');
  const fd = openSync(range.file, 'r');
  try {
    for (let position = range.start; position <= range.end; ) {
      const read = readSync(fd, buffer, 0, Math.min(buffer.length, range.end - position + 1), position);
      if (read === 0) throw new Error('the file ended early');
      hash.update(buffer.subarray(0, read));
      position += read;
    }
  } finally {
    closeSync(fd);
  }
  return `sha256:${hash.digest('hex')}`;
}

/**
 * Hashes, on this thread, the ranges the hashing thread has not started yet, last queued
 * first, while the thread works from the front: with the scan done, both cores hash.
 */
export async function hashQueuedHere(): Promise<void> {
  const buffer = Buffer.allocUnsafe(1 << 20);
  for (let job = shared.steal(); job; job = shared.steal()) {
    try {
      job.resolve(hashNow(job.range, buffer));
    } catch (error) {
      job.reject(error instanceof Error ? error : new Error(String(error)));
    }
    // Let the thread's answers in between ranges.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

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
