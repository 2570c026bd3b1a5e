import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { availableCores, sampleCores, threadsForIdleCores } from './idle-cores.js';
import type { LintFlags } from './lint-options.js';
import { emptyOutcome, lintTarget, type Outcome, type Target } from './lint-run.js';
import type { WorkerReply, WorkerTask } from './lint-workers.js';

/** A young generation this size scavenges less often while parsing (GC was ~10% of a long lint). */
const YOUNG_GENERATION_MB = 48;
/** How long this thread lints alone while the idle cores are measured (a worker's start costs more). */
const IDLE_SAMPLE_MS = 100;

/**
 * Lints the targets on this thread and `workers` worker threads at once, each taking the next
 * target in order when it is free, and returns the outcomes in the targets' order. This
 * thread has the linter loaded already, so it starts at once while the workers load theirs,
 * and it ends up linting as much as its share of the cores allows. With `whenIdle`, the
 * workers (up to `workers`) start after this thread's first span of work, as many as the
 * cores other programs left idle in it allow.
 */
export async function lintOnThreads(
  targets: Target[],
  flags: LintFlags,
  workers: number,
  script: string,
  whenIdle = false,
): Promise<Outcome[]> {
  const outcomes: Array<Outcome | undefined> = new Array(targets.length);
  let firstError: { index: number; error: Error } | null = null;
  const failed = (index: number, error: Error): void => {
    if (!firstError || index < firstError.index) firstError = { index, error };
  };
  let next = 0;
  /** The next target still worth linting: after a failure only the ones before it matter. */
  const take = (): number | null => {
    if (next >= targets.length || (firstError && next > firstError.index)) return null;
    return next++;
  };

  const started: Worker[] = [];
  let measuring: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let busy = 0;
      const settle = (): void => {
        if (busy === 0 && (next >= targets.length || firstError)) resolve();
      };
      const give = (worker: Worker): void => {
        const index = take();
        if (index === null) {
          settle();
          return;
        }
        busy++;
        worker.postMessage({ index, target: targets[index]!, flags } satisfies WorkerTask);
      };
      const startWorker = (): void => {
        const worker = new Worker(script, {
          resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
        });
        started.push(worker);
        worker.on('error', reject);
        // Before `terminate` below, a worker only stops by crashing; its target must not be waited for.
        worker.on('exit', (code) => reject(new Error(`a lint worker stopped (exit code ${code})`)));
        worker.on('message', (reply: WorkerReply) => {
          busy--;
          if ('outcome' in reply) outcomes[reply.index] = reply.outcome;
          else {
            const { message, exitCode } = reply.error;
            failed(reply.index, exitCode === null ? new Error(message) : new UserError(message, exitCode));
          }
          give(worker);
        });
        give(worker);
      };
      if (!whenIdle) for (let i = 0; i < workers; i++) startWorker();
      else {
        const before = sampleCores();
        measuring = setTimeout(() => {
          if (next >= targets.length || firstError) return;
          const threads = threadsForIdleCores(before, sampleCores(), availableCores());
          for (let i = 0; i < Math.min(workers, threads - 1); i++) startWorker();
        }, IDLE_SAMPLE_MS);
      }
      // This thread's own share, one target at a time; between targets the workers' replies
      // are taken (they arrive as events) and each is given its next target.
      busy++;
      (async () => {
        for (let index = take(); index !== null; index = take()) {
          const outcome = emptyOutcome();
          try {
            await lintTarget(targets[index]!, flags, outcome, new Set());
            outcomes[index] = outcome;
          } catch (error) {
            failed(index, error instanceof Error ? error : new Error(String(error)));
          }
          await new Promise((yielded) => setImmediate(yielded));
        }
        busy--;
        settle();
      })().catch(reject);
    });
  } finally {
    clearTimeout(measuring);
    await Promise.all(started.map((worker) => worker.terminate()));
  }
  const failure = firstError as { index: number; error: Error } | null;
  const done: Outcome[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    if (failure && index >= failure.index) throw failure.error;
    if (!outcome) throw new Error(`lint worker gave no result for ${targets[index]?.dir}`);
    done.push(outcome);
  }
  return done;
}
