import { isUserError } from '../errors.js';
import { emptyOutcome, lintTarget } from './lint-run.js';
import type { WorkerReply, WorkerTask } from './lint-workers.js';

/**
 * A lint worker thread's work (see lint-pool.ts): lints each target it is sent and answers
 * with the target's outcome, or with the error that stopped it as one sentence and its exit
 * code.
 */
export async function serveLintTasks(): Promise<void> {
  // Loaded here, in the worker: the CLI's own thread loads this bundle too and needs none of it.
  const { parentPort } = await import('node:worker_threads');
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
}
