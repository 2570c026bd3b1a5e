import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

// Hostile and odd files around lint --fix, --output and optimize --write: nothing hangs, nothing
// but the intended file changes, and a refusal is one sentence with exit 2.
// Runs the built CLI (`npm run build` first, as `npm test` does).
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repo, 'dist/bin.cjs');
const made: string[] = [];
afterAll(() => {
  for (const dir of made) {
    execa('chattr', ['-R', '-i', dir], { reject: false });
    rmSync(dir, { recursive: true, force: true });
  }
});

function scratch(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-safe-io-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const run = (cwd: string, ...args: string[]) =>
  execa('node', [cli, ...args], { reject: false, cwd, env: { NO_COLOR: '1' }, timeout: 30_000 });

function expectOneSentence(result: { exitCode?: number; stderr: string }, message: RegExp | string): void {
  expect(result.exitCode).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  if (typeof message === 'string') expect(lines[0]).toBe(message);
  else expect(lines[0]).toMatch(message);
}

const isRoot = process.getuid?.() === 0;
const PIP = 'FROM python:3.12-slim\nRUN pip install flask\n';
const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe('reading only regular files, bounded', () => {
  it('a FIFO as the Dockerfile, as --dockerfile, or a device: exit 2 at once', async () => {
    const dir = scratch({ 'app/Dockerfile': PIP });
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    expectOneSentence(
      await run(dir, 'lint', 'fifo'),
      'shipshape: fifo is a FIFO (named pipe), not a Dockerfile; shipshape reads only regular files.',
    );
    expectOneSentence(
      await run(dir, 'lint', 'app', '--dockerfile', path.join(dir, 'fifo')),
      /is a FIFO \(named pipe\), not a Dockerfile; shipshape reads only regular files\.$/,
    );
    expectOneSentence(
      await run(dir, 'lint', 'app', '--dockerfile', '/dev/zero'),
      /zero is a character device, not a Dockerfile; shipshape reads only regular files\.$/,
    );
    expectOneSentence(
      await run(dir, 'info', 'app', '--dockerfile', '/dev/zero'),
      /zero is a character device, not a Dockerfile/,
    );
  });

  it('a FIFO named Dockerfile in the project folder is refused by name, not waited on', async () => {
    const dir = scratch();
    execFileSync('mkfifo', [path.join(dir, 'Dockerfile')]);
    expectOneSentence(await run(dir, 'lint'), /^shipshape: Dockerfile is a FIFO \(named pipe\)/);
  });

  it('a FIFO or device reached through -r in requirements: exit 2 at once', async () => {
    const dir = scratch({
      Dockerfile: 'FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\n',
      'requirements.txt': 'flask\n-r more.txt\n',
    });
    execFileSync('mkfifo', [path.join(dir, 'more.txt')]);
    expectOneSentence(
      await run(dir, 'lint'),
      /^shipshape: requirements\.txt:2: more\.txt is a FIFO \(named pipe\), not a requirements file/,
    );
    rmSync(path.join(dir, 'more.txt'));
    symlinkSync('/dev/zero', path.join(dir, 'more.txt'));
    expectOneSentence(
      await run(dir, 'lint'),
      /^shipshape: requirements\.txt:2: more\.txt is a character device/,
    );
  });

  it('a symlinked Dockerfile and .dockerignore are read (and not silently missing)', async () => {
    const dir = scratch({ 'real/Dockerfile': PIP, 'real/ignore': '.git\n.venv\n' });
    mkdirSync(path.join(dir, 'p'));
    symlinkSync('../real/Dockerfile', path.join(dir, 'p/Dockerfile'));
    symlinkSync('../real/ignore', path.join(dir, 'p/.dockerignore'));
    const result = await run(dir, 'info', 'p', '--json');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/"Dockerfile"/);
    expect(result.stdout).toMatch(/\.dockerignore/);
  });
});

describe('--output onto what is not a regular file', () => {
  it('a character device (and a symlink to it) is written to, never replaced', async (context) => {
    const dir = scratch({ Dockerfile: PIP });
    try {
      execFileSync('mknod', ['-m', '666', path.join(dir, 'null'), 'c', '1', '3']);
    } catch {
      return context.skip();
    }
    symlinkSync('null', path.join(dir, 'link'));
    expect((await run(dir, 'lint', '--output', 'null')).exitCode).toBe(1);
    expect((await run(dir, 'lint', '--output', 'link', '--format', 'json')).exitCode).toBe(1);
    expect(statSync(path.join(dir, 'null')).isCharacterDevice()).toBe(true);
    expect(lstatSync(path.join(dir, 'link')).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['Dockerfile', 'link', 'null']);
  });

  it('/dev/stdout goes to the descriptor: a `>>` log is appended to, not replaced', async () => {
    const dir = scratch({ Dockerfile: PIP, 'log.txt': 'earlier run\n' });
    const result = await execa(
      'sh',
      ['-c', `node ${JSON.stringify(cli)} lint --output /dev/stdout >> log.txt`],
      {
        cwd: dir,
        reject: false,
        env: { NO_COLOR: '1' },
      },
    );
    expect(result.exitCode, result.stderr).toBe(1);
    const log = readFileSync(path.join(dir, 'log.txt'), 'utf8');
    expect(log.startsWith('earlier run\nDockerfile\n')).toBe(true);
    expect(lstatSync(path.join(dir, 'log.txt')).isFile()).toBe(true);
  });

  it('a FIFO nobody reads: exit 2 at once instead of blocking', async () => {
    const dir = scratch({ Dockerfile: PIP });
    execFileSync('mkfifo', [path.join(dir, 'out')]);
    expectOneSentence(
      await run(dir, 'lint', '--output', 'out'),
      'shipshape: Cannot write out: it is a FIFO (named pipe) and no process is reading from it.',
    );
    expect(statSync(path.join(dir, 'out')).isFIFO()).toBe(true);
  });

  it('a path below a regular file: one sentence, not an internal error', async () => {
    const dir = scratch({ Dockerfile: PIP });
    expectOneSentence(
      await run(dir, 'lint', '--output', 'Dockerfile/report.txt'),
      'shipshape: Cannot write Dockerfile/report.txt: a part of the path is a file, not a folder.',
    );
  });
});

describe('lint --fix keeps what it did not mean to change', () => {
  it('through symlinks: the targets change, the links stay; mode, owner and hard links kept', async () => {
    const dir = scratch({
      'real/Dockerfile': 'FROM python:3.12-slim\nCOPY . .\nRUN pip install flask\n',
      'real/ignore': '*.log\n',
    });
    const real = (name: string) => path.join(dir, 'real', name);
    chmodSync(real('Dockerfile'), 0o640);
    if (isRoot) chownSync(real('Dockerfile'), 1234, 5678);
    linkSync(real('ignore'), real('ignore-hard-link'));
    mkdirSync(path.join(dir, 'p'));
    symlinkSync('../real/Dockerfile', path.join(dir, 'p/Dockerfile'));
    symlinkSync('../real/ignore', path.join(dir, 'p/.dockerignore'));

    const result = await run(dir, 'lint', 'p', '--fix', '--select', 'SS104,SS109');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(lstatSync(path.join(dir, 'p/Dockerfile')).isSymbolicLink()).toBe(true);
    expect(lstatSync(path.join(dir, 'p/.dockerignore')).isSymbolicLink()).toBe(true);
    expect(readFileSync(real('Dockerfile'), 'utf8')).toContain('pip install --no-cache-dir flask');
    const stat = statSync(real('Dockerfile'));
    expect(stat.mode & 0o7777).toBe(0o640);
    if (isRoot) expect([stat.uid, stat.gid]).toEqual([1234, 5678]);
    const ignore = readFileSync(real('ignore'), 'utf8');
    expect(ignore.startsWith('*.log\n')).toBe(true);
    expect(ignore).toContain('.git');
    expect(readFileSync(real('ignore-hard-link'), 'utf8')).toBe(ignore);
    expect(readdirSync(path.join(dir, 'real')).sort()).toEqual(['Dockerfile', 'ignore', 'ignore-hard-link']);
  });

  it('bytes that are not UTF-8 on untouched lines stay; a CRLF file gets CRLF lines', async () => {
    const dir = scratch({
      Dockerfile: Buffer.concat([
        Buffer.from('FROM python:3.12-slim\r\n# caf'),
        latin1('\xe9 \xff'),
        Buffer.from('\r\nCOPY . .\r\nRUN pip install flask\r\n'),
      ]),
      '.dockerignore': Buffer.concat([Buffer.from('# mine '), latin1('\xe9'), Buffer.from('\r\n*.log\r\n')]),
    });
    const result = await run(dir, 'lint', '--fix', '--select', 'SS104,SS109');
    expect(result.exitCode, result.stderr).toBe(0);
    const dockerfile = readFileSync(path.join(dir, 'Dockerfile'));
    expect(dockerfile.includes(latin1('# caf\xe9 \xff\r\n'))).toBe(true);
    expect(dockerfile.toString('latin1')).toContain('RUN pip install --no-cache-dir flask\r\n');
    const ignore = readFileSync(path.join(dir, '.dockerignore'));
    expect(ignore.includes(latin1('# mine \xe9\r\n*.log\r\n'))).toBe(true);
    expect(ignore.toString('latin1').replace(/\r\n/g, '')).not.toContain('\n');
    expect(ignore.toString('latin1')).toContain('.git\r\n');
  });

  it('Dockerfile and .dockerignore are written together or not at all (immutable .dockerignore)', async (context) => {
    const dir = scratch({
      Dockerfile: 'FROM python:3.12-slim\nCOPY . .\nRUN pip install flask\n',
      '.dockerignore': '*.log\n',
    });
    try {
      execFileSync('chattr', ['+i', path.join(dir, '.dockerignore')], { stdio: 'ignore' });
    } catch {
      return context.skip();
    }
    const result = await run(dir, 'lint', '--fix', '--select', 'SS104,SS109');
    execFileSync('chattr', ['-i', path.join(dir, '.dockerignore')]);
    expectOneSentence(
      result,
      'shipshape: Nothing was written: cannot write .dockerignore: operation not permitted (is the file immutable or append-only?).',
    );
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(
      'FROM python:3.12-slim\nCOPY . .\nRUN pip install flask\n',
    );
    expect(readdirSync(dir).sort()).toEqual(['.dockerignore', 'Dockerfile']);
  });

  it('a fix that would grow the Dockerfile past the 1 MiB read limit is refused', async () => {
    const padding = `#${'x'.repeat(98)}\n`.repeat(10_300);
    const original = `FROM python:3.12-slim\n${padding}${'RUN pip install flask\n'.repeat(600)}`;
    expect(original.length).toBeLessThan(1024 * 1024);
    const dir = scratch({ Dockerfile: original });
    const result = await run(dir, 'lint', '--fix', '--select', 'SS104');
    expectOneSentence(
      result,
      /^shipshape: Cannot write Dockerfile: it would grow to \d+ bytes, past the 1 MiB/,
    );
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(original);
  }, 60_000);

  it('two Dockerfiles sharing one .dockerignore: the second fix builds on what the first wrote', async () => {
    const dir = scratch({
      Dockerfile: 'FROM python:3.12-slim\nCOPY . .\n',
      'worker.Dockerfile': 'FROM python:3.12-slim\nCOPY . .\n',
      '.dockerignore': '*.log\n',
    });
    const result = await run(dir, 'lint', '--fix', '--select', 'SS109');
    expect(result.exitCode, result.stderr).toBe(0);
    const ignore = readFileSync(path.join(dir, '.dockerignore'), 'utf8');
    expect(ignore.startsWith('*.log\n')).toBe(true);
    expect(ignore.match(/^\.git$/gm)).toHaveLength(1);
  });
});

describe('optimize --write', () => {
  it('through a symlinked Dockerfile: the target is updated, the link, mode and a byte-exact backup kept', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-safe-io-'));
    made.push(dir);
    cpSync(path.join(repo, 'fixtures/projects/flask-requirements'), dir, { recursive: true });
    const original = Buffer.concat([readFileSync(path.join(dir, 'Dockerfile')), latin1('# caf\xe9\n')]);
    rmSync(path.join(dir, 'Dockerfile'));
    writeFileSync(path.join(dir, 'real.Dockerfile'), original);
    chmodSync(path.join(dir, 'real.Dockerfile'), 0o640);
    symlinkSync('real.Dockerfile', path.join(dir, 'Dockerfile'));
    const result = await run(dir, 'optimize', '--write', '.');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(lstatSync(path.join(dir, 'Dockerfile')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(dir, 'real.Dockerfile'), 'utf8')).toMatch(/AS builder/);
    expect(statSync(path.join(dir, 'real.Dockerfile')).mode & 0o7777).toBe(0o640);
    expect(readFileSync(path.join(dir, 'Dockerfile.orig')).equals(original)).toBe(true);
  }, 60_000);

  it('--output onto a FIFO nobody reads: exit 2, nothing written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-safe-io-'));
    made.push(dir);
    cpSync(path.join(repo, 'fixtures/projects/flask-requirements'), dir, { recursive: true });
    execFileSync('mkfifo', [path.join(dir, 'out')]);
    const before = readdirSync(dir).sort();
    expectOneSentence(
      await run(dir, 'optimize', '--output', 'out', '.'),
      /^shipshape: Cannot write out: it is a FIFO/,
    );
    expect(readdirSync(dir).sort()).toEqual(before);
  }, 60_000);
});
