import { afterAll, describe, it } from 'vitest';
import { explodingDockerfiles } from './dockerfile-cases.js';
import { removeCaseRoots, runCase } from './harness.js';

afterAll(removeCaseRoots);

describe('Dockerfiles built to explode (lint, optimize)', () => {
  it.each(explodingDockerfiles.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, hostile) => {
      await runCase('exploding', hostile);
    },
    90_000,
  );
});
