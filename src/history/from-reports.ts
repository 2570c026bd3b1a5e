import { basename, resolve } from 'node:path';
import type { BenchReport } from '../bench/types.js';
import type { ImageReport } from '../image/types.js';
import type { HistoryMeasurement } from './types.js';

/**
 * bench's images carry temporary tags, so its series is named after the project; the
 * size and timings are those of the optimized ("after") image, the one that ships.
 */
export function benchMeasurement(report: BenchReport): HistoryMeasurement {
  const timings: Record<string, number> = {};
  for (const result of report.results) timings[result.name] = result.stats.after.medianMs;
  return {
    command: 'bench',
    subject: `${basename(resolve(report.project))} (optimized)`,
    image: null,
    sizeBytes: report.after.size?.bytes ?? null,
    layers: report.after.size?.layers ?? null,
    timings,
  };
}

/** inspect measures a lasting image: its name is the series. Size is the layer tars' total, as `docker images` shows. */
export function inspectMeasurement(report: ImageReport): HistoryMeasurement {
  return {
    command: 'inspect',
    subject: report.source,
    image: report.source,
    sizeBytes: report.layerBytes,
    layers: report.layers.length,
    timings: {},
  };
}

/** check knows the size only (layers are read just for waste budgets); a tarball's series is its path. */
export function checkMeasurement(
  target: { image: string } | { tarball: string },
  sizeBytes: number,
): HistoryMeasurement {
  const image = 'image' in target ? target.image : null;
  return {
    command: 'check',
    subject: image ?? ('tarball' in target ? target.tarball : ''),
    image,
    sizeBytes,
    layers: null,
    timings: {},
  };
}
