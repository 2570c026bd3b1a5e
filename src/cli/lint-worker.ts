/**
 * A lint worker thread (see lint-workers.ts): lints each target it is sent and answers with
 * the target's outcome, or with the error that stopped it as one sentence and its exit code.
 */
import { parentPort } from 'node:worker_threads';
import { isUserError } from '../errors.js';
import { emptyOutcome, lintTarget } from './lint-run.js';
import type { WorkerReply, WorkerTask } from './lint-workers.js';

parentPort?.on('message', async ({ index, target, flags }: WorkerTask) => {
  let reply: WorkerReply;
  try {
    const outcome = emptyOutcome();
    await lintTarget(target, flags, outcome, new Set());
    reply = { index, outcome };
  } catch (error) {
    reply = {
      index,
      error: {
        message: error instanceof Error ? error.message : String(error),
        exitCode: isUserError(error) ? error.exitCode : null,
      },
    };
  }
  parentPort?.postMessage(reply);
});
