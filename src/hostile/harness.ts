import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

// The hostile-input suite runs the built CLI (`npm run build` first, as `npm test` does) as a
// child process on generated input, one case at a time, and holds every run to the same
// contract: a documented exit code, one sentence for exit 2, no internal error, peak memory
// and time under a bound, nothing changed but what the case asked to change.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cli = process.env.SHIPSHAPE_TEST_CLI ?? path.join(repo, 'dist/bin.cjs');

/**
 * Bounds every case is held to unless it says otherwise: CPU time of the CLI process (user +
 * system, all threads) and its peak RSS, which do not depend on what else the machine runs (a
 * plain lint takes about 0.3 s of CPU and 70 MiB), and a wall-clock limit that only stops a
 * hang. They catch the failures the suite exists for — hangs, reads that never end, quadratic
 * work, expansions to gigabytes — without flaking on a busy CI machine.
 */
export const DEFAULT_LIMITS = { ms: 10_000, rssMiB: 400, wallMs: 60_000 };
/** A run past this resident size is killed at once, so a regression fails fast instead of swapping. */
const KILL_RSS_MIB = 1536;

export type Exit = 0 | 1 | 2;

/** One case's folder: `work` is the project and working folder; `outside` sits beside it, for links and paths that leave the project. */
export interface CaseRoot {
  root: string;
  work: string;
  outside: string;
}

export interface RunResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size of the CLI process (getrusage, all threads), in MiB. */
  peakRssMiB: number;
  /** CPU time of the CLI process (user + system, all threads). */
  cpuMs: number;
  wallMs: number;
  killed: 'time' | 'memory' | null;
}

const roots: string[] = [];

export function makeCaseRoot(prefix: string): CaseRoot {
  const root = mkdtempSync(path.join(tmpdir(), `shipshape-hostile-${prefix}-`));
  roots.push(root);
  for (const dir of ['work', 'outside', 'tmp', 'home', 'meta']) mkdirSync(path.join(root, dir));
  return { root, work: path.join(root, 'work'), outside: path.join(root, 'outside') };
}

export function removeCaseRoots(): void {
  for (const root of roots.splice(0)) {
    // A case may have made a file immutable.
    try {
      execFileSync('chattr', ['-R', '-i', root], { stdio: 'ignore' });
    } catch {}
    try {
      chmodSync(root, 0o755);
    } catch {}
    rmSync(root, { recursive: true, force: true });
  }
}

/** Writes `files` below `dir` (paths may name subfolders). */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
}

export function link(target: string, at: string): void {
  mkdirSync(path.dirname(at), { recursive: true });
  symlinkSync(target, at);
}

// getrusage of the whole CLI process (peak RSS in KiB, CPU in µs), written as it exits (also on process.exit).
const PEAK_RSS_HOOK =
  'data:text/javascript,import{writeFileSync}from"node:fs";process.on("exit",()=>{try{const u=process.resourceUsage();writeFileSync(process.env.SHIPSHAPE_HOSTILE_PEAK,u.maxRSS+" "+(u.userCPUTime+u.systemCPUTime))}catch{}})';

/** Runs the CLI in `cwd` (default: the case's work folder) with HOME and TMPDIR inside the case root. */
export function runCli(root: CaseRoot, args: string[], options: { cwd?: string } = {}): Promise<RunResult> {
  const peakFile = path.join(root.root, 'meta', `peak-${Date.now()}-${Math.random()}`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', PEAK_RSS_HOOK, cli, ...args], {
    cwd: options.cwd ?? root.work,
    env: {
      PATH: process.env.PATH,
      NO_COLOR: '1',
      HOME: path.join(root.root, 'home'),
      TMPDIR: path.join(root.root, 'tmp'),
      SHIPSHAPE_HOSTILE_PEAK: peakFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    if (stdout.length < 4_000_000) stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    if (stderr.length < 100_000) stderr += chunk;
  });
  let killed: RunResult['killed'] = null;
  let polledPeak = 0;
  const poll = setInterval(() => {
    const rss = residentMiB(child.pid);
    polledPeak = Math.max(polledPeak, rss);
    if (rss > KILL_RSS_MIB) {
      killed = 'memory';
      child.kill('SIGKILL');
    }
  }, 25);
  // Past the wall-clock limit a run is a hang: stop it so the test reports instead of waiting.
  const timer = setTimeout(() => {
    killed = 'time';
    child.kill('SIGKILL');
  }, DEFAULT_LIMITS.wallMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      const [rssKiB, cpuMicros] = existsSync(peakFile)
        ? readFileSync(peakFile, 'utf8').split(' ').map(Number)
        : [0, 0];
      resolve({
        exitCode,
        signal,
        stdout,
        stderr,
        peakRssMiB: Math.round(Math.max((rssKiB ?? 0) / 1024, polledPeak)),
        cpuMs: Math.round((cpuMicros ?? 0) / 1000),
        wallMs: Math.round(performance.now() - started),
        killed,
      });
    });
  });
}

function residentMiB(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Every entry below `dir` (not following links, never opening FIFOs or devices), by relative path. */
export type Snapshot = Map<string, string>;

export function snapshot(dir: string, skip: string[] = []): Snapshot {
  const out: Snapshot = new Map();
  const walk = (relative: string) => {
    const full = path.join(dir, relative);
    const stat = lstatSync(full);
    const common = `mode=${stat.mode.toString(8)} uid=${stat.uid} gid=${stat.gid} ino=${stat.ino} nlink=${stat.nlink}`;
    if (stat.isDirectory()) {
      // A folder's link count follows its subfolders: what changed inside is compared per entry.
      if (relative)
        out.set(
          relative,
          `dir mode=${stat.mode.toString(8)} uid=${stat.uid} gid=${stat.gid} ino=${stat.ino}`,
        );
      for (const name of readdirSync(full).sort()) {
        const child = relative ? `${relative}/${name}` : name;
        if (!skip.includes(child)) walk(child);
      }
    } else if (stat.isSymbolicLink()) {
      out.set(relative, `link ${readlinkSync(full)} ${common}`);
    } else if (stat.isFile()) {
      const hash = createHash('sha256').update(readFileSync(full)).digest('hex');
      out.set(
        relative,
        `file ${hash} size=${stat.size} mtime=${stat.mtimeMs} ctime=${stat.ctimeMs} ${common}`,
      );
    } else {
      out.set(relative, `special ${common} mtime=${stat.mtimeMs}`);
    }
  };
  walk('');
  return out;
}

/** A snapshot of a case root: everything but the child's scratch folders. */
export const snapshotCase = (root: CaseRoot) => snapshot(root.root, ['tmp', 'home', 'meta']);

/** Paths whose entry differs between two snapshots (added, removed or changed). */
export function changedPaths(before: Snapshot, after: Snapshot): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

/** A file outside the case root (`/etc/passwd`) as a comparable fingerprint. */
export function fingerprint(file: string): string {
  const stat = statSync(file);
  return `${stat.mtimeMs} ${stat.ctimeMs} ${stat.size} ${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
}

const STACK_TRACE = /\n\s+at .+[(:]\d+|^\s+at \w/m;

/**
 * The contract every run keeps: an expected exit code; for exit 2 exactly one line on stderr,
 * `shipshape: …`; never an internal error or stack trace; time and peak memory under bounds.
 */
export function expectContract(
  result: RunResult,
  expected: { exit: Exit | Exit[]; stderr?: RegExp; ms?: number; rssMiB?: number },
): void {
  const report = `exit ${result.exitCode} signal ${result.signal} killed ${result.killed} in ${result.wallMs} ms (CPU ${result.cpuMs} ms), ${result.peakRssMiB} MiB\nstderr: ${result.stderr.slice(0, 2000)}`;
  expect(result.killed, report).toBeNull();
  const allowed = Array.isArray(expected.exit) ? expected.exit : [expected.exit];
  expect(allowed, report).toContain(result.exitCode);
  expect(result.stderr, report).not.toMatch(/internal error|Unhandled|RangeError|TypeError|FATAL/);
  expect(result.stderr, report).not.toMatch(STACK_TRACE);
  if (result.exitCode === 2) {
    const lines = result.stderr.trim().split('\n');
    expect(lines, report).toHaveLength(1);
    expect(lines[0], report).toMatch(/^shipshape: \S/);
  }
  if (expected.stderr) expect(result.stderr, report).toMatch(expected.stderr);
  expect(result.cpuMs, report).toBeLessThan(expected.ms ?? DEFAULT_LIMITS.ms);
  expect(result.peakRssMiB, report).toBeLessThan(expected.rssMiB ?? DEFAULT_LIMITS.rssMiB);
  expect(result.peakRssMiB, 'peak memory was measured').toBeGreaterThan(0);
}

/** What a case runs and what it may do. */
export interface CaseRun {
  args: string[];
  /** The documented exit code(s) for this input. */
  exit: Exit | Exit[];
  /** The sentence (or output) expected on stderr. */
  stderr?: RegExp;
  /** Paths relative to the case root that the run may add, change or remove (a write's target). */
  mayChange?: string[];
  /** Files outside the case root that the input names (`/etc/passwd`): they must stay as they were. */
  witnesses?: string[];
  /** CPU-time bound in ms (DEFAULT_LIMITS.ms unless set); a hang is stopped by the wall-clock limit. */
  ms?: number;
  rssMiB?: number;
  /** Started beside the run (a FIFO's reader); stopped after it. */
  beside?: (root: CaseRoot) => () => void;
  /** More checks on the result and the files (a write's content, mode, owner, links, line endings). */
  check?: (result: RunResult, root: CaseRoot) => void;
}

export interface HostileCase {
  name: string;
  make: (root: CaseRoot) => CaseRun | Promise<CaseRun>;
}

/** Builds a case in a fresh root, runs it, and holds it to the contract. */
export async function runCase(prefix: string, hostile: HostileCase): Promise<RunResult> {
  const root = makeCaseRoot(prefix);
  const run = await hostile.make(root);
  const witnessed = (run.witnesses ?? []).map(fingerprint);
  const before = snapshotCase(root);
  const stop = run.beside?.(root);
  let result: RunResult;
  try {
    result = await runCli(root, run.args);
  } finally {
    stop?.();
  }
  expectContract(result, run);
  const may = run.mayChange ?? [];
  const unexpected = changedPaths(before, snapshotCase(root)).filter(
    (p) => !may.some((allowed) => p === allowed || p.startsWith(`${allowed}/`)),
  );
  expect(unexpected, 'changed without being asked to').toEqual([]);
  expect(readdirSync(path.join(root.root, 'tmp')), 'temporary files left behind').toEqual([]);
  expect((run.witnesses ?? []).map(fingerprint)).toEqual(witnessed);
  run.check?.(result, root);
  // SHIPSHAPE_HOSTILE_REPORT=file collects each case's time and peak memory (README's figures).
  if (process.env.SHIPSHAPE_HOSTILE_REPORT)
    appendFileSync(
      process.env.SHIPSHAPE_HOSTILE_REPORT,
      `${JSON.stringify({ suite: prefix, case: hostile.name, exit: result.exitCode, ms: result.wallMs, cpuMs: result.cpuMs, rssMiB: result.peakRssMiB })}\n`,
    );
  return result;
}
