import { afterAll, describe, it } from 'vitest';
import { dockerfileCases } from './dockerfile-cases.js';
import { removeCaseRoots, runCase } from './harness.js';

afterAll(removeCaseRoots);

describe('hostile Dockerfiles (lint, optimize)', () => {
  it.each(dockerfileCases.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, hostile) => {
      await runCase('dockerfile', hostile);
    },
    90_000,
  );
});
