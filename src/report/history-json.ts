import type { Trend } from '../history/trend.js';

/** The trend as one JSON document (`schema: shipshape.history/1`); rows keep every recorded field. */
export function renderHistoryJson(trend: Trend): string {
  const document = {
    schema: 'shipshape.history/1',
    file: trend.file,
    threshold: trend.threshold,
    jumps: trend.jumps,
    series: trend.series.map((series) => ({
      subject: series.subject,
      latestIsJump: series.latestIsJump,
      points: series.points.map((point) => ({ ...point.row, change: point.change, jump: point.jump })),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
