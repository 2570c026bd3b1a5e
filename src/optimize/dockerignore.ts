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

function normalise(pattern: string): string {
  return pattern.replace(/^\/+/, '').replace(/\/+$/, '');
}

/**
 * A new .dockerignore, or the user's one extended: their entries stay as written and in
 * order; missing recommendations are appended under one comment.
 */
export function dockerignoreText(existing: DockerIgnoreFile | null, keep: readonly string[] = []): string {
  const present = new Set((existing?.patterns ?? []).map((p) => normalise(p.pattern)));
  const keepSet = new Set(keep.map(normalise));
  const missing = RECOMMENDED_IGNORES.filter((p) => !present.has(normalise(p)) && !keepSet.has(normalise(p)));
  if (!existing) {
    return `# Written by shipshape optimize: keeps the build context (and the image) free of\n# VCS data, virtualenvs, caches, secrets, tests and docs.\n${missing.join('\n')}\n`;
  }
  if (missing.length === 0) return existing.text;
  const base = existing.text.endsWith('\n') || existing.text === '' ? existing.text : `${existing.text}\n`;
  return `${base}\n# Added by shipshape optimize\n${missing.join('\n')}\n`;
}
