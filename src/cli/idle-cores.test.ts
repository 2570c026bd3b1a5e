import { describe, expect, it } from 'vitest';
import { type CoreSample, sampleCores, threadsForIdleCores } from './idle-cores.js';

const sample = (atMs: number, busyMs: number, ownMs: number): CoreSample => ({ atMs, busyMs, ownMs });

describe('threads for idle cores', () => {
  it('uses every core when only this process worked between the samples', () => {
    // 100 ms on two cores; this process used 100 ms of CPU, and so did the machine.
    expect(threadsForIdleCores(sample(0, 5_000, 10), sample(100, 5_100, 110), 2)).toBe(2);
  });

  it('keeps one thread when other programs kept both cores busy', () => {
    expect(threadsForIdleCores(sample(0, 5_000, 10), sample(100, 5_300, 110), 2)).toBe(1);
  });

  it('still takes a share of a core one other program keeps busy', () => {
    expect(threadsForIdleCores(sample(0, 0, 0), sample(100, 200, 100), 2)).toBe(2);
    // Three cores' worth of other work on eight: five idle, plus a share for this thread.
    expect(threadsForIdleCores(sample(0, 0, 0), sample(100, 400, 100), 8)).toBe(6);
  });

  it('counts time the cores spent waiting for the disk as idle (it is not among the busy times)', () => {
    // Only this process's own 100 ms is busy: the rest of the span was idle or I/O wait.
    expect(threadsForIdleCores(sample(0, 1_000, 0), sample(100, 1_100, 100), 4)).toBe(4);
  });

  it('never answers fewer than one thread or more than the cores, whatever the clock did', () => {
    expect(threadsForIdleCores(sample(100, 0, 0), sample(100, 50, 0), 2)).toBe(1);
    expect(threadsForIdleCores(sample(0, 0, 0), sample(100, 10_000, 0), 2)).toBe(1);
    expect(threadsForIdleCores(sample(0, 500, 500), sample(100, 500, 500), 16)).toBe(16);
  });

  it('samples this machine: busy and own times never go backwards', async () => {
    const before = sampleCores();
    let spin = 0;
    while (performance.now() - before.atMs < 30) spin++;
    const after = sampleCores();
    expect(spin).toBeGreaterThan(0);
    expect(after.busyMs).toBeGreaterThanOrEqual(before.busyMs);
    expect(after.ownMs).toBeGreaterThan(before.ownMs);
    expect(after.atMs).toBeGreaterThan(before.atMs);
  });
});
