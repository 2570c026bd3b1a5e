import { afterAll, describe, it } from 'vitest';
import { oddDockerfiles } from './dockerfile-cases.js';
import { removeCaseRoots, runCase } from './harness.js';

afterAll(removeCaseRoots);

describe('odd Dockerfiles (bytes, limits, fuzz, special files)', () => {
  it.each(oddDockerfiles.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, hostile) => {
      await runCase('dockerfile', hostile);
    },
    90_000,
  );
});
