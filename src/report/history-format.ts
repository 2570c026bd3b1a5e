import type { TrendPoint } from '../history/trend.js';

/** Shared wording of the history reporters. */

export function formatChange(change: number | null): string {
  if (change === null) return '';
  const percent = change * 100;
  if (Math.abs(percent) < 0.05) return '±0%';
  return `${percent > 0 ? '+' : '−'}${Math.abs(percent).toFixed(1)}%`;
}

/** "2026-03-01 14:05" in UTC, so every reader of a shared file sees the same times. */
export function formatTime(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

export function shortCommit(commit: string | null): string {
  return commit ? commit.slice(0, 8) : '';
}

export function thresholdText(threshold: number): string {
  return `${Number((threshold * 100).toFixed(2))}%`;
}

/** Timing keys in the order bench runs its scenarios, then any others. */
const ORDER = ['fresh', 'noop', 'code', 'deps'];
export function timingKeys(points: TrendPoint[]): string[] {
  const keys = new Set(points.flatMap((point) => Object.keys(point.row.timings)));
  return [...keys].sort((a, b) => {
    const ia = ORDER.indexOf(a);
    const ib = ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
}
