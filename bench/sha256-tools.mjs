#!/usr/bin/env node
// Benchmark (prints figures, not a test): what verifying an archive's layer digests costs with
// Node's crypto (what inspect uses: 1 MiB reads at an offset into one reused buffer) against
// the system's hashers, on the same byte ranges (the archive's members over 1 MiB, its layers).
// A system tool cannot read a range of a file by itself: `dd` cuts the range and pipes it to
// `openssl dgst`; `openssl dgst` and `sha256sum` of the whole file are shown as the lower bound
// a pipe-free tool would reach. CPU is user + system of the whole process tree (GNU time).
// Usage: node bench/sha256-tools.mjs ARCHIVE.tar [--runs 3]
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

const archive = process.argv[2];
if (!archive) throw new Error('usage: node bench/sha256-tools.mjs ARCHIVE.tar [--runs 3]');
const runsAt = process.argv.indexOf('--runs');
const runs = runsAt < 0 ? 3 : Number(process.argv[runsAt + 1]);

/** [offset, size] of every tar member over 1 MiB (plain ustar sizes are enough for layers). */
function largeMembers(file) {
  const fd = openSync(file, 'r');
  const size = statSync(file).size;
  const header = Buffer.alloc(512);
  const found = [];
  try {
    for (let at = 0; at + 512 <= size; ) {
      readSync(fd, header, 0, 512, at);
      if (header[0] === 0) break;
      const length = Number.parseInt(header.toString('latin1', 124, 136).replace(/\0.*$/, '').trim(), 8) || 0;
      if (length > 1 << 20) found.push([at + 512, length]);
      at += 512 + Math.ceil(length / 512) * 512;
    }
  } finally {
    closeSync(fd);
  }
  return found;
}

const ranges = largeMembers(archive);
const rangeList = ranges.map(([offset, size]) => `${offset} ${size}`).join('\n');
const nodeHasher = `
const { createHash } = require('node:crypto');
const { openSync, readSync } = require('node:fs');
const fd = openSync(process.argv[1], 'r');
const buffer = Buffer.allocUnsafe(1 << 20);
for (const line of process.argv[2].split('\\n')) {
  const [offset, size] = line.split(' ').map(Number);
  const hash = createHash('sha256');
  for (let at = offset; at < offset + size; ) {
    const read = readSync(fd, buffer, 0, Math.min(buffer.length, offset + size - at), at);
    hash.update(buffer.subarray(0, read));
    at += read;
  }
  hash.digest('hex');
}`;
const ddOpenssl = `echo "$2" | while read offset size; do
  dd if="$1" bs=1M iflag=skip_bytes,count_bytes skip=$offset count=$size status=none | openssl dgst -sha256 >/dev/null
done`;
const ways = [
  ['node:crypto, ranges (inspect)', process.execPath, ['-e', nodeHasher, archive, rangeList]],
  ['node -e 0 (start-up only)', process.execPath, ['-e', '0']],
  ['dd piped to openssl dgst, ranges', 'sh', ['-c', ddOpenssl, 'sh', archive, rangeList]],
  ['openssl dgst -sha256, whole file', 'openssl', ['dgst', '-sha256', archive]],
  ['sha256sum, whole file', 'sha256sum', [archive]],
];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const bytes = ranges.reduce((sum, [, size]) => sum + size, 0);
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, node ${process.version}; ${ranges.length} ranges, ${(bytes / 1e6).toFixed(0)} MB`,
);
console.log('| hasher | CPU s (user+sys) | wall s | peak RSS MB |\n|---|---|---|---|');
const results = ways.map(() => []);
for (let i = 0; i < runs; i++) {
  for (const [index, [, command, args]] of ways.entries()) {
    const run = spawnSync('/usr/bin/time', ['-f', '%U %S %e %M', command, ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr}`);
    const [user, system, wall, rss] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
    results[index].push({ cpu: user + system, wall, rss: rss / 1024 });
  }
}
for (const [index, [label]] of ways.entries()) {
  const list = results[index];
  const figure = (key, digits) => median(list.map((r) => r[key])).toFixed(digits);
  console.log(`| ${label} | ${figure('cpu', 2)} | ${figure('wall', 2)} | ${figure('rss', 0)} |`);
}
