import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { removeProjectCopies, writeProject } from '../test-support/project-copies.js';

// Runs the built CLI (`npm run build` first, as `npm test` does); SHIPSHAPE_TEST_CLI points
// at another build.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = process.env.SHIPSHAPE_TEST_CLI ?? path.join(repo, 'dist/bin.cjs');
afterAll(removeProjectCopies);

const project = (files: Record<string, string | Buffer>) => writeProject(files, 'shipshape-hostile-cli-');

const run = (cwd: string, ...args: string[]) =>
  execa('node', [cli, ...args], { reject: false, cwd, env: { NO_COLOR: '1' } });

/** Exit 2 with one sentence on stderr and no stack trace. */
function expectOneSentence(result: { exitCode?: number; stderr: string }, message: RegExp): void {
  expect(result.exitCode, result.stderr).toBe(2);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^shipshape: /);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/internal error|\bat \w+ \(/);
}

const PIP = 'FROM python:3.12-slim\nRUN pip install -r requirements.txt\n';

describe('odd input on the command line', () => {
  it.each([
    ['an empty', ''],
    ['a comments-only', '# nothing here\n'],
  ])('%s Dockerfile is SS001, exit 1', async (_what, text) => {
    const dir = project({ Dockerfile: text });
    const result = await run(dir, 'lint');
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stdout).toContain('SS001 dockerfile-syntax-error');
    expect(result.stdout).toContain('The Dockerfile has no instructions');
  });

  it('--select with a code that names no rule is one sentence, exit 2', async () => {
    const dir = project({ Dockerfile: 'FROM python:3.12-slim\n' });
    expectOneSentence(
      await run(dir, 'lint', '--select', 'SS999'),
      /--select: "SS999" names no shipshape rule/,
    );
  });

  it('-r /etc/passwd names requirements.txt and its line', async () => {
    const dir = project({ Dockerfile: PIP, 'requirements.txt': 'flask\n-r /etc/passwd\n' });
    expectOneSentence(
      await run(dir, 'lint'),
      /requirements\.txt:2: -r \/etc\/passwd names a file outside the project/,
    );
  });

  it('lint a b names the project whose file is broken', async () => {
    const parent = project({
      'a/Dockerfile': 'FROM python:3.12-slim\n',
      'b/Dockerfile': 'FROM python:3.12-slim\n',
      'b/pyproject.toml': '[project\n',
    });
    expectOneSentence(
      await run(parent, 'lint', 'a', 'b'),
      /^shipshape: b\/pyproject\.toml:1:\d+: malformed TOML/,
    );
  });

  it('a reader that goes away early (| head) is no crash: no stack trace, the exit code stays', async () => {
    const lines = ['FROM python:3.12-slim'];
    for (let i = 0; i < 3000; i++) lines.push(`RUN pip install pkg${i}`);
    const dir = project({ Dockerfile: `${lines.join('\n')}\n` });
    const result = await execa('sh', ['-c', `node "${cli}" lint | head -1`], {
      reject: false,
      cwd: dir,
      env: { NO_COLOR: '1' },
    });
    expect(result.stdout.split('\n')[0]).toBe('Dockerfile');
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled|\bat \w+ \(/);
    const status = await execa(
      'bash',
      ['-c', `node "${cli}" lint | head -1 >/dev/null; echo \${PIPESTATUS[0]}`],
      {
        reject: false,
        cwd: dir,
      },
    );
    expect(status.stdout.trim()).toBe('1');
  }, 60_000);
});
