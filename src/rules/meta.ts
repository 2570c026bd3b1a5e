import { defineRule } from './define.js';

/** SS001 and SS002 are produced by the runner itself; these definitions carry their metadata and docs. */
export const syntaxErrorRule = defineRule({
  code: 'SS001',
  name: 'dockerfile-syntax-error',
  severity: 'error',
  fixable: false,
  sources: ['hadolint:DL1000', 'buildkit:parse'],
  docs: {
    summary: 'The Dockerfile cannot be parsed at this place.',
    whatItDoes:
      'Reports an instruction the Dockerfile grammar rejects: an unknown keyword, a missing argument, an instruction before the first FROM, an unclosed heredoc.',
    why: 'BuildKit stops at the first syntax error; every other finding is only as good as what parsed.',
    example: { bad: 'FROBNICATE x', good: 'RUN x' },
    fixSafety: 'No fix: the intent is unknown.',
  },
  check: () => {},
});

export const unusedSuppressionRule = defineRule({
  code: 'SS002',
  name: 'unused-suppression',
  severity: 'warning',
  fixable: false,
  sources: ['ruff:RUF100'],
  docs: {
    summary: 'A `# shipshape: ignore=` comment suppresses nothing.',
    whatItDoes: 'Reports codes in suppression comments that no finding used.',
    why: 'Stale suppressions hide future findings on the same line and mislead readers.',
    example: {
      bad: '# shipshape: ignore=SS104\nRUN pip install --no-cache-dir flask',
      good: 'RUN pip install --no-cache-dir flask',
    },
    fixSafety: 'No fix yet.',
  },
  check: () => {},
});
