#!/usr/bin/env node
// Benchmark: time and peak RSS of `shipshape inspect --tarball` on a generated ~1 GB
// `docker save` archive (many small files, a few large ones, some overwritten or deleted
// in later layers), and the same for dive when it is installed. Not a test: it prints figures.
// Usage: npm run build && node bench/inspect-1gb.mjs [--keep]
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import tar from 'tar-stream';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist/cli.js');
const TARGET_SECONDS = 5;
const TARGET_RSS_MB = 256;
const noise = randomBytes(1 << 20);

function content(size, seed) {
  if (size <= noise.length - seed) return noise.subarray(seed, seed + size);
  const parts = [];
  for (let left = size; left > 0; left -= noise.length)
    parts.push(noise.subarray(0, Math.min(left, noise.length)));
  return Buffer.concat(parts);
}

/** Streams one layer tar to disk and returns its sha256 (the diff_id). */
async function writeLayer(file, entries) {
  const pack = tar.pack();
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  const done = pipeline(
    pack,
    async function* (source) {
      for await (const chunk of source) {
        hash.update(chunk);
        yield chunk;
      }
    },
    out,
  );
  for (const entry of entries) {
    await new Promise((ok, fail) => {
      const header = { name: entry.name, mode: 0o644, mtime: new Date(0) };
      if (entry.size === undefined)
        return pack.entry({ ...header, type: 'directory' }, (e) => (e ? fail(e) : ok()));
      const body = content(entry.size, entry.seed ?? 0);
      const stream = pack.entry({ ...header, size: body.length }, (e) => (e ? fail(e) : ok()));
      stream.end(body);
    });
  }
  pack.finalize();
  await done;
  return `sha256:${hash.digest('hex')}`;
}

function smallFiles(prefix, count, seedBase) {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}/d${Math.floor(i / 500)}/f${i}.py`,
    size: 1024 + ((i * 7919) % 7168),
    seed: (seedBase + i * 131) % 4096,
  }));
}

async function generate(dir) {
  const layers = [
    // base: ~60 k small files (~270 MB)
    smallFiles('usr/lib/python3/site-packages', 60_000, 1),
    // four large files (400 MB)
    Array.from({ length: 4 }, (_, i) => ({ name: `opt/models/m${i}.bin`, size: 100 << 20, seed: i })),
    // overwrite two large files and 10 k small ones (~245 MB), delete a folder of small ones
    [
      { name: 'opt/models/m0.bin', size: 100 << 20, seed: 9 },
      { name: 'opt/models/m1.bin', size: 100 << 20, seed: 10 },
      { name: 'usr/lib/python3/site-packages/d100/.wh..wh..opq', size: 0 },
      ...smallFiles('usr/lib/python3/site-packages', 10_000, 7),
      { name: 'usr/lib/python3/site-packages/.wh.d119', size: 0 },
    ],
  ];
  const diffIds = [];
  const names = [];
  for (const [i, entries] of layers.entries()) {
    const name = `layer${i}/layer.tar`;
    diffIds.push(await writeLayer(join(dir, `layer${i}.tar`), entries));
    names.push(name);
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { User: 'app' },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: layers.map((_, i) => ({ created_by: `RUN generate layer ${i + 1}` })),
    }),
  );
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  const manifest = Buffer.from(
    JSON.stringify([{ Config: configName, RepoTags: ['bench:1gb'], Layers: names }]),
  );

  const archive = join(dir, 'image.tar');
  const pack = tar.pack();
  const done = pipeline(pack, createWriteStream(archive));
  for (const [i, name] of names.entries()) {
    const file = join(dir, `layer${i}.tar`);
    await new Promise((ok, fail) => {
      const entry = pack.entry({ name, size: statSync(file).size }, (e) => (e ? fail(e) : ok()));
      createReadStream(file).pipe(entry);
    });
    await rm(file);
  }
  // manifest.json last, as `docker save` writes it.
  for (const [name, data] of [
    [configName, config],
    ['manifest.json', manifest],
  ]) {
    await new Promise((ok, fail) => pack.entry({ name }, data, (e) => (e ? fail(e) : ok())));
  }
  pack.finalize();
  await done;
  return archive;
}

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
  const archive = await generate(dir);
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
