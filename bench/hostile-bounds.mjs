#!/usr/bin/env node
// Benchmark: wall time, CPU time and peak RSS of the CLI on inputs built to explode, at a
// few sizes each, so README's reliability figures can be reproduced and the growth with
// input size read off (linear work roughly doubles with the size). Not a test: it prints.
// Usage: npm run build && node bench/hostile-bounds.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist/cli.js');
const time = '/usr/bin/time';
if (!existsSync(time)) {
  console.error('needs GNU time at /usr/bin/time (apt-get install time) for peak RSS');
  process.exit(2);
}

const lines = (count, line) => `${Array.from({ length: count }, (_, i) => line(i)).join('\n')}\n`;
const FROM = 'FROM python:3.12-slim\n';

/** name → [sizes, files(size), args] */
const inputs = [
  [
    'ARG doubling (each ARG twice the last), lint',
    [25, 40],
    (n) => ({ Dockerfile: `${FROM}ARG A0=x\n${lines(n, (i) => `ARG A${i + 1}=\${A${i}}\${A${i}}`)}` }),
  ],
  [
    'chained ENV values, lint',
    [5_000, 10_000],
    (n) => ({ Dockerfile: `${FROM}ENV V0=s\n${lines(n, (i) => `ENV V${i + 1}=\${V${i}}-`)}` }),
  ],
  [
    'chained ENV values, optimize',
    [5_000, 10_000],
    (n) => ({
      Dockerfile: `${FROM}ENV V0=s\n${lines(n, (i) => `ENV V${i + 1}=\${V${i}}-`)}RUN pip install -r requirements.txt\n`,
      'requirements.txt': 'flask\n',
    }),
    ['optimize'],
  ],
  [
    'chained stages, lint',
    [5_000, 10_000],
    (n) => ({ Dockerfile: `FROM python:3.12-slim AS s0\n${lines(n, (i) => `FROM s${i} AS s${i + 1}`)}` }),
  ],
  [
    'RUN pip install lines, lint',
    [10_000, 20_000],
    (n) => ({ Dockerfile: `${FROM}${lines(n, (i) => `RUN pip install p${i}`)}` }),
  ],
  [
    '&& chain in one RUN, lint',
    [10_000, 20_000],
    (n) => ({ Dockerfile: `${FROM}RUN true ${lines(n, (i) => `&& echo ${i} \\`)}\n` }),
  ],
  [
    'stages chained by COPY --from, lint',
    [5_000, 15_000],
    (n) => ({
      Dockerfile: `FROM python:3.12-slim AS s0\n${lines(n, (i) => `FROM b AS s${i + 1}\nCOPY --from=s${i} /a /a`)}`,
    }),
  ],
  [
    'stages each under a comment, lint',
    [5_000, 10_000],
    (n) => ({ Dockerfile: lines(n, (i) => `# stage ${i}\nFROM python:3.12-slim AS s${i}\nRUN true`) }),
  ],
  [
    '.dockerignore lines, lint',
    [20_000, 40_000],
    (n) => ({ Dockerfile: `${FROM}COPY . .\n`, '.dockerignore': lines(n, (i) => `dir${i}/**/*.pyc`) }),
  ],
];

console.log('| input | size | wall s | CPU s | peak RSS MiB | exit |');
console.log('|---|---|---|---|---|---|');
for (const [name, sizes, files, args = ['lint']] of inputs) {
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-bounds-'));
    try {
      for (const [file, text] of Object.entries(files(size))) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
      const run = spawnSync(time, ['-f', '%e %U %S %M', process.execPath, cli, ...args, dir], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
      const [wall, user, system, rss] = run.stderr.trim().split('\n').pop().split(' ').map(Number);
      const exit = run.status;
      console.log(
        `| ${name} | ${size.toLocaleString('en')} | ${wall.toFixed(1)} | ${(user + system).toFixed(1)} | ${Math.round(rss / 1024)} | ${exit} |`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
console.log(
  `\nload average while measuring: ${execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ')}`,
);
