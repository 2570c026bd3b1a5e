import type { ImageReport } from '../image/types.js';

/** The report as stable JSON (schemaVersion bumps on breaking changes). Secrets are already masked upstream. */
export function renderInspectJson(report: ImageReport): string {
  return `${JSON.stringify({ schemaVersion: 1, ...report }, null, 2)}\n`;
}
