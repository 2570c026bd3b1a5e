import type { BenchReport, Side } from '../bench/types.js';
import {
  amountImprovement,
  benchDetails,
  benchRows,
  formatSeconds,
  formatSize,
  timeImprovement,
} from './bench-table.js';
import { barChart, beforeAfterChart, COLORS, type Comparison } from './html/charts.js';
import { escapeHtml } from './html/escape.js';
import { renderPage, section, table, tiles } from './html/page.js';
import { verificationHtml } from './verification.js';

const SCENARIO_TITLES = {
  fresh: 'Fresh build',
  noop: 'Rebuild, nothing changed',
  code: 'Rebuild, code change',
  deps: 'Rebuild, new dependency',
} as const;

function sizePairs(report: BenchReport): Comparison[] {
  const { before, after } = report;
  if (!before.size || !after.size) return [];
  const pairs: Comparison[] = [
    {
      label: 'Image size',
      before: before.size.bytes,
      after: after.size.bytes,
      format: formatSize,
      change: amountImprovement(before.size.bytes, after.size.bytes),
    },
    {
      label: 'Layers',
      before: before.size.layers,
      after: after.size.layers,
      format: String,
      change: amountImprovement(before.size.layers, after.size.layers, 'fewer', 'more'),
    },
  ];
  if (before.floor && after.floor) {
    pairs.push({
      label: 'Files in final image',
      before: before.floor.finalBytes,
      after: after.floor.finalBytes,
      format: formatSize,
      change: amountImprovement(before.floor.finalBytes, after.floor.finalBytes),
    });
  }
  return pairs;
}

function timePairs(report: BenchReport): Comparison[] {
  const pairs: Comparison[] = report.results.map((result) => ({
    label: SCENARIO_TITLES[result.name],
    before: result.stats.before.medianMs,
    after: result.stats.after.medianMs,
    format: formatSeconds,
    change: timeImprovement(result.stats.before.medianMs, result.stats.after.medianMs),
  }));
  const b = report.before.verification;
  const a = report.after.verification;
  if (b?.healthy && a?.healthy && b.timeToHealthyMs !== undefined && a.timeToHealthyMs !== undefined) {
    pairs.push({
      label: 'Start until healthy',
      before: b.timeToHealthyMs,
      after: a.timeToHealthyMs,
      format: formatSeconds,
      change: timeImprovement(b.timeToHealthyMs, a.timeToHealthyMs),
    });
  }
  return pairs;
}

function largestLayers(report: BenchReport, side: Side): string {
  const size = report[side].size;
  if (!size) return '';
  return barChart(
    `Largest layers (${side})`,
    size.largestLayers.map((layer) => ({ label: layer.createdBy, value: layer.bytes, color: COLORS[side] })),
    formatSize,
  );
}

function headline(report: BenchReport) {
  const { before, after } = report;
  const items = [];
  if (before.size && after.size) {
    items.push(
      { label: 'size before', value: formatSize(before.size.bytes) },
      {
        label: `size after (${amountImprovement(before.size.bytes, after.size.bytes)})`,
        value: formatSize(after.size.bytes),
        tone: after.size.bytes <= before.size.bytes ? ('good' as const) : ('bad' as const),
      },
    );
  }
  const code = report.results.find((result) => result.name === 'code');
  if (code) {
    items.push({
      label: `code-change rebuild after (${timeImprovement(code.stats.before.medianMs, code.stats.after.medianMs)})`,
      value: formatSeconds(code.stats.after.medianMs),
    });
  }
  items.push({
    label: 'verdict',
    value: report.verdict.ok ? 'ok' : 'failed',
    tone: report.verdict.ok ? ('good' as const) : ('bad' as const),
  });
  return tiles(items);
}

/** Detail lines indented by two spaces belong to the line above them. */
function nestedList(lines: string[]): string {
  const items: Array<{ text: string; children: string[] }> = [];
  for (const line of lines) {
    const parent = items.at(-1);
    if (line.startsWith('  ') && parent) parent.children.push(line.trim());
    else items.push({ text: line, children: [] });
  }
  const item = ({ text, children }: { text: string; children: string[] }) =>
    `<li>${escapeHtml(text)}${children.length > 0 ? `<ul>${children.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>` : ''}</li>`;
  return `<ul class="plain">${items.map(item).join('')}</ul>`;
}

/** `shipshape bench --format html`: the guide's metrics as before/after bars, then the full table. */
export function renderBenchHtml(report: BenchReport): string {
  const metrics = table(
    [{ title: 'Metric' }, { title: 'Before' }, { title: 'After' }, { title: 'Improvement' }],
    benchRows(report).map((row) => [
      escapeHtml(row.metric.trim() === row.metric ? row.metric : `↳ ${row.metric.trim()}`),
      escapeHtml(row.before),
      escapeHtml(row.after),
      escapeHtml(row.improvement),
    ]),
  );
  const details = nestedList(benchDetails(report));
  const runs = `${report.runs} run${report.runs === 1 ? '' : 's'} per scenario, medians`;
  const sizes = sizePairs(report);
  const times = timePairs(report);
  return renderPage({
    title: `shipshape bench: ${report.project}`,
    subtitle: `Measured ${report.date.slice(0, 10)} (${runs}). Before: ${report.before.dockerfile}. After: ${report.afterSource}.`,
    body: [
      headline(report),
      sizes.length > 0 ? section('size', 'Size', beforeAfterChart('Image size and layers', sizes)) : '',
      times.length > 0
        ? section('builds', 'Build scenarios', beforeAfterChart(`Build time (${runs})`, times))
        : '',
      report.before.size || report.after.size
        ? section(
            'layers',
            'Largest layers',
            largestLayers(report, 'before') + largestLayers(report, 'after'),
          )
        : '',
      section('metrics', 'Performance metrics', metrics),
      report.verification
        ? section('verification', 'Verification', verificationHtml(report.verification))
        : '',
      section('details', 'Details', details),
    ],
  });
}
