import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { removeProjectCopies, writeProject } from '../test-support/project-copies.js';

// Runs the built CLI (`npm run build` first, as `npm test` does).
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repo, 'dist/bin.cjs');
afterAll(removeProjectCopies);

const project = (files: Record<string, string | Buffer>) => writeProject(files, 'shipshape-lint-');

const run = (cwd: string, ...args: string[]) =>
  execa('node', [cli, ...args], { reject: false, cwd, env: { NO_COLOR: '1' } });

const PIP = 'FROM python:3.12-slim\nRUN pip install flask\n';

describe('shipshape lint', () => {
  it('lints a project folder: exit 1, code frame, summary', async () => {
    const dir = project({ Dockerfile: PIP });
    const result = await run(dir, 'lint', '--select', 'SS104');
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stdout).toContain('2:5 warning SS104 pip-cache-kept [fix]');
    expect(result.stdout).toContain('2 | RUN pip install flask\n      |     ^^^^^^^^^^^^^^^^^');
    expect(result.stdout).toMatch(
      /Found 1 problem \(0 errors, 1 warning, 0 info\) in 1 file\.\n1 fixable with --fix\./,
    );
  });

  it('reads an action.yml from the lint bundle: a Docker action is not told to set USER', async () => {
    const dockerfile = 'FROM python:3.12-slim\nCOPY main.py /main.py\nENTRYPOINT ["python", "/main.py"]\n';
    const action = project({
      Dockerfile: dockerfile,
      'action.yml': "name: x\nruns:\n  using: 'docker'\n  image: 'Dockerfile'\n",
    });
    const service = project({ Dockerfile: dockerfile });
    const asAction = await run(action, 'lint', '--select', 'SS301');
    expect(asAction.exitCode, asAction.stderr).toBe(0);
    expect((await run(service, 'lint', '--select', 'SS301')).stdout).toContain('SS301 runs-as-root');
  });

  it('takes a Dockerfile path, github format, and --fail-on', async () => {
    const dir = project({ 'docker/prod.Dockerfile': PIP });
    const result = await run(
      dir,
      'lint',
      'docker/prod.Dockerfile',
      '--select',
      'SS104',
      '--format',
      'github',
    );
    expect(result.stdout.split('\n')[0]).toBe(
      '::warning file=docker/prod.Dockerfile,line=2,col=5,endLine=2,endColumn=22,title=SS104 pip-cache-kept::pip keeps its download cache in the layer: add `--no-cache-dir` or mount a cache on /root/.cache/pip.',
    );
    expect(result.exitCode, result.stderr).toBe(1);
    const lenient = await run(
      dir,
      'lint',
      'docker/prod.Dockerfile',
      '--select',
      'SS104',
      '--fail-on',
      'error',
    );
    expect(lenient.exitCode).toBe(0);
  });

  it('applies config from pyproject, flags override, unknown keys exit 2', async () => {
    const dir = project({
      Dockerfile: PIP,
      'pyproject.toml':
        '[project]\nname = "x"\nversion = "1"\n\n[tool.shipshape]\nselect = ["SS104"]\nseverity = { SS104 = "error" }\n',
    });
    const json = JSON.parse((await run(dir, 'lint', '--format', 'json')).stdout);
    expect(json.findings.map((f: { rule: string; severity: string }) => `${f.rule}:${f.severity}`)).toEqual([
      'SS104:error',
    ]);
    const ignored = await run(dir, 'lint', '--ignore', 'SS104');
    expect(ignored.exitCode).toBe(0);
    expect(ignored.stdout).toBe('No problems found in 1 file.');

    const bad = project({ Dockerfile: PIP, '.shipshape.toml': 'selct = ["SS1"]\n' });
    const failed = await run(bad, 'lint');
    expect(failed.exitCode).toBe(2);
    expect(failed.stderr.trim()).toBe(
      'shipshape: .shipshape.toml: unknown shipshape setting "selct"; known settings are select, ignore, severity, fail-on, trusted-registries, budgets.',
    );
  });

  it('honours suppressions and reports unused ones as SS002', async () => {
    const dir = project({
      Dockerfile:
        'FROM python:3.12-slim\n# shipshape: ignore=SS104\nRUN pip install flask\n# shipshape: ignore=SS104\nRUN echo hi\n',
    });
    const json = JSON.parse((await run(dir, 'lint', '--select', 'SS0,SS104', '--format', 'json')).stdout);
    expect(
      json.findings.map((f: { rule: string; range: { start: { line: number } } }) => [
        f.rule,
        f.range.start.line,
      ]),
    ).toEqual([['SS002', 4]]);
  });

  it('reports a syntax error as SS001 and still runs the other rules', async () => {
    const dir = project({ Dockerfile: 'FROM python:3.12-slim\nFROBNICATE x\nRUN pip install flask\n' });
    const json = JSON.parse((await run(dir, 'lint', '--select', 'SS001,SS104', '--format', 'json')).stdout);
    expect(json.findings.map((f: { rule: string }) => f.rule)).toEqual(['SS001', 'SS104']);
  });

  it('--diff prints a unified diff and writes nothing; --fix writes atomically and re-lints', async () => {
    const dir = project({ Dockerfile: PIP, 'app.py': 'print(1)\n' });
    const diff = await run(dir, 'lint', '--diff', '--select', 'SS104');
    expect(diff.exitCode, diff.stderr).toBe(1);
    expect(diff.stdout).toContain('-RUN pip install flask\n+RUN pip install --no-cache-dir flask');
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(PIP);

    const fixed = await run(dir, 'lint', '--fix', '--select', 'SS104');
    expect(fixed.exitCode, fixed.stderr).toBe(0);
    expect(fixed.stdout).toBe('Fixed 1 problem.\nNo problems found in 1 file.');
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(
      'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n',
    );
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('--fix writes a .dockerignore through the fix’s file edit', async () => {
    const dir = project({ Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\n' });
    const result = await run(dir, 'lint', '--fix', '--select', 'SS109');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(path.join(dir, '.dockerignore'), 'utf8')).toContain('.git');
  });

  it('--output writes the report to a file; --statistics counts per rule', async () => {
    const dir = project({ Dockerfile: `${PIP}RUN pip install django\n` });
    const result = await run(dir, 'lint', '--select', 'SS104', '--statistics', '--output', 'report.txt');
    expect(result.stdout).toBe('');
    expect(result.exitCode, result.stderr).toBe(1);
    expect(readFileSync(path.join(dir, 'report.txt'), 'utf8')).toMatch(
      /^\s+2 {2}SS104 {2}pip-cache-kept {2}2 fixable\n/,
    );
  });

  it('exits 2 with one sentence on bad input', async () => {
    const dir = project({ Dockerfile: Buffer.from([0x46, 0x00, 0x01, 0x02]) });
    const binary = await run(dir, 'lint');
    expect(binary.exitCode).toBe(2);
    expect(binary.stderr.trim().split('\n')).toHaveLength(1);
    expect(binary.stderr).toMatch(/binary file/);
    const missing = await run(dir, 'lint', 'nope');
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/nope does not exist/);
    const empty = project({ 'app.py': '' });
    expect((await run(empty, 'lint')).stderr).toMatch(/has no Dockerfile/);
    expect(existsSync(path.join(dir, 'report.txt'))).toBe(false);
  });
});

describe('shipshape rule', () => {
  it('prints a rule’s docs, lists rules, and refuses an unknown code', async () => {
    const doc = await run(repo, 'rule', 'SS104');
    expect(doc.exitCode).toBe(0);
    expect(doc.stdout).toMatch(/^# SS104 pip-cache-kept\n/);
    expect(doc.stdout).toContain('## Fix safety');
    const list = await run(repo, 'rule', '--list');
    expect(list.stdout).toMatch(/^SS001 {2}dockerfile-syntax-error/);
    expect(list.stdout).toMatch(/\nSS104 {2}pip-cache-kept +warning +safe +`pip install`/);
    const unknown = await run(repo, 'rule', 'SS999');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/no rule SS999/);
  });
});
