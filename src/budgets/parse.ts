import { UserError } from '../errors.js';
import type { Budgets } from './types.js';

/** Docker prints SI sizes (1 MB = 10⁶ bytes); the "i" forms are binary (1 MiB = 2²⁰ bytes). */
const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  ki: 1024,
  kib: 1024,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
  ti: 1024 ** 4,
  tib: 1024 ** 4,
};

const SIZE_TEXT = /^\s*(-)?\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i;

/** "200MB", "1.5GiB", "20 MB" or a plain number of bytes, never negative. */
export function parseSizeBudget(value: unknown, origin: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UserError(`${origin}: ${value} is not a size; write e.g. 200MB.`);
    if (value < 0)
      throw new UserError(`${origin}: a budget cannot be negative (${value}); write e.g. 200MB.`);
    return Math.round(value);
  }
  const text = String(value);
  const match = SIZE_TEXT.exec(text);
  if (!match)
    throw new UserError(`${origin}: "${text}" is not a size; write bytes or a size like 200MB or 1.5GiB.`);
  if (match[1]) throw new UserError(`${origin}: a budget cannot be negative ("${text}"); write e.g. 200MB.`);
  const unit = SIZE_UNITS[match[3]!.toLowerCase()];
  if (unit === undefined) {
    throw new UserError(
      `${origin}: unknown unit "${match[3]}" in "${text}"; use B, kB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB.`,
    );
  }
  return Math.round(Number(match[2]) * unit);
}

/** "0.95", 0.95 or "95%": a share between 0 and 1. */
export function parseRatioBudget(value: unknown, origin: string): number {
  const text = String(value).trim();
  const percent = typeof value === 'string' && text.endsWith('%');
  const number =
    typeof value === 'number' ? value : text === '' ? Number.NaN : Number(percent ? text.slice(0, -1) : text);
  if (!Number.isFinite(number)) {
    throw new UserError(
      `${origin}: "${text}" is not a ratio; write a number between 0 and 1 such as 0.95, or 95%.`,
    );
  }
  if (number < 0) throw new UserError(`${origin}: a budget cannot be negative ("${text}"); write e.g. 0.95.`);
  const ratio = percent ? number / 100 : number;
  if (ratio > 1) {
    throw new UserError(`${origin}: "${text}" is more than 1; write a share such as 0.95, or 95%.`);
  }
  return ratio;
}

/** `[tool.shipshape.budgets]` values, checked and converted. */
export function budgetsFromTable(table: Readonly<Record<string, unknown>>, file: string): Budgets {
  const origin = (key: string) => `${file} budgets.${key}`;
  const budgets: Budgets = {};
  if (table['max-size'] !== undefined)
    budgets.maxSizeBytes = parseSizeBudget(table['max-size'], origin('max-size'));
  if (table['max-wasted'] !== undefined) {
    budgets.maxWastedBytes = parseSizeBudget(table['max-wasted'], origin('max-wasted'));
  }
  if (table['min-efficiency'] !== undefined) {
    budgets.minEfficiency = parseRatioBudget(table['min-efficiency'], origin('min-efficiency'));
  }
  if (table['max-user-wasted-percent'] !== undefined) {
    budgets.maxUserWastedPercent = parseRatioBudget(
      table['max-user-wasted-percent'],
      origin('max-user-wasted-percent'),
    );
  }
  return budgets;
}

export interface BudgetFlags {
  maxSize?: string | undefined;
  maxWasted?: string | undefined;
  minEfficiency?: string | undefined;
}

/** The configured budgets with each flag given on top: the command line wins. */
export function withBudgetFlags(budgets: Budgets, flags: BudgetFlags): Budgets {
  const result = { ...budgets };
  if (flags.maxSize !== undefined) result.maxSizeBytes = parseSizeBudget(flags.maxSize, '--max-size');
  if (flags.maxWasted !== undefined) result.maxWastedBytes = parseSizeBudget(flags.maxWasted, '--max-wasted');
  if (flags.minEfficiency !== undefined) {
    result.minEfficiency = parseRatioBudget(flags.minEfficiency, '--min-efficiency');
  }
  return result;
}

/** True when a budget needs the layer-by-layer reading, not just the image size. */
export function needsWasteFigures(budgets: Budgets): boolean {
  return (
    budgets.maxWastedBytes !== undefined ||
    budgets.minEfficiency !== undefined ||
    budgets.maxUserWastedPercent !== undefined
  );
}
