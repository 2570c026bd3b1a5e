import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { readConfig, type ShipshapeConfig, withFlags } from '../config/config.js';
import { isUserError, UserError } from '../errors.js';
import { writeFile } from '../fs/index.js';
import { lintEntry, runOptionsOf } from '../lint/index.js';
import { packageVersion } from '../package-version.js';
import { load } from '../project/index.js';
import type { DockerfileEntry, Project } from '../project/types.js';
import type { LintFormat } from '../report/lint-formats.js';
import { loadLintReporter } from '../report/lint-load.js';
import type { LintReport, RuleInfo } from '../report/types.js';
import { categoryOf, docsUrl } from '../rules/define.js';
import { ruleCatalogue } from '../rules/registry.js';
import type { Finding, Severity } from '../types.js';
import type { LintFlags } from './lint-options.js';
import { lintInWorkers } from './lint-workers.js';

export const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
export const DEFAULT_FAIL_ON: Severity = 'info';
/** Formats that can show per-rule counts instead of each finding. */
const STATISTICS_FORMATS = ['text', 'json', 'html'];

export interface Target {
  dir: string;
  dockerfile?: string;
}

/** Each path is a project folder or a Dockerfile (whose folder is then the project). */
function targetsOf(paths: string[], flags: LintFlags): Target[] {
  return (paths.length > 0 ? paths : ['.']).map((given) => {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(given).isDirectory();
    } catch {
      throw new UserError(`${given} does not exist; pass a project folder or a Dockerfile.`);
    }
    if (isDirectory) return flags.dockerfile ? { dir: given, dockerfile: flags.dockerfile } : { dir: given };
    return { dir: path.dirname(given), dockerfile: given };
  });
}

function ruleInfos(): RuleInfo[] {
  return ruleCatalogue().map((rule) => ({
    code: rule.code,
    name: rule.name,
    severity: rule.severity,
    summary: rule.docs.summary,
    helpUri: docsUrl(rule),
    tags: [categoryOf(rule.code)],
  }));
}

/** Paths as the user sees them: relative to the working folder, with `/`. */
/** Past this many changed lines a minimal diff costs more than it shows (it is quadratic). */
const MAX_DIFF_EDITS = 4000;

export async function unifiedDiff(name: string, before: string, after: string): Promise<string> {
  const { createTwoFilesPatch } = await import('diff');
  const options = { maxEditLength: MAX_DIFF_EDITS };
  return (
    createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, options) ??
    oneHunkPatch(name, before, after)
  );
}

/** A patch that replaces the changed middle of the file whole, with 3 lines of context. */
export function oneHunkPatch(name: string, before: string, after: string): string {
  const split = (text: string) => {
    const lines = text.split('\n');
    const newlineAtEnd = text.endsWith('\n');
    if (newlineAtEnd || text === '') lines.pop();
    return { lines, newlineAtEnd };
  };
  const a = split(before);
  const b = split(after);
  let head = 0;
  while (head < a.lines.length && head < b.lines.length && a.lines[head] === b.lines[head]) head++;
  let tail = 0;
  while (
    tail < a.lines.length - head &&
    tail < b.lines.length - head &&
    a.lines[a.lines.length - 1 - tail] === b.lines[b.lines.length - 1 - tail]
  )
    tail++;
  if (a.newlineAtEnd !== b.newlineAtEnd) tail = 0;
  const from = Math.max(0, head - 3);
  const keep = Math.min(tail, 3);
  const aEnd = a.lines.length - tail + keep;
  const bEnd = b.lines.length - tail + keep;
  const side = (start: number, count: number) => `${count === 0 ? start : start + 1},${count}`;
  const out = [
    `--- a/${name}`,
    `+++ b/${name}`,
    `@@ -${side(from, aEnd - from)} +${side(from, bEnd - from)} @@`,
  ];
  const body = (
    prefix: string,
    text: { lines: string[]; newlineAtEnd: boolean },
    start: number,
    end: number,
  ) => {
    for (let i = start; i < end; i++) {
      out.push(`${prefix}${text.lines[i]}`);
      if (i === text.lines.length - 1 && !text.newlineAtEnd) out.push('\\ No newline at end of file');
    }
  };
  body(' ', a, from, head);
  body('-', a, head, a.lines.length - tail);
  body('+', b, head, b.lines.length - tail);
  body(' ', b, b.lines.length - tail, bEnd);
  return `${out.join('\n')}\n`;
}

export function shown(project: Project, relative: string): string {
  const display = path.relative(process.cwd(), path.join(project.root, relative)) || relative;
  return display.split(path.sep).join('/');
}

function relocate(finding: Finding, project: Project): Finding {
  const moved: Finding = { ...finding, file: shown(project, finding.file) };
  if (finding.fix) {
    moved.fix = {
      ...finding.fix,
      edits: finding.fix.edits.map((edit) => ({ ...edit, file: shown(project, edit.file ?? finding.file) })),
    };
  }
  return moved;
}

export interface Outcome {
  findings: Finding[];
  sources: Record<string, string>;
  fixed: number;
  failing: number;
  diffs: string[];
  /** Dockerfiles linted. */
  files: number;
}

export function emptyOutcome(): Outcome {
  return { findings: [], sources: {}, fixed: 0, failing: 0, diffs: [], files: 0 };
}

/** Adds a later target's outcome, as if it had been linted after the ones already in `into`. */
export function mergeOutcome(into: Outcome, part: Outcome): void {
  into.findings.push(...part.findings);
  Object.assign(into.sources, part.sources);
  into.fixed += part.fixed;
  into.failing += part.failing;
  into.diffs.push(...part.diffs);
  into.files += part.files;
}

async function lintOne(
  project: Project,
  entry: DockerfileEntry,
  config: ShipshapeConfig,
  flags: LintFlags,
  outcome: Outcome,
): Promise<Project> {
  const options = runOptionsOf(config);
  let findings: Finding[];
  let text = entry.model.text;
  let next = project;
  if (flags.fix || flags.unsafeFixes || flags.diff) {
    // Fixing needs the fixer, the diff and the safe writes; a plain lint loads none of them.
    const { fixAndLint } = await import('./lint-fix.js');
    ({ findings, text, project: next } = await fixAndLint(project, entry, options, flags, outcome));
  } else {
    findings = await lintEntry(project, entry, options);
  }
  const threshold = RANK[config.failOn ?? DEFAULT_FAIL_ON];
  outcome.failing += findings.filter((f) => RANK[f.severity] >= threshold).length;
  outcome.findings.push(...findings.map((f) => relocate(f, project)));
  outcome.sources[shown(project, entry.path)] = text;
  return next;
}

/**
 * A project's file errors name files relative to its folder (`pyproject.toml: …`); with
 * `lint a b` that does not say which project, so the folder is put in front of the name.
 */
export function inProject(dir: string, error: unknown): unknown {
  const folder = dir.replace(/\/+$/, '');
  if (!isUserError(error) || folder === '.' || folder === '') return error;
  const quoted = folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`(^|\\s)${quoted}([\\s/:]|$)`).test(error.message)) return error; // it names the folder already
  const named = /^[^\s:]+/.exec(error.message)?.[0];
  const message =
    named && existsSync(path.join(folder, named))
      ? `${folder}/${error.message}`
      : `${folder}: ${error.message}`;
  return new UserError(message, error.exitCode);
}

/** Loads one target's project and lints (and maybe fixes) its Dockerfiles not `seen` yet. */
export async function lintTarget(
  target: Target,
  flags: LintFlags,
  outcome: Outcome,
  seen: Set<string>,
): Promise<void> {
  let project: Project;
  let fileConfig: ShipshapeConfig;
  try {
    project = await load(target.dir, target.dockerfile ? { dockerfile: target.dockerfile } : {});
    fileConfig = readConfig(project.config);
  } catch (error) {
    throw inProject(target.dir, error);
  }
  const config = withFlags(fileConfig, {
    select: flags.select,
    ignore: flags.ignore,
    failOn: flags.failOn,
  });
  const entries = target.dockerfile ? (project.dockerfile ? [project.dockerfile] : []) : project.dockerfiles;
  if (entries.length === 0) {
    throw new UserError(`${target.dir} has no Dockerfile; pass a Dockerfile path or --dockerfile.`);
  }
  for (const entry of entries) {
    const absolute = path.join(project.root, entry.path);
    if (seen.has(absolute)) continue;
    seen.add(absolute);
    outcome.files++;
    project = await lintOne(project, entry, config, flags, outcome);
  }
}

/** `shipshape lint`: load each project, lint (and maybe fix) its Dockerfiles, report, and return the exit code. */
export async function runLint(paths: string[], flags: LintFlags): Promise<number> {
  if (flags.statistics && !STATISTICS_FORMATS.includes(flags.format)) {
    throw new UserError(`--statistics works with --format text or json, not ${flags.format}.`);
  }
  if (paths.includes('-') || flags.stdinFilename !== undefined) {
    if (paths.some((given) => given !== '-')) {
      throw new UserError('Lint standard input (-) alone; pass other paths in another run.');
    }
    const { lintStdin } = await import('./lint-stdin.js');
    return lintStdin(flags);
  }
  const outcome = emptyOutcome();
  const seen = new Set<string>();
  const targets = targetsOf(paths, flags);
  // Many Dockerfiles in separate folders are linted on every core (lint-workers.ts).
  const fromWorkers = await lintInWorkers(targets, flags);
  if (fromWorkers) for (const part of fromWorkers) mergeOutcome(outcome, part);
  else for (const target of targets) await lintTarget(target, flags, outcome, seen);
  const files = outcome.files;

  return finishLint(outcome, files, flags);
}

/** Prints the diffs or the report of a lint run and returns its exit code. */
export async function finishLint(
  outcome: Outcome,
  files: number,
  flags: LintFlags,
  reportTo: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  if (flags.diff) {
    process.stdout.write(outcome.diffs.join(''));
    process.stderr.write(
      outcome.diffs.length > 0
        ? `shipshape: ${outcome.diffs.length} file${outcome.diffs.length === 1 ? '' : 's'} would change; nothing was written.\n`
        : 'shipshape: no fixes to apply.\n',
    );
    return outcome.diffs.length > 0 ? 1 : 0;
  }

  const report: LintReport = {
    findings: outcome.findings,
    rules: ruleInfos(),
    sources: outcome.sources,
    files,
    fixed: outcome.fixed,
    statistics: Boolean(flags.statistics),
  };
  const toTerminal = !flags.output && (reportTo as { isTTY?: boolean }).isTTY === true;
  const color = flags.format === 'text' && toTerminal && flags.color !== false && !process.env.NO_COLOR;
  const render = await loadLintReporter(flags.format as LintFormat);
  const rendered = render(report, {
    color,
    version: packageVersion(),
  });
  if (flags.output) writeFile(flags.output, rendered);
  else reportTo.write(rendered);
  return outcome.failing > 0 ? 1 : 0;
}
