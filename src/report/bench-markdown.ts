import type { BenchReport } from '../bench/types.js';
import { benchDetails, benchRows } from './bench-table.js';
import { verificationMarkdown } from './verification.js';

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

/** The guide's Performance Metrics table in GitHub markdown, for bench/results and PR comments. */
export function renderBenchMarkdown(report: BenchReport, title = 'Performance Metrics'): string {
  const rows = benchRows(report).map(
    (row) =>
      `| ${escapeCell(row.metric.trim() === row.metric ? row.metric : `↳ ${row.metric.trim()}`)} | ${escapeCell(row.before)} | ${escapeCell(row.after)} | ${escapeCell(row.improvement)} |`,
  );
  const out = [
    `## ${title}`,
    '',
    `Measured ${report.date.slice(0, 10)} by \`shipshape bench\` (${report.runs} run${report.runs === 1 ? '' : 's'} per scenario, medians).`,
    '',
    '| Metric | Before | After | Improvement |',
    '|---|---|---|---|',
    ...rows,
    '',
    ...benchDetails(report).map((line) => (line.startsWith('  ') ? `  - ${line.trim()}` : `- ${line}`)),
    ...(report.verification ? ['', ...verificationMarkdown(report.verification)] : []),
  ];
  for (const side of ['before', 'after'] as const) {
    const logs = report[side].verification?.logs;
    if (logs)
      out.push(
        '',
        `<details><summary>Container logs (${side})</summary>`,
        '',
        '```',
        logs,
        '```',
        '',
        '</details>',
      );
  }
  return `${out.join('\n')}\n`;
}
