import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  linkSync,
  lstatSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { CaseRoot, CaseRun, HostileCase } from './harness.js';

// Writes on hostile targets: lint --fix, optimize --write and --output through symlinks, onto
// hard links, FIFOs and odd modes and owners. Each case checks the written file: content
// changed only where a fix edits, bytes and line endings kept elsewhere, mode, owner, links.

const isRoot = process.getuid?.() === 0;
const MiB = 1024 * 1024;

/** A CRLF Dockerfile with bytes that are not UTF-8 on lines no fix touches; `keep` lists those lines. */
const CRLF_DOCKERFILE = Buffer.from(
  'FROM python:3.12-slim\r\nLABEL x="\xe9\xff"\r\n# comment \xfe\r\nCOPY . .\r\nRUN pip install flask\r\nCMD python app.py\r\n',
  'latin1',
);
const KEPT_LINES = [
  'FROM python:3.12-slim\r\n',
  'LABEL x="\xe9\xff"\r\n',
  '# comment \xfe\r\n',
  'COPY . .\r\n',
].map((line) => Buffer.from(line, 'latin1'));

/** Each of `kept` appears in `after` byte for byte, in order; a CRLF file has no bare LF. */
function expectKeptBytes(after: Buffer, kept: Buffer[], crlf: boolean): void {
  let from = 0;
  for (const line of kept) {
    const at = after.indexOf(line, from);
    expect(at, `kept line ${JSON.stringify(line.toString('latin1'))}`).toBeGreaterThanOrEqual(0);
    from = at + line.length;
  }
  if (crlf) {
    for (let i = 0; i < after.length; i++)
      if (after[i] === 0x0a) expect(after[i - 1], `LF at byte ${i}`).toBe(0x0d);
  }
}

function owned(file: string, mode: number): void {
  chmodSync(file, mode);
  if (isRoot) chownSync(file, 1234, 2345);
}

function expectOwned(file: string, mode: number): void {
  const stat = statSync(file);
  expect(stat.mode & 0o7777).toBe(mode);
  if (isRoot) expect([stat.uid, stat.gid]).toEqual([1234, 2345]);
}

/** A process reading `fifo` into `into` while the run goes on. */
function fifoReader(fifo: string, into: string) {
  return () => {
    const reader = spawn('sh', ['-c', `cat "${fifo}" > "${into}"`], { stdio: 'ignore' });
    return () => reader.kill();
  };
}

const PIP = 'FROM python:3.12-slim\nRUN pip install flask\n';

export const writeCases: HostileCase[] = [
  {
    name: 'lint --fix on a hard-linked CRLF Dockerfile with odd bytes, mode 0640 and another owner',
    make: (root: CaseRoot): CaseRun => {
      const file = path.join(root.work, 'Dockerfile');
      writeFileSync(file, CRLF_DOCKERFILE);
      owned(file, 0o640);
      linkSync(file, path.join(root.outside, 'Dockerfile.link'));
      const inode = statSync(file).ino;
      return {
        args: ['lint', '--fix', '--unsafe-fixes'],
        exit: 1,
        mayChange: ['work/Dockerfile', 'work/.dockerignore', 'outside/Dockerfile.link'],
        check: () => {
          const after = readFileSync(file);
          expect(after.equals(CRLF_DOCKERFILE)).toBe(false);
          expect(after.toString('latin1')).toContain('--no-cache-dir');
          expectKeptBytes(after, KEPT_LINES, true);
          expectOwned(file, 0o640);
          expect(statSync(file).ino).toBe(inode);
          expect(statSync(file).nlink).toBe(2);
          expect(readFileSync(path.join(root.outside, 'Dockerfile.link')).equals(after)).toBe(true);
        },
      };
    },
  },
  {
    name: 'lint --fix through symlinked Dockerfile and .dockerignore: targets updated, links kept',
    make: (root) => {
      const dockerfile = path.join(root.outside, 'real.Dockerfile');
      const ignore = path.join(root.outside, 'real.dockerignore');
      writeFileSync(dockerfile, CRLF_DOCKERFILE);
      writeFileSync(ignore, '# mine\r\nnode_modules\r\n');
      owned(dockerfile, 0o600);
      owned(ignore, 0o604);
      symlinkSync('../outside/real.Dockerfile', path.join(root.work, 'Dockerfile'));
      symlinkSync(ignore, path.join(root.work, '.dockerignore'));
      return {
        args: ['lint', '--fix'],
        exit: 1,
        mayChange: ['outside/real.Dockerfile', 'outside/real.dockerignore'],
        check: () => {
          expect(readlinkSync(path.join(root.work, 'Dockerfile'))).toBe('../outside/real.Dockerfile');
          expect(readlinkSync(path.join(root.work, '.dockerignore'))).toBe(ignore);
          const after = readFileSync(dockerfile);
          expect(after.toString('latin1')).toContain('--no-cache-dir');
          expectKeptBytes(after, KEPT_LINES, true);
          expectOwned(dockerfile, 0o600);
          const ignored = readFileSync(ignore);
          expectKeptBytes(ignored, [Buffer.from('# mine\r\nnode_modules\r\n')], true);
          expectOwned(ignore, 0o604);
        },
      };
    },
  },
  {
    name: 'lint --fix with an immutable .dockerignore: nothing written, one sentence',
    make: (root) => {
      writeFileSync(path.join(root.work, 'Dockerfile'), CRLF_DOCKERFILE);
      const ignore = path.join(root.work, '.dockerignore');
      writeFileSync(ignore, 'node_modules\n');
      try {
        execFileSync('chattr', ['+i', ignore], { stdio: 'ignore' });
      } catch {
        // No immutable flag on this file system: a .dockerignore that cannot be written either.
        rmSync(ignore);
        symlinkSync('Dockerfile/x', ignore);
      }
      return { args: ['lint', '--fix'], exit: 2, stderr: /Nothing was written: .*\.dockerignore/ };
    },
  },
  {
    name: 'lint --fix when the new .dockerignore cannot be made (a link below a file): nothing written',
    make: (root) => {
      writeFileSync(path.join(root.work, 'Dockerfile'), CRLF_DOCKERFILE);
      symlinkSync('Dockerfile/x', path.join(root.work, '.dockerignore'));
      return { args: ['lint', '--fix'], exit: 2, stderr: /Nothing was written: .*\.dockerignore/ };
    },
  },
  {
    name: 'lint --fix that would grow the Dockerfile past the 1 MiB read limit: refused, unchanged',
    make: (root) => {
      const head = 'FROM python:3.12-slim\nRUN pip install flask\n#';
      writeFileSync(path.join(root.work, 'Dockerfile'), `${head}${'x'.repeat(MiB - head.length - 8)}\n`);
      writeFileSync(path.join(root.work, '.dockerignore'), '.git\n');
      return { args: ['lint', '--fix'], exit: 2, stderr: /1 MiB/ };
    },
  },
  {
    name: 'optimize --write through a symlinked Dockerfile: target updated, link and mode kept, backup exact',
    make: (root) => {
      const target = path.join(root.outside, 'real.Dockerfile');
      const original = Buffer.from(
        'FROM python:3.12\r\nCOPY . /app\r\nWORKDIR /app\r\n# caf\xe9\r\nRUN pip install -r requirements.txt\r\nCMD ["python", "app.py"]\r\n',
        'latin1',
      );
      writeFileSync(target, original);
      owned(target, 0o640);
      writeFileSync(path.join(root.work, 'requirements.txt'), 'flask\n');
      symlinkSync('../outside/real.Dockerfile', path.join(root.work, 'Dockerfile'));
      return {
        args: ['optimize', '--write'],
        exit: 0,
        mayChange: [
          'outside/real.Dockerfile',
          'work/.dockerignore',
          'work/Dockerfile.orig',
          'work/Dockerfile.bak',
        ],
        check: () => {
          expect(lstatSync(path.join(root.work, 'Dockerfile')).isSymbolicLink()).toBe(true);
          expect(readFileSync(target, 'utf8')).toContain('# Generated by shipshape optimize');
          expectOwned(target, 0o640);
          const backup = ['Dockerfile.orig', 'Dockerfile.bak']
            .map((name) => path.join(root.work, name))
            .find((file) => existsSync(file));
          expect(backup, 'a backup of the original').toBeDefined();
          expect(readFileSync(backup!).equals(original)).toBe(true);
        },
      };
    },
  },
  {
    name: '--output through a symlink to a file outside: the target is written, link and mode kept',
    make: (root) => {
      writeFileSync(path.join(root.work, 'Dockerfile'), PIP);
      const target = path.join(root.outside, 'report.json');
      writeFileSync(target, 'old');
      owned(target, 0o600);
      symlinkSync(target, path.join(root.work, 'report.json'));
      return {
        args: ['lint', '--format', 'json', '--output', 'report.json'],
        exit: 1,
        mayChange: ['outside/report.json'],
        check: () => {
          expect(readlinkSync(path.join(root.work, 'report.json'))).toBe(target);
          expect(JSON.parse(readFileSync(target, 'utf8'))).toHaveProperty('findings');
          expectOwned(target, 0o600);
        },
      };
    },
  },
  {
    name: '--output onto a hard-linked file: written in place, every link sees it',
    make: (root) => {
      writeFileSync(path.join(root.work, 'Dockerfile'), PIP);
      const file = path.join(root.work, 'report.sarif');
      writeFileSync(file, 'old');
      linkSync(file, path.join(root.outside, 'report.link'));
      return {
        args: ['lint', '--format', 'sarif', '--output', 'report.sarif'],
        exit: 1,
        mayChange: ['work/report.sarif', 'outside/report.link'],
        check: () => {
          expect(statSync(file).nlink).toBe(2);
          expect(readFileSync(path.join(root.outside, 'report.link'), 'utf8')).toContain(
            '"version": "2.1.0"',
          );
        },
      };
    },
  },
  {
    name: '--output onto a FIFO with a reader: written to it, the FIFO stays',
    make: (root) => {
      writeFileSync(path.join(root.work, 'Dockerfile'), PIP);
      const fifo = path.join(root.work, 'report.fifo');
      execFileSync('mkfifo', [fifo]);
      const received = path.join(root.outside, 'received.txt');
      return {
        args: ['lint', '--output', 'report.fifo'],
        exit: 1,
        // Writing to a FIFO sets its modification time; it stays a FIFO.
        mayChange: ['outside/received.txt', 'work/report.fifo'],
        beside: fifoReader(fifo, received),
        check: () => {
          expect(lstatSync(fifo).isFIFO()).toBe(true);
          expect(readFileSync(received, 'utf8')).toContain('SS104');
        },
      };
    },
  },
  {
    name: '--output onto a FIFO nobody reads: refused at once',
    make: (root) => {
      writeFileSync(path.join(root.work, 'Dockerfile'), PIP);
      execFileSync('mkfifo', [path.join(root.work, 'report.fifo')]);
      return { args: ['lint', '--output', 'report.fifo'], exit: 2, ms: 8_000 };
    },
  },
  {
    name: '--output below a regular file, and onto a folder',
    make: (root) => {
      writeFileSync(path.join(root.work, 'Dockerfile'), PIP);
      return { args: ['lint', '--output', 'Dockerfile/report.txt'], exit: 2 };
    },
  },
  {
    name: '--output onto a folder',
    make: (root) => {
      writeFileSync(path.join(root.work, 'Dockerfile'), PIP);
      return { args: ['lint', '--output', '.'], exit: 2 };
    },
  },
  {
    name: 'ci github --write --force through a symlinked workflow: the target is replaced in content, link and mode kept',
    make: (root) => {
      writeFileSync(path.join(root.work, 'Dockerfile'), PIP);
      writeFileSync(path.join(root.work, 'requirements.txt'), 'flask\n');
      execFileSync('git', ['init', '--quiet', root.work]);
      const target = path.join(root.outside, 'container.yml');
      writeFileSync(target, 'name: old\n');
      owned(target, 0o640);
      const workflows = path.join(root.work, '.github', 'workflows');
      execFileSync('mkdir', ['-p', workflows]);
      symlinkSync(target, path.join(workflows, 'container.yml'));
      return {
        args: ['ci', 'github', '--write', '--force'],
        exit: 0,
        mayChange: ['outside/container.yml'],
        check: () => {
          expect(readlinkSync(path.join(workflows, 'container.yml'))).toBe(target);
          expect(readFileSync(target, 'utf8')).toContain('docker/build-push-action');
          expectOwned(target, 0o640);
        },
      };
    },
  },
  {
    name: '--output into folders that do not exist yet: made, nothing else touched',
    make: (root) => {
      writeFileSync(path.join(root.work, 'Dockerfile'), PIP);
      return {
        args: ['lint', '--format', 'github', '--output', 'reports/deep/lint.txt'],
        exit: 1,
        mayChange: ['work/reports'],
        check: () =>
          expect(readFileSync(path.join(root.work, 'reports/deep/lint.txt'), 'utf8')).toContain('::'),
      };
    },
  },
];
