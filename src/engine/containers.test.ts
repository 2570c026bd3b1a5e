import { describe, expect, it } from 'vitest';
import { memoryUsage, runArgs } from './containers.js';

describe('memoryUsage', () => {
  it("reads the used part of docker stats' MemUsage column in binary units", () => {
    expect(memoryUsage('30.8MiB / 23.54GiB\n')).toBe(Math.round(30.8 * 2 ** 20));
    expect(memoryUsage('428KiB / 23.54GiB')).toBe(428 * 1024);
    expect(memoryUsage('0B / 0B')).toBe(0);
    expect(memoryUsage('--')).toBeUndefined();
  });
});

describe('runArgs', () => {
  it('labels every container and publishes on loopback', () => {
    expect(runArgs({ image: 'x', ports: [8000], name: 'n' })).toEqual([
      'run',
      '--detach',
      '--label',
      'io.shipshape.managed=true',
      '--name',
      'n',
      '--publish',
      '127.0.0.1::8000',
      'x',
    ]);
  });
});
