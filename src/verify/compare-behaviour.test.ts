import { describe, expect, it } from 'vitest';
import { compareBehaviour } from './compare-behaviour.js';

const healthy = {
  healthy: true,
  strategy: 'HTTP GET /health',
  user: 'root',
  timeToHealthyMs: 1500,
  idleMemoryBytes: 31 * 2 ** 20,
};

describe('compareBehaviour', () => {
  it('records time to healthy and idle memory of both without judging them', () => {
    const section = compareBehaviour(healthy, {
      ...healthy,
      timeToHealthyMs: 9000,
      idleMemoryBytes: 64 * 2 ** 20,
    });
    expect(section.differences).toEqual([]);
    expect(section.equal).toBe('both start and answer their health check');
    expect(section.notes).toEqual([
      'before: healthy in 1.5 s, idle memory 31.0 MiB (HTTP GET /health)',
      'after: healthy in 9.0 s, idle memory 64.0 MiB (HTTP GET /health)',
    ]);
  });

  it('after failing where before answered is a difference', () => {
    const section = compareBehaviour(healthy, {
      healthy: false,
      strategy: 'TCP connect',
      user: 'app',
      error: 'container exited with code 1',
    });
    expect(section.differences.map((d) => d.detail)).toEqual([
      'after did not become healthy (TCP connect: container exited with code 1) while before did',
    ]);
  });

  it('before failing too is reported, not held against after', () => {
    const failing = { healthy: false, strategy: 'HTTP GET /health', user: 'root', error: 'timed out' };
    const section = compareBehaviour(failing, healthy);
    expect(section.differences).toEqual([]);
    expect(section.notes[0]).toBe('before did not become healthy (HTTP GET /health: timed out); after did');
  });
});
