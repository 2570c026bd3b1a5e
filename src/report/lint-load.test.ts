import { describe, expect, it } from 'vitest';
import { lintReporters } from './lint.js';
import { LINT_FORMATS } from './lint-formats.js';
import { loadLintReporter } from './lint-load.js';

describe('loadLintReporter', () => {
  it.each(LINT_FORMATS)('loads the same %s reporter lintReporters holds', async (format) => {
    expect(await loadLintReporter(format)).toBe(lintReporters[format]);
  });
});
