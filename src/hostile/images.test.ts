import { afterAll, describe, it } from 'vitest';
import { removeCaseRoots, runCase } from './harness.js';
import { imageCases } from './image-cases.js';

afterAll(removeCaseRoots);

describe('hostile images (inspect, check)', () => {
  it.each(imageCases.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, hostile) => {
      await runCase('image', hostile);
    },
    90_000,
  );
});
