/** One measurement appended by `--record`; what `shipshape history` shows as a trend. */
export interface HistoryRow {
  /** ISO 8601, UTC. */
  time: string;
  /** Git commit and branch of the project folder; null outside a repository or when detached. */
  commit: string | null;
  branch: string | null;
  /** The command that recorded it: bench, check or inspect. */
  command: string;
  /**
   * What was measured, stable from run to run (the trend's series key): an image name,
   * or for bench "<project> (optimized)" since its image tags are temporary.
   */
  subject: string;
  /** The image reference measured, when there was a lasting one. */
  image: string | null;
  sizeBytes: number | null;
  layers: number | null;
  /** Build timings in milliseconds by scenario (bench: fresh, noop, code, deps medians). */
  timings: Record<string, number>;
}

/** What a command hands `recordHistory`; time and git facts are filled in there. */
export type HistoryMeasurement = Omit<HistoryRow, 'time' | 'commit' | 'branch'>;

export interface StoredRow extends HistoryRow {
  id: number;
}
