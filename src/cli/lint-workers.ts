import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { isDockerfileName } from '../project/index.js';
import type { LintFlags } from './lint-options.js';
import type { Outcome, Target } from './lint-run.js';

/**
 * `shipshape lint` over a monorepo: the project folders are shared out to worker threads, one
 * per core, and their outcomes put back together in the order the folders were given, so the
 * report is byte for byte what one thread would print. A worker's start (loading the linter,
 * compiling the bash grammar, code not yet optimised: ~0.25 s of CPU) pays off from about 60
 * Dockerfiles on two idle cores; fixes stay on the main thread: one project's fix may change a
 * file another reads.
 */
const MIN_FILES = 64;
/** A young generation this size scavenges less often while parsing (GC was ~10% of a long lint). */
const YOUNG_GENERATION_MB = 48;

/** What a worker sends back for one target. */
export type WorkerReply =
  | { index: number; outcome: Outcome }
  | { index: number; error: { message: string; exitCode: number | null } };

/** What the main thread sends a worker: one target to lint. */
export interface WorkerTask {
  index: number;
  target: Target;
  flags: LintFlags;
}

/**
 * The outcome of each target in order, linted in worker threads; null when this lint is
 * better done on the main thread (few files, fixes or diffs, folders that overlap, one core).
 */
export async function lintInWorkers(targets: Target[], flags: LintFlags): Promise<Outcome[] | null> {
  const threads = workerCount(targets, flags);
  const script = threads > 1 ? workerScript() : null;
  if (script === null) return null;

  const outcomes: Array<Outcome | undefined> = new Array(targets.length);
  let firstError: { index: number; error: Error } | null = null;
  let next = 0;
  let inFlight = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const give = (worker: Worker): void => {
        // After a failure only the targets before it still matter: the first error is reported.
        if (next >= targets.length || (firstError && next > firstError.index)) return;
        worker.postMessage({ index: next, target: targets[next]!, flags } satisfies WorkerTask);
        next++;
        inFlight++;
      };
      for (let i = 0; i < threads; i++) {
        const worker = new Worker(script, {
          resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
        });
        workers.push(worker);
        worker.on('error', reject);
        worker.on('message', (reply: WorkerReply) => {
          inFlight--;
          if ('outcome' in reply) outcomes[reply.index] = reply.outcome;
          else if (!firstError || reply.index < firstError.index) {
            const { message, exitCode } = reply.error;
            firstError = {
              index: reply.index,
              error: exitCode === null ? new Error(message) : new UserError(message, exitCode),
            };
          }
          give(worker);
          if (inFlight === 0) resolve();
        });
        give(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  const failed = firstError as { index: number; error: Error } | null;
  const done: Outcome[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    if (failed && index >= failed.index) throw failed.error;
    if (!outcome) throw new Error(`lint worker gave no result for ${targets[index]?.dir}`);
    done.push(outcome);
  }
  return done;
}

/** 0 or 1 mean "on the main thread". `SHIPSHAPE_WORKERS` overrides the count (0: never). */
function workerCount(targets: Target[], flags: LintFlags): number {
  if (flags.fix || flags.unsafeFixes || flags.diff || flags.dockerfile) return 0;
  if (targets.length < 2 || !disjoint(targets)) return 0;
  const asked = process.env.SHIPSHAPE_WORKERS;
  if (asked !== undefined && asked !== '') return Math.max(0, Number.parseInt(asked, 10) || 0);
  if (dockerfileCount(targets) < MIN_FILES) return 0;
  // Cores other programs keep busy give a worker nothing but its start-up to pay (this thread
  // counts itself as one of the busy ones).
  const cores = availableParallelism();
  const idle = Math.round(cores - (loadavg()[0] ?? 0) + 1);
  return Math.min(cores, idle, 8, targets.length);
}

/** No two targets in the same folder: each Dockerfile is then linted once, by one worker. */
function disjoint(targets: Target[]): boolean {
  const folders = new Set<string>();
  for (const target of targets) {
    let folder: string;
    try {
      folder = realpathSync(target.dir);
    } catch {
      folder = path.resolve(target.dir); // the main-thread error path reports it
    }
    if (folders.has(folder)) return false;
    folders.add(folder);
  }
  return true;
}

function dockerfileCount(targets: Target[]): number {
  let count = 0;
  for (const target of targets) {
    if (target.dockerfile) {
      count++;
      continue;
    }
    try {
      count += readdirSync(target.dir).filter(isDockerfileName).length;
    } catch {
      // An unreadable folder is reported by the lint itself.
    }
  }
  return count;
}

/**
 * The worker's own file: beside this module when compiled by tsc (dist/cli/), in dist/cli/
 * when this module is a chunk of the bundled CLI (dist/cli-chunks/). Running from source (the
 * tests) there is none, and lint stays on the main thread.
 */
function workerScript(): string | null {
  for (const relative of ['./lint-worker.js', '../cli/lint-worker.js']) {
    const candidate = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}
