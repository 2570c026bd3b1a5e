import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import { parseRatioBudget, parseSizeBudget } from './parse.js';
import type { Budgets } from './types.js';

const disabled = (value: unknown) =>
  value === undefined || value === null || String(value).trim().toLowerCase() === 'disabled';

/**
 * dive's `.dive-ci` rules as budgets, so a CI that used dive keeps its thresholds:
 * `lowestEfficiency` → min-efficiency, `highestWastedBytes` → max-wasted (`20MB` is SI, as
 * dive's humanize parser reads it), `highestUserWastedPercent` (a share, 0.1 = 10%) →
 * max-user-wasted-percent. A rule set to `disabled` is no budget. They are held like every
 * budget: a figure equal to its limit passes, as in dive.
 */
export function budgetsFromDiveCi(text: string, file: string): Budgets {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch {
    throw new UserError(`${file} is not valid YAML; fix it or remove it.`);
  }
  const rules = ((document as { rules?: unknown } | null)?.rules ?? {}) as Record<string, unknown>;
  const budgets: Budgets = {};
  if (!disabled(rules.lowestEfficiency)) {
    budgets.minEfficiency = parseRatioBudget(rules.lowestEfficiency, `${file} lowestEfficiency`);
  }
  if (!disabled(rules.highestWastedBytes)) {
    budgets.maxWastedBytes = parseSizeBudget(rules.highestWastedBytes, `${file} highestWastedBytes`);
  }
  if (!disabled(rules.highestUserWastedPercent)) {
    budgets.maxUserWastedPercent = parseRatioBudget(
      rules.highestUserWastedPercent,
      `${file} highestUserWastedPercent`,
    );
  }
  return budgets;
}
