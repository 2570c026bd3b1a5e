import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { refusal } from '../test-support/refusal.js';
import { writeFile, writeFiles } from './write.js';

const root = mkdtempSync(join(tmpdir(), 'shipshape-write-'));
let count = 0;
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function folder(): string {
  const dir = join(root, String(count++));
  mkdirSync(dir);
  return dir;
}

const isRoot = process.getuid?.() === 0;

/** A character device like /dev/null, made in the temporary folder (needs root). */
function nullDevice(path: string): boolean {
  try {
    execFileSync('mknod', ['-m', '666', path, 'c', '1', '3'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function canChattr(path: string): boolean {
  try {
    execFileSync('chattr', ['+i', path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const noTemporaries = (dir: string) =>
  expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

describe('writeFile', () => {
  it('creates a new file (and its folder) atomically, leaving no temporary behind', () => {
    const dir = folder();
    writeFile(join(dir, 'sub/report.json'), '{}\n');
    expect(readFileSync(join(dir, 'sub/report.json'), 'utf8')).toBe('{}\n');
    noTemporaries(join(dir, 'sub'));
  });

  it('writes to a character device directly instead of replacing it', (context) => {
    const dir = folder();
    const device = join(dir, 'null');
    if (!nullDevice(device)) return context.skip();
    symlinkSync(device, join(dir, 'link'));
    writeFile(device, 'report');
    writeFile(join(dir, 'link'), 'report');
    expect(statSync(device).isCharacterDevice()).toBe(true);
    expect(lstatSync(join(dir, 'link')).isSymbolicLink()).toBe(true);
    noTemporaries(dir);
  });

  it('writes to a FIFO that has a reader, and refuses one without a reader instead of blocking', async () => {
    const dir = folder();
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(() => writeFile(fifo, 'x', 'fifo'))).toBe(
      'Cannot write fifo: it is a FIFO (named pipe) and no process is reading from it.',
    );
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.on('data', (chunk) => {
      received += chunk;
    });
    const done = new Promise((resolve) => reader.on('close', resolve));
    // Wait until cat has opened the FIFO (an open for writing then succeeds).
    for (let tries = 0; ; tries++) {
      try {
        writeFile(fifo, 'through the pipe\n', 'fifo');
        break;
      } catch (error) {
        if (tries > 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    await done;
    expect(received).toBe('through the pipe\n');
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('updates the target of a symlink, keeping the link', () => {
    const dir = folder();
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real/Dockerfile'), 'old');
    symlinkSync('real/Dockerfile', join(dir, 'Dockerfile'));
    writeFile(join(dir, 'Dockerfile'), 'new');
    expect(lstatSync(join(dir, 'Dockerfile')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real/Dockerfile'), 'utf8')).toBe('new');
    noTemporaries(join(dir, 'real'));
  });

  it('keeps mode and owner of the file it replaces', () => {
    const dir = folder();
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, 'old');
    chmodSync(file, 0o640);
    if (isRoot) chownSync(file, 1234, 5678);
    writeFile(file, 'new');
    const stat = statSync(file);
    expect(stat.mode & 0o7777).toBe(0o640);
    if (isRoot) expect([stat.uid, stat.gid]).toEqual([1234, 5678]);
    expect(readFileSync(file, 'utf8')).toBe('new');
  });

  it('rewrites a hard-linked file in place so every link sees the new content', () => {
    const dir = folder();
    writeFileSync(join(dir, 'Dockerfile'), 'a much longer old content');
    linkSync(join(dir, 'Dockerfile'), join(dir, 'other-name'));
    writeFile(join(dir, 'Dockerfile'), 'new');
    expect(readFileSync(join(dir, 'other-name'), 'utf8')).toBe('new');
    expect(statSync(join(dir, 'Dockerfile')).nlink).toBe(2);
  });

  it('writes /dev/stdout-style paths to the descriptor itself, so `>>` appends', () => {
    // Like `shipshape lint --output /dev/stdout >> log`: the descriptor is open for appending.
    const dir = folder();
    const log = join(dir, 'log');
    writeFileSync(log, 'kept\n');
    const fd = openSync(log, 'a');
    try {
      writeFile(`/dev/fd/${fd}`, 'one\n');
      writeFile(`/proc/self/fd/${fd}`, 'two\n');
      symlinkSync(`/proc/self/fd/${fd}`, join(dir, 'stdout'));
      writeFile(join(dir, 'stdout'), 'three\n');
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(log, 'utf8')).toBe('kept\none\ntwo\nthree\n');
    expect(lstatSync(join(dir, 'stdout')).isSymbolicLink()).toBe(true);
  });

  it('refuses a folder, a path below a file, and a dangling symlink in one sentence', () => {
    const dir = folder();
    writeFileSync(join(dir, 'file'), '');
    symlinkSync(join(dir, 'missing'), join(dir, 'dangling'));
    expect(refusal(() => writeFile(dir, 'x', 'dir'))).toBe('Cannot write dir: it is a folder.');
    expect(refusal(() => writeFile(join(dir, 'file/out'), 'x', 'file/out'))).toBe(
      'Cannot write file/out: a part of the path is a file, not a folder.',
    );
    expect(refusal(() => writeFile(join(dir, 'dangling'), 'x', 'dangling'))).toBe(
      'Cannot write dangling: it is a symbolic link to a missing file.',
    );
  });

  it('refuses content past maxBytes without writing', () => {
    const dir = folder();
    writeFileSync(join(dir, 'Dockerfile'), 'old');
    expect(
      refusal(() =>
        writeFiles([
          { path: join(dir, 'Dockerfile'), shown: 'Dockerfile', content: 'x'.repeat(11), maxBytes: 10 },
        ]),
      ),
    ).toBe(
      'Cannot write Dockerfile: it would grow to 11 bytes, past the 10 bytes (10 bytes) shipshape reads.',
    );
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe('old');
  });
});

describe('writeFiles', () => {
  it('writes nothing when the second file cannot be written (immutable), and says so', (context) => {
    const dir = folder();
    writeFileSync(join(dir, 'Dockerfile'), 'old');
    writeFileSync(join(dir, '.dockerignore'), 'old ignore');
    if (!canChattr(join(dir, '.dockerignore'))) return context.skip();
    const message = refusal(() =>
      writeFiles([
        { path: join(dir, 'Dockerfile'), shown: 'Dockerfile', content: 'new' },
        { path: join(dir, '.dockerignore'), shown: '.dockerignore', content: 'new ignore' },
      ]),
    );
    execFileSync('chattr', ['-i', join(dir, '.dockerignore')]);
    expect(message).toBe(
      'Nothing was written: cannot write .dockerignore: operation not permitted (is the file immutable or append-only?).',
    );
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe('old');
    expect(readFileSync(join(dir, '.dockerignore'), 'utf8')).toBe('old ignore');
    noTemporaries(dir);
  });

  it('writes nothing when the second file is a folder', () => {
    const dir = folder();
    writeFileSync(join(dir, 'Dockerfile'), 'old');
    mkdirSync(join(dir, '.dockerignore'));
    expect(
      refusal(() =>
        writeFiles([
          { path: join(dir, 'Dockerfile'), shown: 'Dockerfile', content: 'new' },
          { path: join(dir, '.dockerignore'), shown: '.dockerignore', content: 'x' },
        ]),
      ),
    ).toBe('Nothing was written: cannot write .dockerignore: it is a folder.');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe('old');
    expect(existsSync(join(dir, '.dockerignore'))).toBe(true);
    noTemporaries(dir);
  });
});
