import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { removeProjectCopies, writeProject } from '../test-support/project-copies.js';

// Runs the built CLI (`npm run build` first, as `npm test` does).
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repo, 'dist/cli.js');
afterAll(removeProjectCopies);

const PIP = 'FROM python:3.12-slim\nCOPY . .\nRUN pip install flask\n';

const run = (cwd: string, input: string, ...args: string[]) =>
  execa('node', [cli, ...args], {
    reject: false,
    cwd,
    input,
    stripFinalNewline: false,
    env: { NO_COLOR: '1' },
  });

describe('shipshape lint - (standard input)', () => {
  it('lints the text on its own and names it -', async () => {
    const dir = writeProject({ 'README.md': 'not a project\n' }, 'shipshape-stdin-');
    const result = await run(dir, PIP, 'lint', '-', '--format', 'json');
    expect(result.exitCode, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: Array<{ rule: string; file: string }> };
    expect(report.findings.map((f) => f.rule)).toContain('SS104');
    expect(new Set(report.findings.map((f) => f.file))).toEqual(new Set(['-']));
  });

  it('finds the project from --stdin-filename: its config and .dockerignore count, the file need not exist', async () => {
    const dir = writeProject(
      {
        'svc/pyproject.toml':
          '[project]\nname = "svc"\nversion = "1"\n[tool.shipshape]\nignore = ["SS301"]\n',
        'svc/.dockerignore': '.git\n.venv\nvenv\n**/__pycache__\n*.pyc\n.env\n',
      },
      'shipshape-stdin-',
    );
    const alone = await run(dir, PIP, 'lint', '-', '--format', 'json');
    const named = await run(dir, PIP, 'lint', '--stdin-filename', 'svc/Dockerfile', '--format', 'json');
    const rules = (stdout: string) =>
      (JSON.parse(stdout) as { findings: Array<{ rule: string; file: string }> }).findings.map((f) => f.rule);
    expect(rules(alone.stdout)).toEqual(expect.arrayContaining(['SS301', 'SS109']));
    expect(named.exitCode, named.stderr).toBe(1);
    expect(rules(named.stdout)).not.toContain('SS301');
    expect(rules(named.stdout)).not.toContain('SS109');
    expect(named.stdout).toContain('"file": "svc/Dockerfile"');
  });

  it('--fix prints the fixed text to stdout, the report to stderr, and writes no file', async () => {
    const dir = writeProject({ Dockerfile: PIP }, 'shipshape-stdin-');
    const result = await run(
      dir,
      PIP,
      'lint',
      '-',
      '--stdin-filename',
      'Dockerfile',
      '--select',
      'SS104',
      '--fix',
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe(PIP.replace('pip install flask', 'pip install --no-cache-dir flask'));
    expect(result.stderr).toContain('Fixed 1 problem');
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(PIP);
  });

  it('--diff prints the change against the named file', async () => {
    const dir = writeProject({ 'app.txt': '' }, 'shipshape-stdin-');
    const result = await run(
      dir,
      PIP,
      'lint',
      '--stdin-filename',
      'Dockerfile',
      '--select',
      'SS104',
      '--diff',
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('--- a/Dockerfile\n+++ b/Dockerfile');
    expect(result.stdout).toContain('+RUN pip install --no-cache-dir flask');
  });

  it('writes the CI formats (gitlab, checkstyle, junit) from the command line', async () => {
    const dir = writeProject({ 'README.md': '' }, 'shipshape-stdin-');
    const gitlab = await run(dir, PIP, 'lint', '--stdin-filename', 'Dockerfile', '--format', 'gitlab');
    expect(JSON.parse(gitlab.stdout)[0]).toMatchObject({ location: { path: 'Dockerfile' } });
    const checkstyle = await run(dir, PIP, 'lint', '-', '--format', 'checkstyle', '--select', 'SS104');
    expect(checkstyle.stdout).toContain('<error line="3" column="5" severity="warning"');
    const junit = await run(dir, PIP, 'lint', '-', '--format', 'junit', '--select', 'SS104');
    expect(junit.stdout).toContain(
      '<testcase name="SS104 pip-cache-kept at 3:5" classname="-" file="-" line="3">',
    );
    expect(junit.exitCode).toBe(1);
  });

  it('refuses - beside other paths, binary input and a missing folder in one sentence (exit 2)', async () => {
    const dir = writeProject({ Dockerfile: PIP }, 'shipshape-stdin-');
    const mixed = await run(dir, PIP, 'lint', '-', 'Dockerfile');
    expect(mixed.exitCode).toBe(2);
    expect(mixed.stderr).toBe('shipshape: Lint standard input (-) alone; pass other paths in another run.\n');
    const binary = await run(dir, 'FROM x\0', 'lint', '-');
    expect(binary.exitCode).toBe(2);
    expect(binary.stderr).toContain('binary');
    const missing = await run(dir, PIP, 'lint', '--stdin-filename', 'nowhere/Dockerfile');
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(
      /^shipshape: --stdin-filename nowhere\/Dockerfile: the folder nowhere does not exist/,
    );
  });
});
