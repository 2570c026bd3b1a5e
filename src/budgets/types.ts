/** The limits `shipshape check` holds an image to; every one is optional. */
export interface Budgets {
  /** Most bytes the image may take (what `docker images` shows; layer tar bytes for a tarball). */
  maxSizeBytes?: number;
  /** Most bytes added and later replaced or deleted. */
  maxWastedBytes?: number;
  /** Lowest share of added bytes still present in the final filesystem (0–1). */
  minEfficiency?: number;
  /** Highest share of waste among the bytes added above the base layer (0–1). */
  maxUserWastedPercent?: number;
}

export type BudgetName = 'max-size' | 'max-wasted' | 'min-efficiency' | 'max-user-wasted-percent';

/** What was measured; waste figures are absent when only the size could be read. */
export interface ImageFigures {
  sizeBytes: number;
  wastedBytes?: number;
  efficiency?: number;
  userWastedPercent?: number;
}

export interface BudgetCheck {
  name: BudgetName;
  unit: 'bytes' | 'ratio';
  limit: number;
  /** null when the figure could not be measured for this input. */
  actual: number | null;
  /** How far past the limit, in the budget's unit; 0 when it holds. */
  overBy: number;
  status: 'ok' | 'broken' | 'unmeasured';
}
