#!/usr/bin/env node
// Benchmark (prints figures, not a test): lint throughput in-process over the corpus repeated
// to 1,000 files, the CLI's wall time on one Dockerfile, parse+model time of a 200-line
// Dockerfile, and `shipshape --version` cold start.
// Usage: npm run build && node bench/lint-throughput.mjs
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist/cli.js');
const { parseDockerfile } = await import(join(repo, 'dist/dockerfile/index.js'));
const { load } = await import(join(repo, 'dist/project/index.js'));
const { runRules } = await import(join(repo, 'dist/rules/run.js'));

const TARGET_FILES = 1000;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value) => `${value.toFixed(1)} ms`;

function corpusFiles() {
  const corpus = resolve(repo, '..', 'shared', 'corpus', 'files');
  if (existsSync(corpus)) return readdirSync(corpus).map((name) => join(corpus, name));
  // Without the shared corpus, the project's own Dockerfiles stand in.
  return [
    join(repo, 'examples/guide-app/Dockerfile'),
    join(repo, 'fixtures/projects/guide-multistage/Dockerfile'),
  ];
}

// Each corpus file gets a project of its own (loaded once, outside the timed loop).
const subjects = [];
for (const file of corpusFiles()) {
  const folder = mkdtempSync(join(tmpdir(), 'shipshape-bench-'));
  copyFileSync(file, join(folder, 'Dockerfile'));
  subjects.push({ folder, text: readFileSync(file, 'utf8'), project: await load(folder) });
}

function lintRound(count) {
  return (async () => {
    for (let i = 0; i < count; i++) {
      const subject = subjects[i % subjects.length];
      const model = await parseDockerfile(subject.text, 'Dockerfile');
      runRules(subject.project, model, 'Dockerfile');
    }
  })();
}

await lintRound(subjects.length * 2); // warm-up
let started = performance.now();
await lintRound(TARGET_FILES);
const inProcessSeconds = (performance.now() - started) / 1000;

// The same with the project read from disk for every file, as the CLI does.
const LOADED = 200;
started = performance.now();
for (let i = 0; i < LOADED; i++) {
  const subject = subjects[i % subjects.length];
  const project = await load(subject.folder);
  runRules(project, project.dockerfile.model, 'Dockerfile');
}
const withLoadSeconds = (performance.now() - started) / 1000;
for (const subject of subjects) rmSync(subject.folder, { recursive: true, force: true });

// A 200-line Dockerfile: stages, continued RUNs, ENV, COPY, comments.
function twoHundredLines() {
  const lines = ['ARG PY=3.12', `FROM python:\${PY}-slim AS builder`, 'WORKDIR /app'];
  for (let i = 0; lines.length < 196; i++) {
    lines.push(
      `# step ${i}`,
      `RUN apt-get update && apt-get install -y --no-install-recommends pkg${i} \\`,
      `    && pip install --no-cache-dir "lib${i}>=1.0" \\`,
      `    && rm -rf /var/lib/apt/lists/*`,
      `ENV VAR_${i}=value_${i}`,
      `COPY src/part${i}/ ./src/part${i}/`,
    );
  }
  lines.length = 196;
  lines.push(
    `FROM python:\${PY}-slim`,
    'COPY --from=builder /app /app',
    'USER 1000',
    'CMD ["python", "-m", "app"]',
  );
  return `${lines.join('\n')}\n`;
}
const big = twoHundredLines();
await parseDockerfile(big);
const parseTimes = [];
for (let i = 0; i < 50; i++) {
  const t = performance.now();
  await parseDockerfile(big);
  parseTimes.push(performance.now() - t);
}

function wall(args, runs = 7) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const result = spawnSync(process.execPath, [cli, ...args], { cwd: repo, encoding: 'utf8' });
    times.push(performance.now() - t);
    if (result.status !== 0 && result.status !== 1)
      throw new Error(`shipshape ${args.join(' ')}: ${result.stderr}`);
  }
  return median(times);
}
const cliLint = wall(['lint', 'examples/guide-app']);
const cliVersion = wall(['--version']);

console.log(
  `machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} (figures are slower on a busy machine)`,
);
console.log(
  `lint in-process: ${TARGET_FILES} files (${subjects.length} distinct, parse + all rules) in ${inProcessSeconds.toFixed(2)} s = ${Math.round(TARGET_FILES / inProcessSeconds)} files/s (target >= 500)`,
);
console.log(`lint in-process with project load per file: ${Math.round(LOADED / withLoadSeconds)} files/s`);
console.log(
  `parse + model of a ${big.split('\n').length - 1}-line Dockerfile: median ${ms(median(parseTimes))} (50 runs)`,
);
console.log(`CLI wall time, shipshape lint examples/guide-app: median ${ms(cliLint)} (7 runs)`);
console.log(`CLI cold start, shipshape --version: median ${ms(cliVersion)} (7 runs)`);
