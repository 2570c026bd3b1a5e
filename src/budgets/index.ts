/** Image budgets: parse them from flags and config, hold figures to them, show what broke. */
export { evaluateBudgets } from './evaluate.js';
export {
  type BudgetFlags,
  budgetsFromTable,
  needsWasteFigures,
  parseRatioBudget,
  parseSizeBudget,
  withBudgetFlags,
} from './parse.js';
export { budgetRow, type CheckRow, renderCheckTable } from './table.js';
export type * from './types.js';
