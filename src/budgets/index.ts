/**
 * Image budgets, the one owner for `check` and `inspect --ci`: parse them from flags, config
 * and dive's .dive-ci, hold figures to them (a figure equal to its limit holds, as in dive),
 * show what broke.
 */
export { budgetsFromDiveCi } from './dive-ci.js';
export { evaluateBudgets } from './evaluate.js';
export { imageFigures } from './figures.js';
export {
  type BudgetFlags,
  budgetsFromTable,
  needsWasteFigures,
  parseRatioBudget,
  parseSizeBudget,
  withBudgetFlags,
} from './parse.js';
export { brokenSentence, budgetRow, type CheckRow, renderCheckTable } from './table.js';
export type * from './types.js';
