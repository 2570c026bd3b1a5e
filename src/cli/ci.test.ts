import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Runs the built CLI (`npm run build` first).
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(repo, 'dist/cli.js');
let scratch: string;

const ci = (args: string[], cwd: string) =>
  execa('node', [cli, 'ci', 'github', ...args], { reject: false, cwd });

/** A git repository (just the .git marker) with the uv-fastapi fixture in services/api. */
async function repository(name: string): Promise<string> {
  const root = join(scratch, name);
  await mkdir(join(root, '.git'), { recursive: true });
  await cp(join(repo, 'fixtures/projects/uv-fastapi'), join(root, 'services/api'), { recursive: true });
  return root;
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'shipshape-cli-ci-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('shipshape ci github (CLI)', () => {
  it('prints the workflow and writes nothing without --write', async () => {
    const root = await repository('print');
    const result = await ci(['services/api'], root);
    expect(result.exitCode).toBe(0);
    const workflow = parse(result.stdout);
    expect(
      workflow.jobs.image.steps.some((s: { run?: string }) => s.run?.startsWith('shipshape check')),
    ).toBe(true);
    expect(existsSync(join(root, '.github'))).toBe(false);
  });

  it('--write puts it at the repository root with paths to the project', async () => {
    const root = await repository('write');
    const result = await ci(['services/api', '--write'], root);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/wrote \.github\/workflows\/container\.yml \(starter budgets/);
    const text = await readFile(join(root, '.github/workflows/container.yml'), 'utf8');
    const build = parse(text).jobs.image.steps.find((s: { uses?: string }) =>
      s.uses?.startsWith('docker/build-push'),
    );
    expect(build.with).toMatchObject({
      context: 'services/api',
      file: 'services/api/Dockerfile',
      tags: 'uv-fastapi:ci',
    });
  });

  it('uses the project’s own budgets when it has them', async () => {
    const root = await repository('budgets');
    const pyproject = join(root, 'services/api/pyproject.toml');
    await writeFile(
      pyproject,
      `${await readFile(pyproject, 'utf8')}\n[tool.shipshape.budgets]\nmax-size = "300MB"\n`,
    );
    const result = await ci(['services/api'], root);
    expect(result.stdout).toContain('run: shipshape check services/api --image uv-fastapi:ci\n');
  });

  it('refuses to replace an existing workflow unless --force', async () => {
    const root = await repository('again');
    expect((await ci(['services/api', '--write'], root)).exitCode).toBe(0);
    const again = await ci(['services/api', '--write'], root);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/container\.yml already exists; pass --force/);
    expect((await ci(['services/api', '--write', '--force'], root)).exitCode).toBe(0);
  });

  it('an unwritable .github gives one sentence and exit 2, leaving nothing behind', async () => {
    const root = await repository('blocked');
    await writeFile(join(root, '.github'), 'not a folder');
    const result = await ci(['services/api', '--write'], root);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'shipshape: Cannot write .github/workflows/container.yml: .github is a file, not a folder.',
    ]);
    expect(readdirSync(root).sort()).toEqual(['.git', '.github', 'services']);
  });

  it('a project without a Dockerfile gives exit 2', async () => {
    const result = await ci([join(repo, 'fixtures/projects/no-dockerfile')], scratch);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/has no Dockerfile to build/);
  });
});
