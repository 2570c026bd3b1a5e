import { UserError } from '../errors.js';
import type { StoredRow } from './types.js';

export interface TrendPoint {
  row: StoredRow;
  /** Size change against the previous sized row of the series (0.12 = 12% larger); null for the first. */
  change: number | null;
  /** Grew by more than the threshold. */
  jump: boolean;
}

/** All rows about one subject (an image, or a project's optimized bench image), oldest first. */
export interface Series {
  subject: string;
  points: TrendPoint[];
  /** The newest measurement is a jump: what a CI step should fail on. */
  latestIsJump: boolean;
}

export interface Trend {
  /** The history file the rows came from. */
  file: string;
  /** Growth ratio that counts as a jump (0.1 = 10%). */
  threshold: number;
  series: Series[];
  jumps: number;
}

/** "10%", "10" (percent) or "2.5%" → 0.1, 0.1, 0.025. */
export function parseThreshold(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  const percent = match ? Number(match[1]) : Number.NaN;
  if (!Number.isFinite(percent) || percent <= 0) {
    throw new UserError(`--threshold must be a positive percentage such as 10%, not "${text}".`);
  }
  return percent / 100;
}

function seriesOf(subject: string, rows: StoredRow[], threshold: number): Series {
  let previous: number | null = null;
  const points = rows.map((row): TrendPoint => {
    const size = row.sizeBytes;
    if (size === null) return { row, change: null, jump: false };
    const change = previous !== null && previous > 0 ? size / previous - 1 : null;
    previous = size;
    // A float epsilon keeps "exactly 10%" from flagging at a 10% threshold.
    return { row, change, jump: change !== null && change > threshold + 1e-9 };
  });
  return { subject, points, latestIsJump: points.at(-1)?.jump ?? false };
}

/** Groups rows by subject (first seen first) and marks every growth beyond `threshold`. */
export function buildTrend(file: string, rows: StoredRow[], threshold: number): Trend {
  const bySubject = new Map<string, StoredRow[]>();
  const ordered = [...rows].sort((a, b) => a.time.localeCompare(b.time) || a.id - b.id);
  for (const row of ordered) {
    const list = bySubject.get(row.subject) ?? [];
    list.push(row);
    bySubject.set(row.subject, list);
  }
  const series = [...bySubject].map(([subject, list]) => seriesOf(subject, list, threshold));
  const jumps = series.reduce((sum, s) => sum + s.points.filter((p) => p.jump).length, 0);
  return { file, threshold, series, jumps };
}
