import type { BudgetCheck, BudgetName, Budgets, ImageFigures } from './types.js';

function ceiling(
  name: BudgetName,
  unit: BudgetCheck['unit'],
  limit: number,
  actual: number | undefined,
): BudgetCheck {
  if (actual === undefined) return { name, unit, limit, actual: null, overBy: 0, status: 'unmeasured' };
  const overBy = Math.max(0, actual - limit);
  return { name, unit, limit, actual, overBy, status: actual > limit ? 'broken' : 'ok' };
}

function floor(name: BudgetName, limit: number, actual: number | undefined): BudgetCheck {
  if (actual === undefined)
    return { name, unit: 'ratio', limit, actual: null, overBy: 0, status: 'unmeasured' };
  const overBy = Math.max(0, limit - actual);
  return { name, unit: 'ratio', limit, actual, overBy, status: actual < limit ? 'broken' : 'ok' };
}

/** One check per budget set, in a fixed order, each saying whether it held and by how much it broke. */
export function evaluateBudgets(figures: ImageFigures, budgets: Budgets): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  if (budgets.maxSizeBytes !== undefined) {
    checks.push(ceiling('max-size', 'bytes', budgets.maxSizeBytes, figures.sizeBytes));
  }
  if (budgets.maxWastedBytes !== undefined) {
    checks.push(ceiling('max-wasted', 'bytes', budgets.maxWastedBytes, figures.wastedBytes));
  }
  if (budgets.minEfficiency !== undefined) {
    checks.push(floor('min-efficiency', budgets.minEfficiency, figures.efficiency));
  }
  if (budgets.maxUserWastedPercent !== undefined) {
    checks.push(
      ceiling('max-user-wasted-percent', 'ratio', budgets.maxUserWastedPercent, figures.userWastedPercent),
    );
  }
  return checks;
}
