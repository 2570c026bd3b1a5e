import { createRequire } from 'node:module';

/**
 * How many cores other programs leave idle, measured over a short span of this process's own
 * work rather than read from the load average: Linux counts tasks waiting for the disk in the
 * load, so a machine flushing files reads as busy while its cores sit idle (load 1.7 on two
 * idle cores here), and the load is a minute's average that still holds the commands run just
 * before this one.
 */

/** Busy milliseconds of all cores together since boot (user, nice, system, interrupts). */
export interface CoreSample {
  busyMs: number;
  /** This process's own CPU time (all its threads), in milliseconds. */
  ownMs: number;
  atMs: number;
}

type OsModule = typeof import('node:os');
let os: OsModule | null = null;
// node:os only for a lint this big: a one-project lint never gets here.
const osModule = (): OsModule => {
  os ??= createRequire(import.meta.url)('node:os') as OsModule;
  return os;
};

export function sampleCores(): CoreSample {
  let busyMs = 0;
  for (const { times } of osModule().cpus()) busyMs += times.user + times.nice + times.sys + times.irq;
  const own = process.cpuUsage();
  return { busyMs, ownMs: (own.user + own.system) / 1000, atMs: performance.now() };
}

export function availableCores(): number {
  return osModule().availableParallelism();
}

/**
 * Threads worth running, this one included, from two samples: every core, less what other
 * programs kept busy between the samples, plus this thread (as when reading the load average,
 * a busy core still gives a second thread of ours a share of it; two cores' worth of other
 * work leaves one thread on two cores). At least one, at most `cores`.
 */
export function threadsForIdleCores(before: CoreSample, after: CoreSample, cores: number): number {
  const spanMs = after.atMs - before.atMs;
  if (spanMs <= 0) return 1;
  const othersBusy = Math.max(0, after.busyMs - before.busyMs - (after.ownMs - before.ownMs)) / spanMs;
  return Math.max(1, Math.min(cores, Math.round(cores - othersBusy + 1)));
}
