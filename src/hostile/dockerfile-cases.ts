import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { argDoubling, envChain, fuzzedDockerfile, lines, randomBytes, stageChain } from './generate.js';
import type { CaseRoot, CaseRun, HostileCase } from './harness.js';

// Dockerfiles built to hang, explode or crash the linter and optimize. Each case writes its
// project into the case root and says what the run must end with.

const lint = (root: CaseRoot, dockerfile: string | Buffer, run: Partial<CaseRun> = {}): CaseRun => {
  writeFileSync(path.join(root.work, 'Dockerfile'), dockerfile);
  return { args: ['lint'], exit: [0, 1], ...run };
};

const optimize = (root: CaseRoot, dockerfile: string, run: Partial<CaseRun> = {}): CaseRun => {
  writeFileSync(path.join(root.work, 'Dockerfile'), dockerfile);
  writeFileSync(path.join(root.work, 'requirements.txt'), 'flask\n');
  return { args: ['optimize'], exit: [0, 2], ...run };
};

/** stdout carries no raw control character but newline and tab: a hostile file cannot drive the terminal. */
const noRawControls = (result: { stdout: string }) =>
  expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);

const MiB = 1024 * 1024;

/** Odd bytes, limits, fuzz and special files. */
export const oddDockerfiles: HostileCase[] = [
  {
    name: 'empty Dockerfile: SS001, exit 1',
    make: (root) =>
      lint(root, '', { exit: 1, check: (r) => expect(r.stdout).toContain('SS001 dockerfile-syntax-error') }),
  },
  {
    name: 'comments and a BOM only: SS001, exit 1',
    make: (root) =>
      lint(root, '\uFEFF# nothing\n# here\n', {
        exit: 1,
        check: (r) => expect(r.stdout).toContain('SS001'),
      }),
  },
  {
    name: 'NUL bytes: refused in one sentence',
    make: (root) => lint(root, 'FROM python:3.12-slim\nRUN echo \u0000\n', { exit: 2 }),
  },
  {
    name: 'bytes that are not UTF-8, CR-only line endings',
    make: (root) =>
      lint(root, Buffer.from('FROM python:3.12-slim\rLABEL a="\xe9\xff"\rRUN pip install flask\r', 'latin1')),
  },
  {
    name: 'UTF-16 with a BOM',
    make: (root) =>
      lint(root, Buffer.from('\uFEFFFROM python:3.12-slim\nRUN pip install flask\n', 'utf16le'), {
        exit: [1, 2],
      }),
  },
  {
    name: 'one line of 256 KiB',
    make: (root) => lint(root, `FROM python:3.12-slim\nRUN echo ${'a '.repeat(128 * 1024)}\n`),
  },
  {
    name: 'past the 1 MiB read limit: refused while reading',
    make: (root) =>
      lint(root, `FROM python:3.12-slim\n${'# padding\n'.repeat(MiB / 8)}`, {
        exit: 2,
        stderr: /Dockerfile/,
      }),
  },
  {
    name: 'escape sequences and bidi overrides in the text: the report writes them as escapes',
    make: (root) =>
      lint(root, 'FROM python:3.12-slim\nRUN pip install \u001b[2J\u001b]0;pwned\u0007 \u202eflask\n', {
        exit: 1,
        check: noRawControls,
      }),
  },
  ...[1, 2, 3].map(
    (seed): HostileCase => ({
      name: `fuzzed Dockerfile, seed ${seed}`,
      make: (root) => lint(root, fuzzedDockerfile(seed, 400), { exit: [0, 1, 2] }),
    }),
  ),
  ...[1].map(
    (seed): HostileCase => ({
      name: `random bytes after a FROM, seed ${seed}`,
      make: (root) => lint(root, randomBytes(seed, 64 * 1024), { exit: [0, 1, 2] }),
    }),
  ),
  {
    name: 'a FIFO as the Dockerfile: refused at once',
    make: (root) => {
      execFileSync('mkfifo', [path.join(root.work, 'Dockerfile')]);
      return { args: ['lint'], exit: 2, stderr: /FIFO/, ms: 8_000 };
    },
  },
  {
    name: 'a FIFO as --dockerfile: refused at once',
    make: (root) => {
      writeFileSync(path.join(root.work, 'Dockerfile'), 'FROM python:3.12-slim\n');
      execFileSync('mkfifo', [path.join(root.work, 'other.Dockerfile')]);
      return { args: ['lint', '--dockerfile', 'other.Dockerfile'], exit: 2, stderr: /FIFO/, ms: 8_000 };
    },
  },
  {
    name: 'a link to /dev/zero as the Dockerfile: refused, not read',
    make: (root) => {
      symlinkSync('/dev/zero', path.join(root.work, 'Dockerfile'));
      return { args: ['lint'], exit: 2, stderr: /device/, ms: 8_000 };
    },
  },
  {
    name: 'a folder named Dockerfile',
    make: (root) => {
      mkdirSync(path.join(root.work, 'Dockerfile'));
      return { args: ['lint'], exit: 2 };
    },
  },
  {
    name: 'a dangling link and a link loop',
    make: (root) => {
      symlinkSync('missing', path.join(root.work, 'Dockerfile'));
      symlinkSync('b.Dockerfile', path.join(root.work, 'a.Dockerfile'));
      symlinkSync('a.Dockerfile', path.join(root.work, 'b.Dockerfile'));
      return { args: ['lint', '--dockerfile', 'a.Dockerfile'], exit: 2 };
    },
  },
  {
    name: 'a Dockerfile linked from outside the project is read as what it points to',
    make: (root) => {
      writeFileSync(path.join(root.outside, 'Dockerfile'), 'FROM python:3.12-slim\nRUN pip install flask\n');
      symlinkSync('../outside/Dockerfile', path.join(root.work, 'Dockerfile'));
      return { args: ['lint'], exit: 1, check: (r) => expect(r.stdout).toContain('SS104') };
    },
  },
];

/** Dockerfiles built to explode: each found once to take gigabytes, minutes or the stack. */
export const explodingDockerfiles: HostileCase[] = [
  {
    name: 'ARG doubling ×25 (838 MB before the cap)',
    make: (root) => lint(root, argDoubling(25)),
  },
  {
    name: 'ARG doubling ×40 (internal error before the cap)',
    make: (root) => lint(root, argDoubling(40)),
  },
  {
    name: 'ARG doubling ×40, optimize',
    make: (root) => optimize(root, `${argDoubling(40)}RUN pip install -r requirements.txt\n`),
  },
  {
    name: '10,000 chained ENV values (2.2 GB and 27 s before)',
    make: (root) => lint(root, envChain(10_000)),
  },
  {
    name: '10,000 chained ENV values, optimize',
    make: (root) => optimize(root, envChain(10_000), { ms: 30_000 }),
  },
  {
    name: '10,000 chained stages (stack overflow before)',
    make: (root) => lint(root, stageChain(10_000)),
  },
  {
    name: '5,000 chained stages, optimize',
    make: (root) => optimize(root, stageChain(5_000), { ms: 30_000 }),
  },
  {
    name: '5,000 stages chained by COPY --from (a stage lookup per --from: 19 s at 15,000 before)',
    make: (root) =>
      lint(
        root,
        `FROM python:3.12-slim AS s0\n${lines(5_000, (i) => `FROM b AS s${i + 1}\nCOPY --from=s${i} /a /a`)}`,
        { ms: 30_000 },
      ),
  },
  {
    name: '3,000 stages chained by COPY --from, optimize (kept as written)',
    make: (root) =>
      optimize(
        root,
        `FROM python:3.12-slim AS s0\n${lines(3_000, (i) => `FROM b AS s${i + 1}\nCOPY --from=s${i} /a /a`)}FROM python:3.12-slim\nRUN pip install -r requirements.txt\n`,
        { ms: 30_000 },
      ),
  },
  {
    name: '5,000 stages each under a comment (37 s in the parser at 10,000 before)',
    make: (root) =>
      lint(
        root,
        lines(5_000, (i) => `# stage ${i}\nFROM python:3.12-slim AS s${i}\nRUN true`),
        { ms: 30_000 },
      ),
  },
  {
    name: 'stages that name each other in a cycle',
    make: (root) =>
      lint(
        root,
        lines(2_000, (i) => `FROM s${(i + 1) % 2_000} AS s${i}`),
      ),
  },
  {
    // 20,000 lines (77 s before) run in-process in src/cli/large-dockerfile.test.ts.
    name: '3,000 RUN pip install lines',
    make: (root) =>
      lint(root, `FROM python:3.12-slim\n${lines(3_000, (i) => `RUN pip install pkg${i}`)}`, {
        exit: 1,
        ms: 30_000,
      }),
  },
  {
    name: 'an && chain of 10,000 commands over continuation lines in one RUN',
    make: (root) =>
      lint(root, `FROM python:3.12-slim\nRUN true ${lines(10_000, (i) => `&& echo ${i} \\`)}\n`),
  },
  {
    // The fast shell reader nests `a && b && …` one list per operator: 5,000 overflowed its walk.
    name: 'an && chain of 50,000 commands on one line, and a pipeline of 50,000',
    make: (root) =>
      lint(
        root,
        `FROM python:3.12-slim\nRUN true${' && echo x'.repeat(50_000)}\nRUN true${' | cat'.repeat(50_000)}\n`,
        { exit: 1 },
      ),
  },
  {
    // Each finding once printed its whole line: 30,000 findings on a 220 KB line, 6.6 GB of text.
    name: '10,000 sudo pip installs on one line (30,000 findings on it)',
    make: (root) =>
      lint(root, `FROM python:3.12-slim\nRUN true${' && sudo pip install x'.repeat(10_000)}\n`, {
        exit: 1,
        ms: 30_000,
      }),
  },
  {
    name: 'command substitution nested 2,000 deep',
    make: (root) =>
      lint(root, `FROM python:3.12-slim\nRUN echo ${'$('.repeat(2_000)}x${')'.repeat(2_000)}\n`),
  },
  {
    name: 'a default value nested 5,000 deep (A:-A:-…)',
    make: (root) =>
      lint(root, `FROM python:3.12-slim\nENV A=${'${A:-'.repeat(5_000)}x${'}'.repeat(5_000)}\nRUN echo $A\n`),
  },
  {
    name: 'a heredoc of 5,000 lines that never ends',
    make: (root) => lint(root, `FROM python:3.12-slim\nRUN <<EOF\n${lines(5_000, (i) => `echo ${i}`)}`),
  },
  {
    name: 'unclosed quotes and JSON',
    make: (root) =>
      lint(root, 'FROM python:3.12-slim\nRUN echo "unclosed \'also\nCMD ["python", \nENTRYPOINT [\n'),
  },
  {
    name: 'escape directive with backtick continuations',
    make: (root) =>
      lint(root, `# escape=\`\nFROM python:3.12-slim\n${lines(1_000, (i) => `RUN echo ${i} \``)}RUN done\n`),
  },
  {
    name: 'one word of 500,000 characters',
    make: (root) => lint(root, `FROM python:3.12-slim\nRUN ${'a'.repeat(500_000)}\n`),
  },
  {
    name: '1,000 ONBUILD ONBUILD lines',
    make: (root) =>
      lint(root, `FROM python:3.12-slim\n${lines(1_000, (i) => `ONBUILD ONBUILD RUN pip install p${i}`)}`),
  },
];
