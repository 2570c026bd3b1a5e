import { formatBytes, percent } from '../units.js';
import type { BudgetCheck } from './types.js';

/** One line of the check table: a budget or the lint gate. */
export interface CheckRow {
  check: string;
  limit: string;
  actual: string;
  overBy: string;
  status: 'ok' | 'broken' | 'unmeasured';
}

function points(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} points`;
}

export function budgetRow(check: BudgetCheck): CheckRow {
  const show = check.unit === 'bytes' ? formatBytes : percent;
  const comparison = check.name.startsWith('min-') ? 'at least' : 'at most';
  return {
    check: check.name,
    limit: `${comparison} ${show(check.limit)}`,
    actual: check.actual === null ? 'not measured' : show(check.actual),
    overBy:
      check.status !== 'broken'
        ? ''
        : check.unit === 'bytes'
          ? formatBytes(check.overBy)
          : points(check.overBy),
    status: check.status,
  };
}

const HEADERS: CheckRow = {
  check: 'check',
  limit: 'limit',
  actual: 'actual',
  overBy: 'over by',
  status: 'ok',
};
const STATUS_TEXT = { ok: 'ok', broken: 'BROKEN', unmeasured: 'skipped' } as const;

/** A plain aligned table, readable in a CI log without colour. */
export function renderCheckTable(rows: readonly CheckRow[]): string {
  const cells = [HEADERS, ...rows].map((row, i) => [
    i === 0 ? 'status' : STATUS_TEXT[row.status],
    row.check,
    row.limit,
    row.actual,
    row.overBy,
  ]);
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)));
  return cells
    .map((line) =>
      line
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}

/** A broken budget as one sentence: the figure, the limit and how far past it. */
export function brokenSentence(check: BudgetCheck): string {
  const row = budgetRow(check);
  const past = check.name.startsWith('min-') ? 'short' : 'over';
  return `${check.name} ${row.actual} breaks the budget (${row.limit}; ${past} by ${row.overBy})`;
}
