import type { ImageReport } from '../image/types.js';
import type { ImageFigures } from './types.js';

/** The figures budgets hold an inspected image to; `sizeBytes` is what the caller measured as its size. */
export function imageFigures(report: Pick<ImageReport, 'waste'>, sizeBytes: number): ImageFigures {
  return {
    sizeBytes,
    wastedBytes: report.waste.wastedBytes,
    efficiency: report.waste.efficiency,
    userWastedPercent: report.waste.userWastedPercent,
  };
}
