import type { BuildFailure, BuildStep } from './types.js';

/**
 * Reads BuildKit's `--progress=plain` output line by line. Lines of parallel steps interleave,
 * each prefixed with its vertex number (`#5 …`); a step's first line is its name, later lines
 * are output, and one of DONE / CACHED / ERROR / CANCELED closes it.
 */
export class BuildProgressParser {
  readonly #steps = new Map<string, BuildStep>();
  readonly #lines: string[] = [];
  #solveError: string | undefined;

  /** Feeds one line; returns the step it created or changed, if any. */
  push(rawLine: string): BuildStep | undefined {
    const line = rawLine.replace(/\r$/, '');
    this.#lines.push(line);
    const vertex = /^(#\d+) (.*)$/.exec(line);
    if (!vertex) {
      const solve = /^ERROR: (.*)$/.exec(line);
      if (solve) this.#solveError = solve[1];
      return undefined;
    }
    const id = vertex[1]!;
    const rest = vertex[2]!;
    if (id === '#0') return undefined; // "building with … instance": not a step
    const step = this.#steps.get(id);
    if (!step) {
      const created = newStep(id, rest);
      this.#steps.set(id, created);
      return created;
    }
    return applyLine(step, rest);
  }

  get steps(): BuildStep[] {
    return [...this.#steps.values()];
  }

  get log(): string {
    return this.#lines.join('\n');
  }

  /** What went wrong, or undefined when nothing failed. */
  failure(): BuildFailure | undefined {
    const failed = this.steps.find((step) => step.status === 'error');
    if (!failed && this.#solveError === undefined) return undefined;
    const message = this.#solveError ?? failed?.error ?? 'build failed';
    if (failed) return { message, step: failed, logTail: failed.log.slice(-TAIL_LINES) };
    return { message, logTail: this.#unattributedTail() };
  }

  /** Without a failing step (e.g. a Dockerfile parse error) the end of the transcript is the context. */
  #unattributedTail(): string[] {
    const lines = this.#lines.filter((line) => line.trim() !== '' && !line.startsWith('#'));
    return lines.slice(-TAIL_LINES);
  }
}

export const TAIL_LINES = 20;

/** Parses a whole transcript at once. */
export function parseBuildProgress(transcript: string): { steps: BuildStep[]; failure?: BuildFailure } {
  const parser = new BuildProgressParser();
  for (const line of transcript.split('\n')) parser.push(line);
  const failure = parser.failure();
  return failure ? { steps: parser.steps, failure } : { steps: parser.steps };
}

function newStep(id: string, name: string): BuildStep {
  const step: BuildStep = { id, name, status: 'running', cached: false, internal: true, log: [] };
  const bracketed = /^\[([^\]]+)\] (.*)$/.exec(name);
  if (!bracketed) return step;
  const label = bracketed[1]!;
  // BuildKit pads the index to the width of the total: `[ 6/11]`, `[base  6/11]`.
  const position = /^(?:(\S+)\s+)?\s*(\d+)\/(\d+)$/.exec(label);
  if (!position) return step; // [internal] …
  step.internal = false;
  if (position[1] !== undefined) step.stage = position[1];
  step.index = Number(position[2]);
  step.total = Number(position[3]);
  step.instruction = bracketed[2]!;
  return step;
}

function applyLine(step: BuildStep, rest: string): BuildStep | undefined {
  if (rest === step.name || rest === '...') return undefined; // header repeated after interleaving
  if (rest === 'CACHED') {
    step.status = 'cached';
    step.cached = true;
    return step;
  }
  if (rest === 'CANCELED') {
    step.status = 'canceled';
    return step;
  }
  const done = /^DONE (\d+(?:\.\d+)?)s$/.exec(rest);
  if (done) {
    step.status = 'done';
    step.durationS = Number(done[1]);
    return step;
  }
  const error = /^ERROR: (.*)$/.exec(rest);
  if (error) {
    step.status = 'error';
    step.error = error[1]!;
    return step;
  }
  // Command output carries a seconds-since-start stamp; BuildKit's own sub-status lines don't.
  const output = /^\d+\.\d+(?: (.*))?$/.exec(rest);
  step.log.push(output ? (output[1] ?? '') : rest);
  return undefined;
}

/** One line per step for people: `[base 4/4] RUN uv sync — CACHED`. */
export function describeStep(step: BuildStep): string {
  switch (step.status) {
    case 'cached':
      return `${step.name} — CACHED`;
    case 'done':
      return `${step.name} — ${step.durationS?.toFixed(1)} s`;
    case 'error':
      return `${step.name} — FAILED`;
    case 'canceled':
      return `${step.name} — canceled`;
    default:
      return `${step.name} — running`;
  }
}

/** A failure as a block of text for terminals and logs: message, failing step, its last lines. */
export function formatBuildFailure(failure: BuildFailure): string {
  const parts = [`Build failed: ${failure.message}`];
  if (failure.step) parts.push(`Failing step: ${failure.step.name}`);
  if (failure.logTail.length > 0) {
    parts.push(`Last ${failure.logTail.length} log lines:`, ...failure.logTail.map((line) => `  ${line}`));
  }
  return parts.join('\n');
}
