import { isUserError } from '../errors.js';
import { printable } from '../report/printable.js';

/**
 * How a command that failed ends: a UserError as its one sentence and exit code, anything
 * else as an internal error to report (with the stack under SHIPSHAPE_DEBUG=1), exit 2.
 */
export function reportFailure(error: unknown): number {
  if (isUserError(error)) {
    // Messages name files, layers and image paths: none may reach the terminal raw.
    process.stderr.write(`shipshape: ${printable(error.message, { keepNewlines: true })}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `shipshape: internal error: ${message}\nPlease report this with the command you ran (set SHIPSHAPE_DEBUG=1 for details).\n`,
  );
  if (process.env.SHIPSHAPE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return 2;
}
