import { afterAll, describe, it } from 'vitest';
import { removeCaseRoots, runCase } from './harness.js';
import { writeCases } from './write-cases.js';

afterAll(removeCaseRoots);

describe('writes onto hostile targets (lint --fix, optimize --write, --output)', () => {
  it.each(writeCases.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, hostile) => {
      await runCase('write', hostile);
    },
    90_000,
  );
});
