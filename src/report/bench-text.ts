import type { BenchReport } from '../bench/types.js';
import { type BenchRow, benchDetails, benchRows } from './bench-table.js';
import { verificationText } from './verification.js';

const HEADER: BenchRow = { metric: 'Metric', before: 'Before', after: 'After', improvement: 'Improvement' };

/** The table in aligned columns, then the details, then any failing container's logs. */
export function renderBenchText(report: BenchReport): string {
  const rows = [HEADER, ...benchRows(report)];
  const width = (key: keyof BenchRow) => Math.max(...rows.map((row) => row[key].length));
  const widths = { metric: width('metric'), before: width('before'), after: width('after') };
  const line = (row: BenchRow) =>
    `${row.metric.padEnd(widths.metric)}  ${row.before.padEnd(widths.before)}  ${row.after.padEnd(widths.after)}  ${row.improvement}`.trimEnd();
  const rule = '-'.repeat(widths.metric + widths.before + widths.after + width('improvement') + 6);
  const out = [
    `shipshape bench ${report.project}`,
    '',
    line(HEADER),
    rule,
    ...rows.slice(1).map(line),
    '',
    ...benchDetails(report),
    ...(report.verification ? ['', ...verificationText(report.verification)] : []),
  ];
  for (const side of ['before', 'after'] as const) {
    const logs = report[side].verification?.logs;
    if (logs) out.push('', `Container logs (${side}):`, ...logs.split('\n').map((l) => `  ${l}`));
  }
  return `${out.join('\n')}\n`;
}
