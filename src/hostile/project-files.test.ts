import { afterAll, describe, it } from 'vitest';
import { removeCaseRoots, runCase } from './harness.js';
import { projectCases } from './project-cases.js';

afterAll(removeCaseRoots);

describe('hostile project files (pyproject, requirements, locks, .dockerignore)', () => {
  it.each(projectCases.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, hostile) => {
      await runCase('project', hostile);
    },
    90_000,
  );
});
