import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { refusal } from '../test-support/refusal.js';
import { readRegularFile, readRegularFileOrNull, readTextFile } from './read.js';

const dir = mkdtempSync(join(tmpdir(), 'shipshape-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readRegularFile', () => {
  it('reads a regular file, and one through a symlink', () => {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.12\n');
    symlinkSync(join(dir, 'Dockerfile'), join(dir, 'linked'));
    expect(readRegularFile(join(dir, 'linked'), 'linked', { maxBytes: 100 }).toString()).toBe(
      'FROM python:3.12\n',
    );
  });

  it('refuses a FIFO at once instead of waiting for a writer', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    expect(refusal(() => readRegularFile(fifo, 'fifo', { maxBytes: 100, what: 'Dockerfile' }))).toBe(
      'fifo is a FIFO (named pipe), not a Dockerfile; shipshape reads only regular files.',
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a device, also through a symlink, without reading from it', () => {
    symlinkSync('/dev/zero', join(dir, 'zero'));
    expect(refusal(() => readRegularFile(join(dir, 'zero'), 'zero', { maxBytes: 100 }))).toMatch(
      /^zero is a character device, not a file; shipshape reads only regular files\.$/,
    );
  });

  it('refuses a folder', () => {
    mkdirSync(join(dir, 'folder'));
    expect(
      refusal(() => readRegularFile(join(dir, 'folder'), 'folder', { maxBytes: 10, what: 'Dockerfile' })),
    ).toBe('folder is a folder, not a Dockerfile.');
  });

  it('stops at the limit while reading, whatever stat says (files under /proc report size 0)', () => {
    // /proc/self/maps is a regular file of size 0 that yields well over 64 bytes.
    expect(refusal(() => readRegularFile('/proc/self/maps', 'maps', { maxBytes: 64 }))).toMatch(
      /^maps is more than 64 bytes, larger than the 64 bytes shipshape reads/,
    );
    writeFileSync(join(dir, 'big'), Buffer.alloc(3 * 1024 * 1024, 0x61));
    expect(refusal(() => readRegularFile(join(dir, 'big'), 'big', { maxBytes: 1024 * 1024 }))).toMatch(
      /^big is 3 MiB, larger than the 1 MiB shipshape reads/,
    );
  });

  it('reads every byte whatever stat said: exact sizes, empty files, and /proc files that say 0', () => {
    for (const size of [0, 1, 4095, 4096, 65_536, 65_537, 300_000]) {
      const bytes = Buffer.alloc(size, 0x62);
      if (size > 0) bytes[size - 1] = 0x63;
      writeFileSync(join(dir, `sized-${size}`), bytes);
      expect(readRegularFile(join(dir, `sized-${size}`), 'sized', { maxBytes: size }).equals(bytes)).toBe(
        true,
      );
    }
    // Size 0 by stat: the whole command line is read all the same.
    const cmdline = readRegularFile('/proc/self/cmdline', 'cmdline', { maxBytes: 1024 * 1024 });
    expect(cmdline.equals(readFileSync('/proc/self/cmdline'))).toBe(true);
    expect(cmdline.length).toBeGreaterThan(0);
  });

  it('names a missing file', () => {
    expect(
      refusal(() => readRegularFile(join(dir, 'nope'), 'nope', { maxBytes: 10, what: 'lock file' })),
    ).toBe('nope: no such lock file; check the path.');
  });

  it('readRegularFileOrNull gives null for anything it would refuse', () => {
    expect(readRegularFileOrNull(join(dir, 'fifo'), 100)).toBeNull();
    expect(readRegularFileOrNull(join(dir, 'big'), 100)).toBeNull();
    expect(readRegularFileOrNull(join(dir, 'Dockerfile'), 100)?.toString()).toBe('FROM python:3.12\n');
  });
});

describe('readTextFile', () => {
  it('decodes UTF-16 with a BOM (as pip reads a requirements file a Windows tool wrote)', () => {
    const little = join(dir, 'requirements-utf16le.txt');
    writeFileSync(
      little,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('fastmcp==2.3\r\nhttpx\r\n', 'utf16le')]),
    );
    expect(readTextFile(little, 'requirements.txt')).toBe('fastmcp==2.3\r\nhttpx\r\n');
    const big = join(dir, 'requirements-utf16be.txt');
    writeFileSync(
      big,
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('httpx\n', 'utf16le').swap16()]),
    );
    expect(readTextFile(big, 'requirements.txt')).toBe('httpx\n');
  });

  it('drops a BOM and refuses NUL bytes', () => {
    writeFileSync(join(dir, 'bom'), '\uFEFFFROM x\n');
    expect(readTextFile(join(dir, 'bom'), 'bom')).toBe('FROM x\n');
    writeFileSync(join(dir, 'nul'), 'FROM\0x\n');
    expect(refusal(() => readTextFile(join(dir, 'nul'), 'nul', { what: 'Dockerfile' }))).toBe(
      'nul is a binary file (it contains NUL bytes), not a Dockerfile.',
    );
  });
});
