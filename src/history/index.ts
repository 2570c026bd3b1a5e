import { join, resolve } from 'node:path';
import { gitFacts } from './git.js';
import { HistoryStore } from './store.js';
import type { HistoryMeasurement, StoredRow } from './types.js';

export { benchMeasurement, checkMeasurement, inspectMeasurement } from './from-reports.js';
export type { HistoryMeasurement, HistoryRow, StoredRow } from './types.js';

/** Where a project keeps its history (gitignored by convention, like other tool caches). */
export function historyFile(dir: string): string {
  return join(resolve(dir), '.shipshape', 'history.sqlite');
}

/**
 * Appends one measurement to `<dir>/.shipshape/history.sqlite` with the time and, when
 * `dir` is in a git repository, its commit and branch. Safe to call from several
 * processes at once.
 */
export async function recordHistory(dir: string, measurement: HistoryMeasurement): Promise<StoredRow> {
  const git = await gitFacts(dir);
  const store = HistoryStore.openForWriting(historyFile(dir));
  try {
    return store.append({ time: new Date().toISOString(), ...git, ...measurement });
  } finally {
    store.close();
  }
}

/** Every recorded row, oldest first; empty when nothing was recorded. */
export function readHistory(dir: string): StoredRow[] {
  const store = HistoryStore.openForReading(historyFile(dir));
  if (!store) return [];
  try {
    return store.rows();
  } finally {
    store.close();
  }
}
