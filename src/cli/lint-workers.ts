import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDockerfileName } from '../project/index.js';
import { availableCores } from './idle-cores.js';
import type { LintFlags } from './lint-options.js';
import type { Outcome, Target } from './lint-run.js';

/**
 * `shipshape lint` over a monorepo: the project folders are shared out between this thread
 * and worker threads, one thread per core (lint-pool.ts), and their outcomes put back together
 * in the order the folders were given, so the report is byte for byte what one thread would
 * print. A worker's start (loading the linter, compiling the bash grammar, code not yet
 * optimised: ~0.25 s of CPU) pays off from about 60 Dockerfiles on two idle cores; fixes stay
 * on the main thread: one project's fix may change a file another reads.
 */
const MIN_FILES = 64;

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
 * The outcome of each target in order, linted on several threads; null when this lint is
 * better done on the main thread alone (few files, fixes or diffs, folders that overlap, one
 * core).
 */
export async function lintInWorkers(targets: Target[], flags: LintFlags): Promise<Outcome[] | null> {
  const plan = threadPlan(targets, flags);
  const script = plan.threads > 1 ? workerScript() : null;
  if (script === null) return null;
  const { lintOnThreads } = await import('./lint-pool.js');
  return lintOnThreads(targets, flags, plan.threads - 1, script, plan.whenIdle);
}

interface ThreadPlan {
  /** How many threads may lint, this one included (0 or 1: this one alone). */
  threads: number;
  /** Whether workers start only once a first span of this thread's work showed idle cores. */
  whenIdle: boolean;
}

/** `SHIPSHAPE_WORKERS` sets the number of threads (0: never more than this one). */
function threadPlan(targets: Target[], flags: LintFlags): ThreadPlan {
  const alone = { threads: 0, whenIdle: false };
  if (flags.fix || flags.unsafeFixes || flags.diff || flags.dockerfile) return alone;
  if (targets.length < 2 || !disjoint(targets)) return alone;
  const asked = process.env.SHIPSHAPE_WORKERS;
  if (asked !== undefined && asked !== '')
    return { threads: Math.max(0, Number.parseInt(asked, 10) || 0), whenIdle: false };
  if (dockerfileCount(targets) < MIN_FILES) return alone;
  // Cores other programs keep busy give a worker nothing but its start-up to pay: how many
  // are idle is measured once this thread has linted a while (idle-cores.ts).
  return { threads: Math.min(availableCores(), 8, targets.length), whenIdle: true };
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
