import type { BenchReport, BuildRun } from '../../../bench/types.js';
import { buildTrend, type Trend } from '../../../history/trend.js';
import type { StoredRow } from '../../../history/types.js';
import type { ImageReport } from '../../../image/types.js';
import type { Finding, Severity } from '../../../types.js';
import type { LintReport } from '../../types.js';

/** Small fixed inputs for the HTML reporters: snapshot tests and the headless-browser test share them. */

const position = (line: number, column: number, offset: number) => ({ line, column, offset });

function finding(
  rule: string,
  name: string,
  severity: Severity,
  line: number,
  message: string,
  fix = false,
): Finding {
  return {
    rule,
    name,
    severity,
    message,
    file: 'examples/guide-app/Dockerfile',
    range: { start: position(line, 1, line * 40), end: position(line, 20, line * 40 + 19) },
    docsUrl: `https://shipshape.dev/rules/${rule}`,
    ...(fix
      ? {
          fix: {
            description: 'add the flag',
            applicability: 'safe' as const,
            edits: [{ start: 0, end: 0, content: '' }],
          },
        }
      : {}),
  };
}

export const lintSample: LintReport = {
  findings: [
    finding(
      'SS105',
      'full-python-base',
      'warning',
      1,
      'python:3.11 is the full Debian image; use python:3.11-slim.',
    ),
    finding(
      'SS102',
      'apt-recommends-installed',
      'warning',
      5,
      'apt-get install without --no-install-recommends.',
      true,
    ),
    finding(
      'SS103',
      'apt-lists-kept',
      'info',
      5,
      'apt lists stay in the layer <script>alert(1)</script>.',
      true,
    ),
    finding('SS301', 'runs-as-root', 'error', 30, 'The final stage runs as root.'),
    finding(
      'SS102',
      'apt-recommends-installed',
      'warning',
      12,
      'apt-get install without --no-install-recommends.',
      true,
    ),
  ],
  rules: [],
  sources: {},
  files: 1,
  fixed: 0,
  statistics: false,
};

const run = (durationMs: number): BuildRun => ({
  run: 1,
  durationMs,
  steps: [],
  ran: 3,
  cached: 6,
  dependencyInstall: 'cached',
  setup: 'ran',
});

const scenario = (
  name: 'fresh' | 'noop' | 'code' | 'deps',
  change: string,
  before: number,
  after: number,
) => ({
  name,
  change,
  runs: { before: [run(before)], after: [run(after)] },
  stats: {
    before: { medianMs: before, minMs: before, maxMs: before },
    after: { medianMs: after, minMs: after, maxMs: after },
  },
  ratio: after / before,
});

export const benchSample: BenchReport = {
  schema: 'shipshape.bench/1',
  project: 'examples/guide-app',
  date: '2026-03-01T10:00:00.000Z',
  machine: {
    serverVersion: '26.1.5',
    clientVersion: '26.1.5',
    apiVersion: '1.45',
    buildxVersion: '0.13.1',
    cores: 2,
    memoryBytes: 8e9,
    operatingSystem: 'Debian GNU/Linux 12 (bookworm)',
    architecture: 'x86_64',
    storageDriver: 'overlay2',
  },
  builder: null,
  runs: 1,
  scenarios: ['size', 'fresh', 'noop', 'code', 'deps'],
  before: {
    tag: 'shipshape-bench-x:before',
    dockerfile: 'Dockerfile',
    size: {
      bytes: 1_370_000_000,
      layers: 12,
      largestLayers: [
        { createdBy: 'RUN pip install -r requirements.txt', bytes: 900_000_000 },
        { createdBy: 'FROM python:3.11', bytes: 380_000_000 },
      ],
    },
    security: {
      dpkgPackages: 430,
      compilers: ['gcc-12'],
      shells: ['/bin/bash'],
      runsAsRoot: true,
      user: 'root',
    },
    verification: {
      healthy: true,
      strategy: 'HTTP GET /health',
      timeToHealthyMs: 2_400,
      user: 'root',
      stopMs: 10_300,
    },
  },
  after: {
    tag: 'shipshape-bench-x:after',
    dockerfile: 'Dockerfile (shipshape optimize)',
    size: {
      bytes: 182_000_000,
      layers: 9,
      largestLayers: [
        { createdBy: 'COPY --from=builder /app/.venv /app/.venv', bytes: 70_000_000 },
        { createdBy: 'FROM python:3.11-slim', bytes: 110_000_000 },
      ],
    },
    security: { dpkgPackages: 90, compilers: [], shells: ['/bin/sh'], runsAsRoot: false, user: 'app' },
    verification: {
      healthy: true,
      strategy: 'HTTP GET /health',
      timeToHealthyMs: 900,
      user: 'app',
      stopMs: 200,
    },
  },
  afterSource: 'shipshape optimize',
  results: [
    scenario('fresh', 'pruned the cache mounts and built with --no-cache', 95_000, 41_000),
    scenario('noop', 'nothing', 1_900, 600),
    scenario('code', 'appended a comment line to src/main.py', 47_000, 400),
    scenario('deps', 'added one dependency to the lock', 52_000, 9_000),
  ],
  verdict: { ok: true, reasons: [] },
  notes: [],
};

const layer = (index: number, size: number, wastedBytes: number, createdBy: string) => ({
  index,
  size,
  compressedSize: Math.round(size / 3),
  compression: 'gzip' as const,
  createdBy,
  filesAdded: 100 * index,
  filesChanged: index > 1 ? 3 : 0,
  filesRemoved: wastedBytes > 0 ? 12 : 0,
  wastedBytes,
  diffId: `sha256:${String(index).repeat(64).slice(0, 64)}`,
});

export const inspectSample: ImageReport = {
  source: 'guide-app:before',
  platform: 'linux/amd64',
  configDigest: 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  layerBytes: 1_180_000_000,
  layers: [
    layer(1, 97_000_000, 0, 'ADD rootfs.tar.xz / # debian:bookworm'),
    layer(2, 520_000_000, 0, '/bin/sh -c apt-get update && apt-get install -y build-essential curl'),
    layer(3, 8_000, 0, 'COPY requirements.txt .'),
    layer(4, 470_000_000, 0, 'RUN pip install -r requirements.txt'),
    layer(5, 12_000_000, 0, 'COPY . .'),
    layer(6, 1_000, 45_000_000, 'RUN rm -rf /var/lib/apt/lists/* /root/.cache'),
  ],
  waste: {
    finalBytes: 1_054_000_000,
    addedBytes: 1_099_009_000,
    wastedBytes: 45_009_000,
    overwrittenBytes: 9_000,
    removedBytes: 45_000_000,
    efficiency: 0.959,
    userWastedPercent: 0.045,
    topWaste: [
      { path: 'root/.cache/pip', bytes: 38_000_000, note: 'removed in layer 6' },
      { path: 'var/lib/apt/lists', bytes: 7_000_000, note: 'removed in layer 6' },
    ],
    dive: { wastedBytes: 45_018_000, efficiency: 0.958, userWastedPercent: 0.046 },
  },
  pythonWaste: [
    {
      kind: 'build-toolchain',
      title: 'Compilers and headers',
      bytes: 210_000_000,
      count: 3,
      paths: [{ path: 'usr/lib/gcc', bytes: 150_000_000 }],
    },
    {
      kind: 'site-packages-tests',
      title: 'Test suites inside site-packages',
      bytes: 18_000_000,
      count: 42,
      paths: [],
    },
  ],
  distributions: [
    {
      name: 'torch',
      version: '2.4.0',
      bytes: 310_000_000,
      files: 9000,
      location: 'usr/local/lib/python3.11/site-packages',
    },
    {
      name: 'numpy',
      version: '2.1.0',
      bytes: 60_000_000,
      files: 1200,
      location: 'usr/local/lib/python3.11/site-packages',
    },
    {
      name: 'fastapi',
      version: '0.115.0',
      bytes: 1_200_000,
      files: 90,
      location: 'usr/local/lib/python3.11/site-packages',
    },
  ],
  security: {
    user: 'root',
    runsAsRoot: true,
    healthcheck: false,
    shells: ['/bin/bash', '/bin/sh'],
    packageManagers: ['apt', 'pip'],
    dpkgPackages: 430,
    pythonDistributions: 3,
    checks: [{ id: 'root', title: 'Runs as root', severity: 'error', details: ['no USER instruction'] }],
  },
  budgets: { budgets: { maxWastedBytes: 20_000_000 }, broken: ['wasted 45.0 MB > 20.0 MB'] },
  warnings: [],
};

const row = (
  id: number,
  day: number,
  sizeBytes: number,
  timings: Record<string, number> = {},
): StoredRow => ({
  id,
  time: `2026-03-${String(day).padStart(2, '0')}T09:00:00.000Z`,
  commit: `${String(id).repeat(8)}abcdef`,
  branch: 'main',
  command: 'inspect',
  subject: 'guide-app:latest',
  image: 'guide-app:latest',
  sizeBytes,
  layers: 9,
  timings,
});

export const historyRows: StoredRow[] = [
  row(1, 1, 182_000_000),
  row(2, 2, 183_000_000),
  row(3, 3, 181_500_000),
  row(4, 4, 240_000_000),
  row(5, 5, 236_000_000),
  {
    ...row(6, 2, 182_000_000, { fresh: 41_000, noop: 600, code: 400, deps: 9_000 }),
    command: 'bench',
    subject: 'guide-app (optimized)',
    image: null,
  },
  {
    ...row(7, 4, 183_000_000, { fresh: 39_000, noop: 650, code: 420, deps: 9_500 }),
    command: 'bench',
    subject: 'guide-app (optimized)',
    image: null,
  },
];

export const historySample: Trend = buildTrend('.shipshape/history.sqlite', historyRows, 0.1);
