import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const cli = join(process.cwd(), 'dist/cli.js');
const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function copyOf(dir: string): string {
  const target = mkdtempSync(join(tmpdir(), 'shipshape-cli-optimize-'));
  temporary.push(target);
  cpSync(dir, target, { recursive: true });
  return target;
}

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'shipshape-cli-optimize-'));
  temporary.push(root);
  for (const [path, content] of Object.entries(files)) writeFileSync(join(root, path), content);
  return root;
}

const shipshape = (...args: string[]) => execa('node', [cli, ...args], { reject: false });

describe('shipshape optimize', () => {
  it('--against without --verify is a usage error that writes nothing', async () => {
    const dir = copyOf('fixtures/projects/flask-requirements');
    const result = await shipshape('optimize', dir, '--against', join(dir, 'Dockerfile'), '--write');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--against needs --verify/);
    expect(existsSync(join(dir, 'Dockerfile.orig'))).toBe(false);
  });

  it('--check fails on the original, --write writes Dockerfile, .dockerignore and a backup, then --check passes', async () => {
    const dir = copyOf('fixtures/projects/flask-requirements');
    const original = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect((await shipshape('optimize', dir, '--check')).exitCode).toBe(1);
    const written = await shipshape('optimize', dir, '--write', '--explain');
    expect(written.exitCode).toBe(0);
    expect(written.stderr).toMatch(/\[SS201/);
    expect(readFileSync(join(dir, 'Dockerfile.orig'), 'utf8')).toBe(original);
    expect(readFileSync(join(dir, '.dockerignore'), 'utf8')).toMatch(/^\.git\/$/m);
    expect((await shipshape('optimize', dir, '--check')).exitCode).toBe(0);
  });

  it('--diff prints a unified diff and writes nothing', async () => {
    const dir = copyOf('fixtures/projects/flask-requirements');
    const before = readdirSync(dir).sort();
    const result = await shipshape('optimize', dir, '--diff');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^--- a\/Dockerfile/m);
    expect(result.stdout).toMatch(/^\+FROM python:3\.11-slim AS builder$/m);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('--json carries the changes and the lint check of the result', async () => {
    const result = await shipshape('optimize', 'examples/guide-app', '--json');
    const parsed = JSON.parse(result.stdout) as {
      changes: Array<{ rules: string[] }>;
      remainingFindings: unknown[];
    };
    expect(parsed.changes.length).toBeGreaterThan(3);
    expect(parsed.remainingFindings).toEqual([]);
  });

  it('--compose writes a service with limits, init and the health check', async () => {
    const dir = copyOf('examples/guide-app');
    expect((await shipshape('optimize', dir, '--write', '--compose', '--no-backup')).exitCode).toBe(0);
    const compose = readFileSync(join(dir, 'compose.yaml'), 'utf8');
    expect(compose).toMatch(/init: true/);
    expect(compose).toMatch(/memory: 2G/);
    expect(compose).toMatch(/8051:8051/);
    expect(existsSync(join(dir, 'Dockerfile.orig'))).toBe(false);
  });

  it('installs no compiler when every locked package has a wheel', async () => {
    const dir = copyOf('examples/guide-app');
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8').replace(
      'RUN pip install uv',
      'RUN apt-get update && apt-get install -y build-essential\nRUN pip install uv',
    );
    writeFileSync(join(dir, 'Dockerfile'), dockerfile);
    const result = await shipshape('optimize', dir, '--explain');
    expect(result.stdout).not.toMatch(/build-essential/);
    expect(result.stderr).toMatch(/No compiler installed/);
  });

  it.each([
    [
      'a conda project',
      { 'environment.yml': 'name: x\ndependencies: [python=3.12]\n', Dockerfile: 'FROM python:3.12\n' },
      /Conda/,
    ],
    [
      'an unparsable Dockerfile',
      { 'requirements.txt': 'flask\n', Dockerfile: 'FROM python:3.12\nFROBNICATE\n' },
      /Dockerfile:2/,
    ],
    [
      'a uv project without its lock',
      {
        'pyproject.toml': '[project]\nname = "x"\nversion = "1"\n[tool.uv]\n',
        Dockerfile: 'FROM python:3.12\nCOPY uv.lock .\nRUN uv sync --locked\n',
      },
      /uv\.lock/,
    ],
    [
      'requirements holding `-e .` (the project itself, before its source is there)',
      {
        'pyproject.toml': '[project]\nname = "x"\nversion = "1"\n',
        'requirements.txt': 'flask\n-e .\n',
        Dockerfile: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n',
      },
      /^shipshape: requirements\.txt:2: "-e \." installs the project itself/,
    ],
    [
      'requirements naming a wheel by a path inside the image (file:///wheels/…)',
      {
        'requirements.txt': 'flask\nx @ file:///wheels/x-1-py3-none-any.whl\n',
        Dockerfile:
          'FROM python:3.12\nWORKDIR /app\nCOPY wheels /wheels\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
      },
      /^shipshape: requirements\.txt:2: "x @ file:\/\/\/wheels\/x-1-py3-none-any\.whl" is a path inside the image/,
    ],
    [
      'a uv.lock written for another project',
      {
        'pyproject.toml': '[project]\nname = "mine"\nversion = "1"\ndependencies = ["flask"]\n',
        'uv.lock':
          'version = 1\nrequires-python = ">=3.12"\n\n[[package]]\nname = "other"\nversion = "1"\nsource = { editable = "." }\n',
        Dockerfile:
          'FROM python:3.12\nCOPY --from=ghcr.io/astral-sh/uv /uv /bin/uv\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen\n',
      },
      /^shipshape: uv\.lock belongs to another project: it locks no package named "mine"/,
    ],
  ])('refuses %s with one sentence, exit 2, and writes nothing', async (_name, files, message) => {
    const dir = project(files as Record<string, string>);
    const before = readdirSync(dir).sort();
    const result = await shipshape('optimize', dir, '--write');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('a pyproject without dependencies is still the project: its install is kept after the source', async () => {
    const dir = project({
      'pyproject.toml':
        '[project]\nname = "x"\nversion = "1"\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
      Dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install .\nCMD ["python", "-m", "x"]\n',
    });
    const result = await shipshape('optimize', dir);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/no pyproject/i);
    const copy = result.stdout.indexOf('COPY . .');
    const install = result.stdout.search(/pip --python \/app\/\.venv\/bin\/python install \.$/m);
    expect(copy).toBeGreaterThan(0);
    expect(install).toBeGreaterThan(copy);
  });

  it('a local package named as `name @ file:./libs/pkg` is mounted for the dependency step', async () => {
    const dir = project({
      'requirements.txt': 'flask\nmylib @ file:./libs/mylib\n',
      Dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
    });
    const result = await shipshape('optimize', dir);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('--mount=type=bind,source=libs/mylib,target=libs/mylib,rw');
  });
});
