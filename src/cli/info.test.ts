import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { removeProjectCopies, writeProject } from '../test-support/project-copies.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repo, 'dist/cli.js');
afterAll(removeProjectCopies);

const project = (files: Record<string, string | Buffer>) => writeProject(files, 'shipshape-info-');

const info = (...args: string[]) => execa('node', [cli, 'info', ...args], { reject: false, cwd: repo });

function expectInputError(
  result: { exitCode?: number; stderr: string; stdout: string },
  message: RegExp,
): void {
  expect(result.exitCode).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).toBe('');
}

describe('shipshape info', () => {
  it('prints the guide app model as text', async () => {
    const result = await info('examples/guide-app');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/package manager:\s+uv \(from uv\.lock\)/);
    expect(result.stdout).toMatch(/group:dev:\s+2 packages, dev-only/);
    expect(result.stdout).toMatch(/app:\s+src\.main:app/);
    expect(result.stdout).toMatch(/ports:\s+8080, 8051/);
    expect(result.stdout).toMatch(/health route:\s+\/health/);
    expect(result.stdout).toMatch(/Dockerfile \(used\): 1 stage/);
  });

  it('prints stable JSON without raw text', async () => {
    const result = await info('examples/guide-app', '--json');
    expect(result.exitCode).toBe(0);
    const model = JSON.parse(result.stdout);
    expect(model.manager.name).toBe('uv');
    expect(model.server).toMatchObject({
      framework: 'fastapi',
      app: 'src.main:app',
      ports: [8080, 8051],
      health: '/health',
    });
    expect(model.devSets).toEqual(['group:dev']);
    expect(model.lock).toMatchObject({ kind: 'uv', path: 'uv.lock' });
    expect(model.dockerfiles[0]).toMatchObject({ path: 'Dockerfile', primary: true });
    // The Dockerfile text and syntax tree stay out; only per-stage summaries are printed.
    expect(result.stdout).not.toContain('apt-get update');
    expect(result.stdout).not.toContain('"instructions": [');
    expect(result.stdout.length).toBeLessThan(200_000);
  });

  it('uses --dockerfile', async () => {
    const dir = project({
      Dockerfile: 'FROM a\n',
      'prod.Dockerfile': 'FROM python:3.12-slim AS base\nFROM base\n',
    });
    const result = await info(dir, '--dockerfile', path.join(dir, 'prod.Dockerfile'), '--json');
    expect(JSON.parse(result.stdout).dockerfiles.map((entry: { path: string }) => entry.path)).toEqual([
      'prod.Dockerfile',
    ]);
  });

  it('exits 2 with one sentence on bad input', async () => {
    expectInputError(await info('no/such/folder'), /^shipshape: The folder no\/such\/folder does not exist/);
    const dir = project({ Dockerfile: Buffer.from([0, 1, 2, 3]), 'pyproject.toml': 'x = [\n' });
    expectInputError(await info(dir), /^shipshape: Dockerfile is a binary file/);
    expectInputError(
      await info(dir, '--dockerfile', 'missing.Dockerfile'),
      /missing\.Dockerfile does not exist/,
    );
    const toml = project({ 'pyproject.toml': '[project]\nname = "x"\n[project\n' });
    expectInputError(await info(toml), /^shipshape: pyproject\.toml:3:\d+: malformed TOML/);
    const big = project({ 'requirements.txt': `flask\n${'# padding\n'.repeat(120_000)}` });
    expectInputError(await info(big), /requirements\.txt is 1\.1 MiB, larger than the 1 MiB/);
    const lock = project({ 'Pipfile.lock': '{"default": ' });
    expectInputError(await info(lock), /^shipshape: Pipfile\.lock:1: malformed JSON lock file/);
  });
});
