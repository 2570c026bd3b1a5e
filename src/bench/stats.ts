import type { Stats } from './types.js';

/** Median (mean of the middle two for an even count), min and max of durations. */
export function stats(values: readonly number[]): Stats {
  if (values.length === 0) return { medianMs: 0, minMs: 0, maxMs: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { medianMs: Math.round(median), minMs: sorted[0]!, maxMs: sorted[sorted.length - 1]! };
}
