import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { copyProject, removeProjectCopies, writeProject } from '../test-support/project-copies.js';

// Runs the built CLI (`npm run build` first, as `npm test` does): the worker is a built file.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repo, 'dist/bin.cjs');
afterAll(removeProjectCopies);

const cache = writeProject({}, 'shipshape-cache-');
const lint = (workers: string, ...args: string[]) =>
  execa('node', [cli, 'lint', ...args], {
    reject: false,
    cwd: repo,
    env: { NO_COLOR: '1', SHIPSHAPE_WORKERS: workers, SHIPSHAPE_CACHE_DIR: cache },
  });

/** A monorepo of the repository's fixture projects: locks, ignore files, several Dockerfiles. */
function monorepo(): string[] {
  const optimize = readdirSync(path.join(repo, 'fixtures/optimize'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join('fixtures/optimize', entry.name));
  return ['examples/guide-app', 'fixtures/projects/django-poetry', 'fixtures/projects/pdm-app', ...optimize]
    .map((dir) => copyProject(path.join(repo, dir)))
    .map((dir) => path.relative(repo, dir));
}

describe('lint in worker threads', () => {
  it('prints byte for byte what one thread prints, in every format', async () => {
    const folders = monorepo();
    for (const format of ['json', 'text', 'sarif']) {
      const [alone, shared] = await Promise.all([
        lint('0', '--format', format, ...folders),
        lint('2', '--format', format, ...folders),
      ]);
      expect(alone.exitCode, alone.stderr).toBe(1);
      expect(shared.exitCode, shared.stderr).toBe(alone.exitCode);
      expect(shared.stdout).toBe(alone.stdout);
      expect(shared.stderr).toBe(alone.stderr);
    }
  });

  it('stops at the first folder in order that fails, with its sentence', async () => {
    const [first, second, third] = monorepo();
    const broken = writeProject({ Dockerfile: 'FROM python:3.12-slim\n', 'pyproject.toml': '[project\n' });
    const late = writeProject({ Dockerfile: 'FROM python:3.12-slim\n', 'pyproject.toml': 'x = \n' });
    const args = [first!, second!, path.relative(repo, broken), third!, path.relative(repo, late)];
    const [alone, shared] = await Promise.all([lint('0', ...args), lint('2', ...args)]);
    expect(alone.exitCode).toBe(2);
    expect(alone.stderr).toContain('pyproject.toml');
    expect(shared.exitCode).toBe(2);
    expect(shared.stderr).toBe(alone.stderr);
    expect(shared.stdout).toBe('');
  });

  it('lints a tree big enough for workers the same way when the idle cores decide (no SHIPSHAPE_WORKERS)', async () => {
    // 36 folders of two Dockerfiles each: past the 64 files from which workers may start.
    const folders = Array.from({ length: 36 }, (_, n) =>
      path.relative(
        repo,
        writeProject({
          Dockerfile: `FROM python:3.12-slim\nRUN pip install flask==3.${n}.0\nCMD python app.py\n`,
          'Dockerfile.dev': `FROM python:3.12\nRUN apt-get update && apt-get install -y gcc\nUSER ${n}\n`,
        }),
      ),
    );
    const [alone, measured] = await Promise.all([
      lint('0', '--format', 'json', ...folders),
      lint('', '--format', 'json', ...folders),
    ]);
    expect(alone.exitCode, alone.stderr).toBe(1);
    expect(JSON.parse(alone.stdout).findings.length).toBeGreaterThan(72);
    expect(measured.exitCode, measured.stderr).toBe(1);
    expect(measured.stdout).toBe(alone.stdout);
    expect(measured.stderr).toBe(alone.stderr);
  });
});
