import type { Trend, TrendPoint } from '../history/trend.js';
import { formatBytes } from '../units.js';
import { formatSeconds } from './bench-table.js';
import { formatChange, formatTime, shortCommit, thresholdText, timingKeys } from './history-format.js';

function columns(points: TrendPoint[]): string[][] {
  const keys = timingKeys(points);
  const header = ['time (UTC)', 'commit', 'branch', 'command', 'size', 'change', 'layers', ...keys];
  const rows = points.map((point) => {
    const { row } = point;
    return [
      formatTime(row.time),
      shortCommit(row.commit),
      row.branch ?? '',
      row.command,
      row.sizeBytes === null ? '' : formatBytes(row.sizeBytes),
      `${formatChange(point.change)}${point.jump ? ' JUMP' : ''}`,
      row.layers === null ? '' : String(row.layers),
      ...keys.map((key) => (row.timings[key] === undefined ? '' : formatSeconds(row.timings[key]))),
    ];
  });
  return [header, ...rows];
}

function aligned(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}

/** `shipshape history`: one aligned table per subject, jumps marked, a closing verdict. */
export function renderHistoryText(trend: Trend): string {
  const out = [`shipshape history ${trend.file} (jump threshold ${thresholdText(trend.threshold)})`];
  if (trend.series.length === 0) {
    out.push(
      '',
      'Nothing recorded yet: run `shipshape inspect IMAGE --record` or `shipshape bench --record`.',
    );
    return `${out.join('\n')}\n`;
  }
  for (const series of trend.series) {
    const count = series.points.length;
    out.push('', `${series.subject} (${count} measurement${count === 1 ? '' : 's'})`);
    out.push(...aligned(columns(series.points)).map((line) => `  ${line}`));
  }
  out.push(
    '',
    trend.jumps === 0
      ? `No size jump above ${thresholdText(trend.threshold)}.`
      : `${trend.jumps} size jump${trend.jumps === 1 ? '' : 's'} above ${thresholdText(trend.threshold)} (marked JUMP).`,
  );
  return `${out.join('\n')}\n`;
}
