import type {
  BenchReport,
  BuildRun,
  ScenarioResult,
  Side,
  SideFacts,
  Stats,
  Verification,
} from '../bench/types.js';

/** The guide's Performance Metrics table, as rows both the text and markdown reporters print. */
export interface BenchRow {
  metric: string;
  before: string;
  after: string;
  improvement: string;
}

const SCENARIO_TITLES: Record<ScenarioResult['name'], string> = {
  fresh: 'Fresh build',
  noop: 'Rebuild (nothing changed)',
  code: 'Rebuild (code change)',
  deps: 'Rebuild (new dependency)',
};

/** Decimal units, as `docker images` prints them. */
export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e7) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

/** Binary units, as `docker stats` prints memory. */
export function formatMemory(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  if (seconds >= 10) return `${seconds.toFixed(1)} s`;
  if (seconds >= 1) return `${seconds.toFixed(1)} s`;
  return `${seconds.toFixed(2)} s`;
}

/** "117x faster", "60% faster", "2.1x slower"… from two durations. */
export function timeImprovement(beforeMs: number, afterMs: number): string {
  if (beforeMs <= 0 || afterMs <= 0) return '';
  if (afterMs === beforeMs) return 'same';
  if (afterMs < beforeMs) {
    const factor = beforeMs / afterMs;
    if (factor >= 2) return `${factor >= 10 ? Math.round(factor) : factor.toFixed(1)}x faster`;
    return `${Math.round((1 - afterMs / beforeMs) * 100)}% faster`;
  }
  const factor = afterMs / beforeMs;
  if (factor >= 2) return `${factor >= 10 ? Math.round(factor) : factor.toFixed(1)}x slower`;
  return `${Math.round((factor - 1) * 100)}% slower`;
}

/** "85% smaller" / "12% larger" / "40% fewer". */
export function amountImprovement(before: number, after: number, less = 'smaller', more = 'larger'): string {
  if (before <= 0) return '';
  if (after === before) return 'same';
  const change = Math.round(Math.abs(1 - after / before) * 100);
  return after < before ? `${change}% ${less}` : `${change}% ${more}`;
}

function stepState(runs: BuildRun[], key: 'dependencyInstall' | 'setup'): string {
  const states = new Set(runs.map((run) => run[key]));
  if (states.size === 1) return [...states][0]!;
  return [...states].join('/');
}

function scenarioRows(result: ScenarioResult): BenchRow[] {
  const rows: BenchRow[] = [
    {
      metric: SCENARIO_TITLES[result.name],
      before: formatSeconds(result.stats.before.medianMs),
      after: formatSeconds(result.stats.after.medianMs),
      improvement: timeImprovement(result.stats.before.medianMs, result.stats.after.medianMs),
    },
  ];
  if (result.name === 'code' || result.name === 'deps') {
    rows.push({
      metric: '  dependency install',
      before: stepState(result.runs.before, 'dependencyInstall'),
      after: stepState(result.runs.after, 'dependencyInstall'),
      improvement: '',
    });
    rows.push({
      metric: '  setup steps',
      before: stepState(result.runs.before, 'setup'),
      after: stepState(result.runs.after, 'setup'),
      improvement: '',
    });
    rows.push({
      metric: '  steps run / cached',
      before: ranCached(result.runs.before),
      after: ranCached(result.runs.after),
      improvement: '',
    });
  }
  return rows;
}

function ranCached(runs: BuildRun[]): string {
  const last = runs.at(-1);
  return last ? `${last.ran} / ${last.cached}` : '';
}

function verificationRows(before: SideFacts, after: SideFacts): BenchRow[] {
  const b = before.verification;
  const a = after.verification;
  if (!b || !a) return [];
  const healthy = (side: SideFacts['verification']) =>
    side?.healthy ? `healthy in ${formatSeconds(side.timeToHealthyMs ?? 0)}` : 'NOT healthy';
  const stopText = (side: SideFacts['verification']) =>
    side?.stopMs === undefined
      ? '—'
      : `${formatSeconds(side.stopMs)}${side.gracefulStop === false ? ' (killed)' : ''}`;
  return [
    {
      metric: 'Starts and answers',
      before: healthy(b),
      after: healthy(a),
      improvement:
        b.healthy && a.healthy ? timeImprovement(b.timeToHealthyMs ?? 0, a.timeToHealthyMs ?? 0) : '',
    },
    ...idleMemoryRow(b, a),
    { metric: 'Stop (SIGTERM)', before: stopText(b), after: stopText(a), improvement: '' },
  ];
}

function idleMemoryRow(b: Verification, a: Verification): BenchRow[] {
  if (b.idleMemoryBytes === undefined && a.idleMemoryBytes === undefined) return [];
  const shown = (bytes: number | undefined) => (bytes === undefined ? '—' : formatMemory(bytes));
  return [
    {
      metric: 'Idle memory',
      before: shown(b.idleMemoryBytes),
      after: shown(a.idleMemoryBytes),
      improvement:
        b.idleMemoryBytes && a.idleMemoryBytes
          ? amountImprovement(b.idleMemoryBytes, a.idleMemoryBytes, 'less', 'more')
          : '',
    },
  ];
}

function securityRows(before: SideFacts, after: SideFacts): BenchRow[] {
  const b = before.security;
  const a = after.security;
  const userOf = (side: SideFacts) => side.security?.user ?? side.verification?.user;
  const rows: BenchRow[] = [];
  const bu = userOf(before);
  const au = userOf(after);
  if (bu !== undefined && au !== undefined) {
    // Numeric or empty users are root too; say so, since "0" does not read as root.
    const root = (user: string) => (/^0?(?::|$)/.test(user) ? `${user || '(unset)'} (root)` : user);
    rows.push({ metric: 'Runs as', before: root(bu), after: root(au), improvement: '' });
  }
  if (b === undefined && a === undefined) return rows;
  if (!b || !a) {
    rows.push({
      metric: 'Security surface',
      before: b ? '' : 'not measured',
      after: a ? '' : 'not measured',
      improvement: '',
    });
    return rows;
  }
  rows.push(
    {
      metric: 'Packages (dpkg)',
      before: String(b.dpkgPackages),
      after: String(a.dpkgPackages),
      improvement: amountImprovement(b.dpkgPackages, a.dpkgPackages, 'fewer', 'more'),
    },
    {
      metric: 'Compilers',
      before: b.compilers.join(', ') || 'none',
      after: a.compilers.join(', ') || 'none',
      improvement: '',
    },
    {
      metric: 'Shell',
      before: shellNames(b.shells),
      after: shellNames(a.shells),
      improvement: '',
    },
  );
  return rows;
}

function shellNames(paths: string[]): string {
  const names = [...new Set(paths.map((path) => path.slice(path.lastIndexOf('/') + 1)))];
  return names.join(', ') || 'none';
}

function floorRows(before: SideFacts, after: SideFacts): BenchRow[] {
  if (before.floor === undefined && after.floor === undefined) return [];
  const efficiency = (side: SideFacts) =>
    side.floor ? `${(side.floor.efficiency * 100).toFixed(1)}%` : 'not measured';
  const waste = (side: SideFacts) => {
    if (!side.floor) return 'not measured';
    const w = side.floor.waste;
    const parts = [
      ['caches', w.caches],
      ['dev deps', w.devDependencies],
      ['build tools', w.buildTools],
      ['tests', w.tests],
    ] as const;
    const found = parts
      .filter(([, bytes]) => bytes > 0)
      .map(([name, bytes]) => `${name} ${formatSize(bytes)}`);
    return found.length > 0 ? found.join(', ') : 'none';
  };
  return [
    {
      metric: 'Efficiency (final / all layers)',
      before: efficiency(before),
      after: efficiency(after),
      improvement: '',
    },
    {
      metric: 'Waste (caches, dev deps, build tools, tests)',
      before: waste(before),
      after: waste(after),
      improvement: '',
    },
  ];
}

export function benchRows(report: BenchReport): BenchRow[] {
  const rows: BenchRow[] = [];
  const { before, after } = report;
  if (before.size && after.size) {
    rows.push(
      {
        metric: 'Image size',
        before: formatSize(before.size.bytes),
        after: formatSize(after.size.bytes),
        improvement: amountImprovement(before.size.bytes, after.size.bytes),
      },
      {
        metric: 'Layers',
        before: String(before.size.layers),
        after: String(after.size.layers),
        improvement: '',
      },
    );
  }
  for (const result of report.results) rows.push(...scenarioRows(result));
  rows.push(...verificationRows(before, after), ...securityRows(before, after), ...floorRows(before, after));
  return rows;
}

export function statsText(value: Stats, runs: number): string {
  return runs > 1
    ? `median ${formatSeconds(value.medianMs)} (min ${formatSeconds(value.minMs)}, max ${formatSeconds(value.maxMs)})`
    : formatSeconds(value.medianMs);
}

/** Lines under the table: what each scenario changed, spreads, largest layers, machine, verdict. */
export function benchDetails(report: BenchReport): string[] {
  const lines: string[] = [];
  for (const result of report.results) {
    lines.push(`${SCENARIO_TITLES[result.name]}: ${result.change}.`);
    for (const side of ['before', 'after'] as Side[]) {
      lines.push(`  ${side}: ${statsText(result.stats[side], report.runs)}`);
    }
  }
  for (const side of ['before', 'after'] as Side[]) {
    const facts = report[side];
    if (facts.size) {
      const layers = facts.size.largestLayers
        .map((layer) => `${formatSize(layer.bytes)} ${layer.createdBy}`)
        .join('; ');
      lines.push(`Largest layers (${side}): ${layers}`);
    }
    if (facts.verification) {
      const v = facts.verification;
      lines.push(`Health check (${side}): ${v.strategy}${v.healthy ? '' : ` — ${v.error ?? 'no answer'}`}`);
    }
  }
  const m = report.machine;
  lines.push(
    `Machine: ${m.cores} cores, ${formatSize(m.memoryBytes)} memory, ${m.operatingSystem} (${m.architecture}), Docker Engine ${m.serverVersion}, buildx ${m.buildxVersion}${report.builder ? `, builder ${report.builder}` : ''}.`,
  );
  lines.push(
    `Before: ${report.before.dockerfile}. After: ${report.afterSource}. Runs per scenario: ${report.runs}.`,
  );
  for (const note of report.notes) lines.push(`Note: ${note}`);
  lines.push(report.verdict.ok ? 'Verdict: ok.' : `Verdict: FAILED — ${report.verdict.reasons.join(' ')}`);
  return lines;
}
