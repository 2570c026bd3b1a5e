import { isIgnored, parseDockerIgnore } from '../project/dockerignore.js';
import type { DockerIgnoreFile } from '../project/types.js';

/** What never belongs in a Python server's build context (the guide's list, trimmed to what matters). */
export const RECOMMENDED_IGNORES = [
  '.git/',
  '.github/',
  '.gitignore',
  '.venv/',
  'venv/',
  'env/',
  '__pycache__/',
  '**/__pycache__/',
  '*.py[cod]',
  '.pytest_cache/',
  '.mypy_cache/',
  '.ruff_cache/',
  '.tox/',
  '.nox/',
  '.coverage',
  'htmlcov/',
  '*.egg-info/',
  'dist/',
  'build/',
  '.env',
  '.env.*',
  '*.pem',
  'id_rsa*',
  '.netrc',
  '.aws/',
  'tests/',
  'docs/',
  '.vscode/',
  '.idea/',
  '.DS_Store',
  '*.log',
  'Dockerfile*',
  '*.Dockerfile',
  'compose*.y*ml',
  'docker-compose*.y*ml',
  '.dockerignore',
  '.shipshape/',
];

/** Recommendations a development target needs (its tests, docs and tool settings). */
const DEVELOPMENT_FILES = new Set(['tests/', 'docs/', '.vscode/', '.idea/']);

function normalise(pattern: string): string {
  return pattern.replace(/^\/+/, '').replace(/\/+$/, '');
}

/** A recommendation must not undo a user's own `!` exception (`!tests/fixtures/` then our `tests/`). */
function overridesAnException(existing: DockerIgnoreFile | null, pattern: string): boolean {
  const base = normalise(pattern).replace(/\*+$/, '');
  return (existing?.patterns ?? []).some(
    (p) =>
      p.exclusion &&
      (normalise(p.pattern).startsWith(base) ||
        isIgnored(parseDockerIgnore(pattern, '.dockerignore'), normalise(p.pattern))),
  );
}

/**
 * A new .dockerignore, or the user's one extended: their entries stay as written and in order;
 * missing recommendations are appended under one comment, except those that would override
 * one of the user's exceptions; every file the rewritten build reads (`keep`) is let through,
 * with a `!` line when the user's own patterns (an allow-list such as `*` then `!src/`) exclude it.
 */
export function dockerignoreText(
  existing: DockerIgnoreFile | null,
  keep: readonly string[] = [],
  options: { keepDevelopmentFiles?: boolean } = {},
): string {
  const present = new Set((existing?.patterns ?? []).map((p) => normalise(p.pattern)));
  const keepSet = new Set(keep.map(normalise));
  const missing = RECOMMENDED_IGNORES.filter(
    (p) =>
      !present.has(normalise(p)) &&
      !keepSet.has(normalise(p)) &&
      !overridesAnException(existing, p) &&
      !(options.keepDevelopmentFiles && DEVELOPMENT_FILES.has(p)) &&
      !keep.some((k) => k !== '.' && isIgnored(parseDockerIgnore(p, '.dockerignore'), normalise(k))),
  );
  const draft = (lines: string[]): string => {
    if (!existing) {
      return `# Written by shipshape optimize: keeps the build context (and the image) free of\n# VCS data, virtualenvs, caches, secrets, tests and docs.\n${lines.join('\n')}\n`;
    }
    if (lines.length === 0) return existing.text;
    const base = existing.text.endsWith('\n') || existing.text === '' ? existing.text : `${existing.text}\n`;
    return `${base}\n# Added by shipshape optimize\n${lines.join('\n')}\n`;
  };
  const first = draft(missing);
  const parsed = parseDockerIgnore(first, '.dockerignore');
  const excluded = keep.filter((k) => k !== '.' && isIgnored(parsed, normalise(k)));
  if (excluded.length === 0) return first;
  return draft([...missing, '# Read by the optimized build', ...excluded.map((k) => `!${normalise(k)}`)]);
}
