#!/usr/bin/env node
// Benchmark: time and peak RSS of `shipshape inspect --tarball` on a generated ~1 GB
// `docker save` archive (many small files, a few large ones, some overwritten or deleted
// in later layers), and the same for dive when it is installed. Not a test: it prints figures.
// Usage: npm run build && node bench/inspect-1gb.mjs [--keep]
// Side by side with dive on more inputs, medians of 3: bench/inspect-vs-dive.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateOneGigabyte } from './archives.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist/cli.js');
const TARGET_SECONDS = 5;
const TARGET_RSS_MB = 256;
/** Runs a command under /usr/bin/time -v when present, else polls VmHWM from /proc. */
async function measure(command, args) {
  if (existsSync('/usr/bin/time')) {
    const started = performance.now();
    const run = spawnSync('/usr/bin/time', ['-v', command, ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const seconds = (performance.now() - started) / 1000;
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
    return {
      seconds,
      rssMb: rss ? Number(rss[1]) / 1024 : Number.NaN,
      status: run.status,
      stderr: run.stderr,
    };
  }
  const started = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let peakKb = 0;
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const timer = setInterval(() => {
    try {
      const match = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) peakKb = Math.max(peakKb, Number(match[1]));
    } catch {}
  }, 20);
  const status = await new Promise((ok) => child.on('exit', ok));
  clearInterval(timer);
  return { seconds: (performance.now() - started) / 1000, rssMb: peakKb / 1024, status, stderr };
}

function which(tool) {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
}

const dir = await mkdtemp(join(tmpdir(), 'shipshape-bench-'));
try {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first.');
  const started = performance.now();
  const archive = await generateOneGigabyte(dir);
  const size = statSync(archive).size;
  console.log(
    `generated ${(size / 1e9).toFixed(2)} GB in ${((performance.now() - started) / 1000).toFixed(1)} s: ${archive}`,
  );

  const ours = await measure(process.execPath, [cli, 'inspect', '--tarball', archive, '--format', 'json']);
  if (ours.status !== 0) throw new Error(`shipshape inspect failed:\n${ours.stderr}`);
  const verdict = ours.seconds <= TARGET_SECONDS && ours.rssMb <= TARGET_RSS_MB ? 'within' : 'OUTSIDE';
  console.log(
    `shipshape inspect: ${ours.seconds.toFixed(2)} s, peak RSS ${ours.rssMb.toFixed(0)} MB (${verdict} targets ${TARGET_SECONDS} s / ${TARGET_RSS_MB} MB)`,
  );

  const dive = which('dive');
  if (dive) {
    const theirs = await measure(dive, ['--ci', '--source', 'docker-archive', archive]);
    console.log(
      `dive: ${theirs.seconds.toFixed(2)} s, peak RSS ${theirs.rssMb.toFixed(0)} MB (exit ${theirs.status})`,
    );
  } else {
    console.log('dive: not installed, skipped');
  }
} finally {
  if (!process.argv.includes('--keep')) await rm(dir, { recursive: true, force: true });
}
