import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 600_000,
    // End-to-end tests build images; two cores cannot run many builds at once.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
