import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const started = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:worker_threads', async (original) => {
  const real = await original<typeof import('node:worker_threads')>();
  class CountedWorker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args);
      started.count++;
    }
  }
  return { ...real, Worker: CountedWorker };
});

const { hashQueuedHere, hashRange } = await import('./hash-worker.js');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-hash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const digest = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

describe('hashRange', () => {
  it('hashes many large ranges on one shared thread, with the right digests', async () => {
    const file = join(dir, 'blob');
    const data = Buffer.alloc(6 << 20);
    for (let i = 0; i < data.length; i += 4096) data[i] = i % 251;
    await writeFile(file, data);
    const ranges = Array.from({ length: 12 }, (_, i) => ({
      file,
      start: i * 1000,
      end: data.length - 1 - i,
    }));
    const digests = await Promise.all(ranges.map((range) => hashRange(range)));
    expect(digests).toEqual(ranges.map((r) => digest(data.subarray(r.start, r.end + 1))));
    expect(started.count).toBe(1);
    // A later request reuses the same thread.
    expect(await hashRange({ file, start: 0, end: data.length - 1 })).toBe(digest(data));
    expect(started.count).toBe(1);
  });

  it('hashes small and empty ranges without a thread, and fails on a missing file', async () => {
    const file = join(dir, 'small');
    await writeFile(file, 'hello');
    const before = started.count;
    expect(await hashRange({ file, start: 1, end: 3 })).toBe(digest(Buffer.from('ell')));
    expect(await hashRange({ file, start: 0, end: -1 })).toBe(digest(Buffer.alloc(0)));
    expect(started.count).toBe(before);
    await expect(hashRange({ file: join(dir, 'missing'), start: 0, end: 10 << 20 })).rejects.toThrow();
  });

  it('lets this thread hash what the thread has not started, with the same digests', async () => {
    const file = join(dir, 'queued');
    const data = Buffer.alloc(5 << 20);
    for (let i = 0; i < data.length; i += 512) data[i] = (i >> 9) % 253;
    await writeFile(file, data);
    const ranges = Array.from({ length: 6 }, (_, i) => ({ file, start: i * 512, end: data.length - 1 }));
    const pending = ranges.map((range) => hashRange(range));
    await hashQueuedHere();
    expect(await Promise.all(pending)).toEqual(ranges.map((r) => digest(data.subarray(r.start, r.end + 1))));
  });
});
