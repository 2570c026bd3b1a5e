import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import type { WasteFigures } from './types.js';
import { formatBytes, percent } from './units.js';

/** Limits an image must stay within; every field is optional. */
export interface Budgets {
  maxWastedBytes?: number;
  minEfficiency?: number;
  /** Our wasted bytes over the bytes added above the first layer (dive's highestUserWastedPercent). */
  maxUserWastedPercent?: number;
}

export interface BudgetResult {
  budgets: Budgets;
  broken: string[];
}

const UNITS: Record<string, number> = {
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
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** "20MB" (SI, as dive reads it), "20MiB", "1.5 GB" or plain bytes. */
export function parseSize(text: string | number, what: string): number {
  if (typeof text === 'number' && Number.isFinite(text) && text >= 0) return text;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(text));
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new UserError(`${what}: "${text}" is not a size; write bytes or a size like 50MB or 20MiB.`);
  }
  return Math.round(Number(match[1]) * unit);
}

export function parseRatio(text: string | number, what: string): number {
  const value =
    typeof text === 'number'
      ? text
      : Number(String(text).trim().replace(/%$/, '')) / (String(text).trim().endsWith('%') ? 100 : 1);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new UserError(`${what}: "${text}" is not a ratio between 0 and 1 (e.g. 0.9 or 90%).`);
  }
  return value;
}

const disabled = (value: unknown) =>
  value === undefined || value === null || String(value).toLowerCase() === 'disabled';

/** dive's `.dive-ci` rules, so a CI that used dive can switch without rewriting its thresholds. */
export function budgetsFromDiveCi(text: string, file: string): Budgets {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch {
    throw new UserError(`${file} is not valid YAML; fix it or remove it.`);
  }
  const rules = ((document as { rules?: Record<string, unknown> } | null)?.rules ?? {}) as Record<
    string,
    unknown
  >;
  const budgets: Budgets = {};
  if (!disabled(rules.lowestEfficiency)) {
    budgets.minEfficiency = parseRatio(rules.lowestEfficiency as string, `${file} lowestEfficiency`);
  }
  if (!disabled(rules.highestWastedBytes)) {
    budgets.maxWastedBytes = parseSize(rules.highestWastedBytes as string, `${file} highestWastedBytes`);
  }
  if (!disabled(rules.highestUserWastedPercent)) {
    budgets.maxUserWastedPercent = parseRatio(
      rules.highestUserWastedPercent as string,
      `${file} highestUserWastedPercent`,
    );
  }
  return budgets;
}

/** `[tool.shipshape.budgets]` with keys max-wasted and min-efficiency (and max-user-wasted-percent). */
export function budgetsFromTable(table: Record<string, unknown> | undefined, file: string): Budgets {
  const budgets: Budgets = {};
  if (!table) return budgets;
  const value = (key: string) => table[key] as string | number | undefined;
  if (value('max-wasted') !== undefined)
    budgets.maxWastedBytes = parseSize(value('max-wasted')!, `${file} max-wasted`);
  if (value('min-efficiency') !== undefined) {
    budgets.minEfficiency = parseRatio(value('min-efficiency')!, `${file} min-efficiency`);
  }
  if (value('max-user-wasted-percent') !== undefined) {
    budgets.maxUserWastedPercent = parseRatio(
      value('max-user-wasted-percent')!,
      `${file} max-user-wasted-percent`,
    );
  }
  return budgets;
}

/** Each broken budget as one sentence naming the figure and the limit. */
export function checkBudgets(waste: WasteFigures, budgets: Budgets): BudgetResult {
  const broken: string[] = [];
  if (budgets.maxWastedBytes !== undefined && waste.wastedBytes > budgets.maxWastedBytes) {
    broken.push(
      `wasted bytes ${formatBytes(waste.wastedBytes)} exceed the budget of ${formatBytes(budgets.maxWastedBytes)}`,
    );
  }
  if (budgets.minEfficiency !== undefined && waste.efficiency < budgets.minEfficiency) {
    broken.push(
      `efficiency ${percent(waste.efficiency)} is below the minimum of ${percent(budgets.minEfficiency)}`,
    );
  }
  if (budgets.maxUserWastedPercent !== undefined && waste.userWastedPercent >= budgets.maxUserWastedPercent) {
    broken.push(
      `wasted share of the non-base layers ${percent(waste.userWastedPercent)} reaches the limit of ${percent(budgets.maxUserWastedPercent)}`,
    );
  }
  return { budgets, broken };
}
