import { expect } from 'vitest';
import { isUserError } from '../errors.js';

/** The one-sentence message of the UserError `run` throws; fails the test when it throws none or another error. */
export function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(isUserError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}
