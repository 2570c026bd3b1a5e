import { describe, expect, it } from 'vitest';
import type { BenchReport, BuildRun } from '../bench/types.js';
import { renderBenchJson } from './bench-json.js';
import { renderBenchMarkdown } from './bench-markdown.js';
import { amountImprovement, formatSeconds, formatSize, timeImprovement } from './bench-table.js';
import { renderBenchText } from './bench-text.js';

const run = (durationMs: number, dependencyInstall: BuildRun['dependencyInstall']): BuildRun => ({
  run: 1,
  durationMs,
  steps: [],
  ran: 2,
  cached: 5,
  dependencyInstall,
  setup: 'ran',
});

const report: BenchReport = {
  schema: 'shipshape.bench/1',
  project: '/work/examples/guide-app',
  date: '2026-11-28T10:00:00.000Z',
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
  scenarios: ['size', 'code'],
  before: {
    tag: 'shipshape-bench-x:before',
    dockerfile: 'Dockerfile',
    size: {
      bytes: 1_370_000_000,
      layers: 12,
      largestLayers: [{ createdBy: 'RUN uv sync', bytes: 900_000_000 }],
    },
    floor: null,
    security: {
      dpkgPackages: 150,
      compilers: ['gcc-12'],
      shells: ['/bin/sh'],
      runsAsRoot: true,
      user: 'root',
    },
    verification: {
      healthy: true,
      strategy: 'HTTP GET /health',
      timeToHealthyMs: 2_000,
      user: 'root',
      stopMs: 300,
    },
  },
  after: {
    tag: 'shipshape-bench-x:after',
    dockerfile: 'Dockerfile (shipshape optimize)',
    size: { bytes: 180_000_000, layers: 9, largestLayers: [] },
    floor: {
      efficiency: 0.985,
      finalBytes: 1,
      addedBytes: 1,
      waste: { caches: 0, devDependencies: 0, buildTools: 0, tests: 2_000_000, other: 0 },
      items: [],
    },
    security: { dpkgPackages: 90, compilers: [], shells: ['/bin/sh'], runsAsRoot: false, user: 'app' },
    verification: {
      healthy: false,
      strategy: 'HTTP GET /health',
      user: 'app',
      error: 'ECONNREFUSED',
      logs: 'ModuleNotFoundError: x',
    },
  },
  afterSource: 'shipshape optimize',
  results: [
    {
      name: 'code',
      change: 'appended a comment line to src/main.py',
      runs: { before: [run(47_000, 'cached')], after: [run(400, 'cached')] },
      stats: {
        before: { medianMs: 47_000, minMs: 47_000, maxMs: 47_000 },
        after: { medianMs: 400, minMs: 400, maxMs: 400 },
      },
      ratio: 400 / 47_000,
    },
  ],
  verdict: { ok: false, reasons: ['"after" did not become healthy while "before" did.'] },
  notes: [],
};

describe('bench table words', () => {
  it('formats sizes and times as the guide does', () => {
    expect(formatSize(1_370_000_000)).toBe('1.37 GB');
    expect(formatSize(182_400_000)).toBe('182 MB');
    expect(formatSeconds(47_000)).toBe('47.0 s');
    expect(formatSeconds(400)).toBe('0.40 s');
  });

  it('says how much faster or smaller', () => {
    expect(timeImprovement(47_000, 400)).toBe('118x faster');
    expect(timeImprovement(50_000, 14_000)).toBe('3.6x faster');
    expect(timeImprovement(10_000, 8_000)).toBe('20% faster');
    expect(timeImprovement(10_000, 12_000)).toBe('20% slower');
    expect(amountImprovement(1_370_000_000, 180_000_000)).toBe('87% smaller');
    expect(amountImprovement(100, 120)).toBe('20% larger');
  });
});

describe('bench reporters', () => {
  it('prints the markdown table with the guide columns and the dependency-install row', () => {
    const text = renderBenchMarkdown(report);
    expect(text).toContain('| Metric | Before | After | Improvement |');
    expect(text).toContain('| Image size | 1.37 GB | 180 MB | 87% smaller |');
    expect(text).toContain('| Rebuild (code change) | 47.0 s | 0.40 s | 118x faster |');
    expect(text).toContain('| ↳ dependency install | cached | cached |  |');
    expect(text).toContain('| Compilers | gcc-12 | none |  |');
    expect(text).toContain('| Efficiency (final / all layers) | not measured | 98.5% |  |');
    expect(text).toContain('| Starts and answers | healthy in 2.0 s | NOT healthy |  |');
    expect(text).toContain('Verdict: FAILED');
    expect(text).toContain('ModuleNotFoundError: x');
  });

  it('aligns the text table and appends the failing container logs', () => {
    const text = renderBenchText(report);
    const header = text.split('\n').find((line) => line.startsWith('Metric'));
    const size = text.split('\n').find((line) => line.startsWith('Image size'));
    expect(header?.indexOf('Before')).toBe(size?.indexOf('1.37 GB'));
    expect(text).toMatch(/Container logs \(after\):\n {2}ModuleNotFoundError: x/);
  });

  it('keeps every raw run in json', () => {
    const parsed = JSON.parse(renderBenchJson(report)) as BenchReport;
    expect(parsed.results[0]?.runs.before[0]?.durationMs).toBe(47_000);
    expect(parsed.machine.cores).toBe(2);
  });
});

describe('the Verification section', () => {
  const verified: BenchReport = {
    ...report,
    before: {
      ...report.before,
      verification: { ...report.before.verification!, idleMemoryBytes: 60 * 2 ** 20 },
    },
    after: {
      ...report.after,
      verification: {
        healthy: true,
        strategy: 'HTTP GET /health',
        user: 'app',
        idleMemoryBytes: 45 * 2 ** 20,
      },
    },
    verification: {
      ok: false,
      behaviour: { before: null, after: null },
      sections: [
        {
          name: 'distributions',
          equal: '40 distributions with the same version',
          allowed: [{ what: 'pytest 8.3.4 is not installed', why: 'development only' }],
          differences: [{ what: 'uvicorn', detail: 'uvicorn 0.34.0 is missing' }],
          notes: [],
        },
        {
          name: 'files',
          equal: '12 files with the same path and size',
          allowed: [],
          differences: [],
          notes: ['a note | with a pipe'],
        },
      ],
    },
  };

  it('shows idle memory in the table and the comparison in text, markdown and html', async () => {
    const { renderBenchHtml } = await import('./bench-html.js');
    const markdown = renderBenchMarkdown(verified);
    expect(markdown).toContain('| Idle memory | 60.0 MiB | 45.0 MiB | 25% less |');
    expect(markdown).toContain('### Verification');
    expect(markdown).toContain(
      '| Python distributions | 40 distributions with the same version | pytest 8.3.4 is not installed (development only) | uvicorn 0.34.0 is missing |',
    );
    expect(markdown).toContain('- Files the app owns: a note | with a pipe');
    const text = renderBenchText(verified);
    expect(text).toContain('Verification: 1 difference (python distributions)');
    expect(text).toContain('    difference: uvicorn 0.34.0 is missing');
    expect(text).toContain('    allowed: pytest 8.3.4 is not installed — development only');
    const html = renderBenchHtml(verified);
    expect(html).toContain('<h2>Verification</h2>');
    expect(html).toContain('uvicorn 0.34.0 is missing');
    expect(html).toContain('id="verification"');
  });
});
