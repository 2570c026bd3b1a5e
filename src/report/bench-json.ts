import type { BenchReport } from '../bench/types.js';

/** Every raw run, the medians and the machine, as one JSON document (`schema: shipshape.bench/1`). */
export function renderBenchJson(report: BenchReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
