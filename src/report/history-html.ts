import type { Series, Trend } from '../history/trend.js';
import { formatBytes } from '../units.js';
import { formatSeconds } from './bench-table.js';
import { formatChange, formatTime, shortCommit, thresholdText, timingKeys } from './history-format.js';
import { lineChart, type Point } from './html/charts.js';
import { escapeHtml } from './html/escape.js';
import { paragraph, renderPage, section, table, tiles } from './html/page.js';

const TIMING_TITLES: Record<string, string> = {
  fresh: 'Fresh build',
  noop: 'Rebuild, nothing changed',
  code: 'Rebuild, code change',
  deps: 'Rebuild, new dependency',
};

function pointLabel(time: string): string {
  return formatTime(time).slice(0, 10);
}

function sizeChart(series: Series): string {
  const points: Point[] = series.points
    .filter((point) => point.row.sizeBytes !== null)
    .map((point) => ({
      label: pointLabel(point.row.time),
      value: point.row.sizeBytes!,
      flagged: point.jump,
      title:
        `${formatTime(point.row.time)} ${shortCommit(point.row.commit)} ${formatBytes(point.row.sizeBytes!)} ${formatChange(point.change)}${point.jump ? ' (jump)' : ''}`.replace(
          /\s+/g,
          ' ',
        ),
    }));
  return lineChart('Image size over time (red: a jump above the threshold)', points, formatBytes);
}

function timingCharts(series: Series): string {
  return timingKeys(series.points)
    .map((key) => {
      const points: Point[] = series.points
        .filter((point) => point.row.timings[key] !== undefined)
        .map((point) => ({ label: pointLabel(point.row.time), value: point.row.timings[key]! }));
      return lineChart(`${TIMING_TITLES[key] ?? key} (median) over time`, points, formatSeconds, 170);
    })
    .join('\n');
}

function rowsTable(series: Series): string {
  const keys = timingKeys(series.points);
  return table(
    [
      { title: 'Time (UTC)', nowrap: true },
      { title: 'Commit', nowrap: true },
      { title: 'Branch' },
      { title: 'Command' },
      { title: 'Size', numeric: true },
      { title: 'Change', numeric: true },
      { title: 'Layers', numeric: true },
      ...keys.map((key) => ({ title: TIMING_TITLES[key] ?? key, numeric: true })),
    ],
    [...series.points].reverse().map((point) => {
      const { row } = point;
      const change = escapeHtml(formatChange(point.change));
      return [
        escapeHtml(formatTime(row.time)),
        `<code>${escapeHtml(shortCommit(row.commit))}</code>`,
        escapeHtml(row.branch ?? ''),
        escapeHtml(row.command),
        escapeHtml(row.sizeBytes === null ? '' : formatBytes(row.sizeBytes)),
        point.jump ? `<span class="flag">${change} jump</span>` : change,
        row.layers === null ? '' : String(row.layers),
        ...keys.map((key) =>
          escapeHtml(row.timings[key] === undefined ? '' : formatSeconds(row.timings[key])),
        ),
      ];
    }),
  );
}

/** `shipshape history --format html`: size over time per subject, jumps in red, then every row. */
export function renderHistoryHtml(trend: Trend): string {
  const measurements = trend.series.reduce((sum, series) => sum + series.points.length, 0);
  const body =
    trend.series.length === 0
      ? [
          paragraph(
            'Nothing recorded yet: run `shipshape inspect IMAGE --record` or `shipshape bench --record`.',
          ),
        ]
      : trend.series.map((series, i) =>
          section(
            `series-${i + 1}`,
            series.subject,
            `${sizeChart(series)}\n${timingCharts(series)}\n${rowsTable(series)}`,
          ),
        );
  return renderPage({
    title: 'shipshape history',
    subtitle: `${trend.file} · jump threshold ${thresholdText(trend.threshold)}`,
    body: [
      tiles([
        { label: 'subjects', value: String(trend.series.length) },
        { label: 'measurements', value: String(measurements) },
        {
          label: `jumps above ${thresholdText(trend.threshold)}`,
          value: String(trend.jumps),
          tone: trend.jumps > 0 ? 'bad' : 'good',
        },
      ]),
      ...body,
    ],
  });
}
