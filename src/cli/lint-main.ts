import { reportFailure } from './failure.js';
import type { LintArgs } from './lint-argv.js';
import { runLint } from './lint-run.js';

/** `shipshape lint` read without commander (lint-argv.ts): its exit code, failures reported as main() does. */
export async function runLintCommand({ paths, flags }: LintArgs): Promise<number> {
  try {
    return await runLint(paths, flags);
  } catch (error) {
    return reportFailure(error);
  }
}
