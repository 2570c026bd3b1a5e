import type { ProjectSource } from '../source.js';

/** A Python file read for server facts. Scanning is shallow and bounded: big trees must stay fast. */
export interface PythonSource {
  /** Relative to the project root, `/`-separated. */
  path: string;
  text: string;
  /** True under tests/ or named test_*.py / *_test.py / conftest.py. */
  isTest: boolean;
}

export const SCAN_LIMITS = { maxFiles: 400, maxBytes: 256 * 1024, maxDepth: 6 };

const SKIPPED_DIRS = new Set([
  '.git',
  '.hg',
  '.venv',
  'venv',
  'env',
  '.env',
  'node_modules',
  '__pycache__',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'build',
  'dist',
  'site-packages',
  '.eggs',
  'migrations',
]);

function isTestPath(relative: string): boolean {
  const parts = relative.split('/');
  const file = parts[parts.length - 1] ?? '';
  return (
    parts.slice(0, -1).some((part) => part === 'tests' || part === 'test') ||
    /^test_.*\.py$/.test(file) ||
    /_test\.py$/.test(file) ||
    file === 'conftest.py'
  );
}

/** Reads up to `maxFiles` Python files breadth-first, skipping virtualenvs, caches and big files. */
export function scanPythonSources(source: ProjectSource, limits = SCAN_LIMITS): PythonSource[] {
  const sources: PythonSource[] = [];
  let queue: Array<{ dir: string; depth: number }> = [{ dir: '', depth: 0 }];
  while (queue.length > 0 && sources.length < limits.maxFiles) {
    const next: typeof queue = [];
    for (const { dir, depth } of queue) {
      for (const entry of source.list(dir)) {
        const relative = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.kind === 'dir') {
          if (depth < limits.maxDepth && !SKIPPED_DIRS.has(entry.name) && !entry.name.endsWith('.egg-info')) {
            next.push({ dir: relative, depth: depth + 1 });
          }
          continue;
        }
        if (!entry.name.endsWith('.py') || sources.length >= limits.maxFiles) continue;
        // An unreadable or too big source file only costs us facts, not the load.
        const text = source.readOrNull(relative, limits.maxBytes);
        if (text !== null) sources.push({ path: relative, text, isTest: isTestPath(relative) });
      }
    }
    queue = next;
  }
  return sources;
}

/** `src/main.py` → `src.main`; `app/__init__.py` → `app`. */
export function moduleName(relative: string): string {
  return relative
    .replace(/\.py$/, '')
    .replace(/\/__init__$/, '')
    .split('/')
    .join('.');
}
