import { parse as parseYaml } from 'yaml';
import { parseRatioBudget, parseSizeBudget } from '../budgets/parse.js';
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

/** "20MB" (SI, as dive reads it), "20MiB", "1.5 GB" or plain bytes — one parser for every budget. */
export function parseSize(text: string | number, what: string): number {
  return parseSizeBudget(text, what);
}

export function parseRatio(text: string | number, what: string): number {
  return parseRatioBudget(text, what);
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
