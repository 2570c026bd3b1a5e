import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readRegularFileOrNull } from '../../fs/index.js';

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
export function scanPythonSources(root: string, limits = SCAN_LIMITS): PythonSource[] {
  const sources: PythonSource[] = [];
  let queue: Array<{ dir: string; depth: number }> = [{ dir: '', depth: 0 }];
  while (queue.length > 0 && sources.length < limits.maxFiles) {
    const next: typeof queue = [];
    for (const { dir, depth } of queue) {
      let entries: import('node:fs').Dirent[];
      try {
        entries = readdirSync(path.join(root, dir), { withFileTypes: true });
      } catch {
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const relative = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (depth < limits.maxDepth && !SKIPPED_DIRS.has(entry.name) && !entry.name.endsWith('.egg-info')) {
            next.push({ dir: relative, depth: depth + 1 });
          }
          continue;
        }
        if (!entry.isFile() || !entry.name.endsWith('.py') || sources.length >= limits.maxFiles) continue;
        // An unreadable or too big source file only costs us facts, not the load.
        const bytes = readRegularFileOrNull(path.join(root, relative), limits.maxBytes);
        if (bytes)
          sources.push({ path: relative, text: bytes.toString('utf8'), isTest: isTestPath(relative) });
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
