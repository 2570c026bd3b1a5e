#!/usr/bin/env node
// Benchmark (prints figures, not a test): `shipshape inspect` and dive 0.13.1 side by side in
// one run, on the guide app's original image (`docker save`), the generated ~1 GB archive and
// a generated archive of 3 million small files. Each tool runs 3 times per input, alternating,
// and the medians of wall time and peak RSS are printed with a machine line. shipshape runs
// the full report: once `--format json`, once the text report (Python waste and security
// sections included). It also checks that the "dive would report" figures equal dive's own.
// Usage: npm run build && node bench/inspect-vs-dive.mjs [--runs 3] [--files 3000000]
//          [--dir DIR (keep generated archives there and reuse them)] [--guide-tar FILE]
//          [--only guide,1gb,files]
// dive: `go install github.com/wagoodman/dive@v0.13.1` and put ~/go/bin on PATH.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, homedir, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateOneGigabyte, generateSmallFiles } from './archives.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist/cli.js');

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : process.argv[at + 1];
}
const runs = Number(option('--runs', '3'));
const files = Number(option('--files', '3000000'));
const only = new Set(option('--only', 'guide,1gb,files').split(','));
const keptDir = option('--dir', undefined);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Wall seconds and peak RSS (MB) of one run, from GNU time. */
function measure(command, args, env = {}, okStatuses = [0]) {
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-v', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, ...env },
  });
  const seconds = (performance.now() - started) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
  if (!okStatuses.includes(run.status))
    throw new Error(`${command} ${args.join(' ')} failed (${run.status}):\n${run.stderr}`);
  return { seconds, rssMb: rss ? Number(rss[1]) / 1024 : Number.NaN, stdout: run.stdout };
}

function which(tool) {
  const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  const goBin = join(homedir(), 'go/bin', tool);
  return existsSync(goBin) ? goBin : '';
}

function machineLine(dive) {
  const cpu = cpus();
  // A `go install`ed dive prints no version; the module version is in the binary's build info.
  const buildInfo = spawnSync('go', ['version', '-m', dive], { encoding: 'utf8' }).stdout ?? '';
  const module = /\bmod\s+github\.com\/wagoodman\/dive\s+(\S+)/.exec(buildInfo)?.[1];
  const diveVersion = module
    ? `dive ${module}`
    : spawnSync(dive, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return `machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, node ${process.version}, ${diveVersion}`;
}

/** The guide app's original image, built from examples/guide-app and saved with `docker save`. */
function guideAppTarball(dir) {
  const given = option('--guide-tar', undefined);
  if (given) return given;
  const file = join(dir, 'guide-app.tar');
  if (existsSync(file)) return file;
  const tag = 'shipshape-bench-guide-app:original';
  const built = spawnSync(
    'docker',
    ['buildx', 'build', '--load', '-t', tag, join(repo, 'examples/guide-app')],
    {
      encoding: 'utf8',
    },
  );
  if (built.status !== 0) throw new Error(`building the guide app failed:\n${built.stderr}`);
  const saved = spawnSync('docker', ['save', '-o', file, tag], { encoding: 'utf8' });
  if (saved.status !== 0) throw new Error(`docker save failed:\n${saved.stderr}`);
  return file;
}

/** dive's three CI figures, as it prints them. */
function diveFigures(text) {
  const number = (pattern) => Number(pattern.exec(text)?.[1]);
  return {
    efficiency: number(/efficiency: ([\d.]+) %/),
    wastedBytes: number(/wastedBytes: (\d+) bytes/),
    userWastedPercent: number(/userWastedPercent: ([\d.]+) %/),
  };
}

function sameAsDive(report, dive) {
  const ours = report.waste.dive;
  return (
    ours.wastedBytes === dive.wastedBytes &&
    (ours.efficiency * 100).toFixed(4) === dive.efficiency.toFixed(4) &&
    (ours.userWastedPercent * 100).toFixed(4) === dive.userWastedPercent.toFixed(4)
  );
}

const dive = which('dive');
if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first.');
if (!dive) throw new Error('dive is not installed: go install github.com/wagoodman/dive@v0.13.1');
const dir = keptDir ?? mkdtempSync(join(tmpdir(), 'shipshape-inspect-vs-dive-'));
mkdirSync(dir, { recursive: true });
try {
  const inputs = [];
  if (only.has('guide')) inputs.push(['guide-app original image (docker save)', guideAppTarball(dir)]);
  if (only.has('1gb')) {
    const file = join(dir, 'image-1gb.tar');
    inputs.push(['generated ~1 GB archive', existsSync(file) ? file : await generateOneGigabyte(dir)]);
  }
  if (only.has('files')) {
    const file = join(dir, `image-${files}-files.tar`);
    inputs.push([
      `generated ${files.toLocaleString('en')} small files`,
      existsSync(file) ? file : await generateSmallFiles(dir, files),
    ]);
  }

  console.log(machineLine(dive));
  console.log(`${runs} runs per tool and input, alternating; medians.`);
  console.log(
    '| input | size | dive wall | dive peak RSS | shipshape json wall | json RSS | shipshape text wall | text RSS | dive figures equal |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const [label, archive] of inputs) {
    const diveRuns = [];
    const jsonRuns = [];
    const textRuns = [];
    let report;
    let diveText = '';
    for (let i = 0; i < runs; i++) {
      // dive exits 1 when its own CI rules (efficiency ≥ 0.9 …) fail; that is a result, not an error.
      const theirs = measure(dive, ['--source', 'docker-archive', archive], { CI: 'true' }, [0, 1]);
      diveText = theirs.stdout;
      diveRuns.push(theirs);
      const json = measure(process.execPath, [cli, 'inspect', '--tarball', archive, '--format', 'json']);
      report = JSON.parse(json.stdout);
      jsonRuns.push(json);
      const text = measure(process.execPath, [cli, 'inspect', '--tarball', archive]);
      if (!text.stdout.includes('Python and build waste') || !text.stdout.includes('Security surface'))
        throw new Error('the text report lost its Python-waste or security section');
      textRuns.push(text);
    }
    const wall = (list) => `${median(list.map((r) => r.seconds)).toFixed(2)} s`;
    const rss = (list) => `${median(list.map((r) => r.rssMb)).toFixed(0)} MB`;
    const size = `${(statSync(archive).size / 1e6).toFixed(0)} MB`;
    const theirs = diveFigures(diveText);
    const ours = report.waste.dive;
    const equal = sameAsDive(report, theirs)
      ? 'yes'
      : `NO: dive ${theirs.efficiency} % / ${theirs.wastedBytes} B, ours ${(ours.efficiency * 100).toFixed(4)} % / ${ours.wastedBytes} B`;
    console.log(
      `| ${label} | ${size} | ${wall(diveRuns)} | ${rss(diveRuns)} | ${wall(jsonRuns)} | ${rss(jsonRuns)} | ${wall(textRuns)} | ${rss(textRuns)} | ${equal} |`,
    );
  }
} finally {
  if (!keptDir) rmSync(dir, { recursive: true, force: true });
}
