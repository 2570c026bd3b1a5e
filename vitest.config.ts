import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
    // Tests (and the CLI they spawn) parse every lock: nothing is written to the user's cache,
    // and a parser being changed is never hidden behind a cached model. parse-cache.test.ts
    // turns the cache on in a folder of its own.
    env: { SHIPSHAPE_NO_CACHE: '1' },
    hookTimeout: 600_000,
    // End-to-end tests build images; two cores cannot run many builds at once.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
