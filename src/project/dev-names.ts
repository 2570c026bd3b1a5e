/**
 * Names that mark a dependency set (group, extra, requirements file) as development-only.
 * Matched as whole words so `devtools` or `testcontainers-runtime` groups are not caught
 * by accident, but `dev`, `test`, `tests`, `lint`, `docs`, `typing` are.
 */
const DEV_WORDS = new Set([
  'dev',
  'devel',
  'develop',
  'development',
  'test',
  'tests',
  'testing',
  'lint',
  'linting',
  'lints',
  'docs',
  'doc',
  'documentation',
  'typing',
  'types',
  'mypy',
  'ci',
  'qa',
  'check',
  'checks',
  'style',
  'format',
  'fmt',
  'benchmark',
  'bench',
  'local',
  'debug',
  'coverage',
]);

export function isDevName(name: string): boolean {
  const words = name
    .toLowerCase()
    .replace(/\.(txt|in)$/, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some((word) => DEV_WORDS.has(word));
}
