import type { Finding, Severity } from '../types.js';

/** How a reporter may dress its output. */
export interface ReportOptions {
  /** ANSI colours: only when writing to a terminal. */
  color: boolean;
  /** shipshape's version, for formats that name the tool (SARIF). */
  version: string;
}

/** One output format: plain data in, the complete text out. Only the CLI writes it anywhere. */
export type Reporter<T> = (input: T, options: ReportOptions) => string;

/** Reporters by format name, e.g. `{ text, json, sarif, github }`. */
export type ReporterMap<T, Name extends string = string> = Readonly<Record<Name, Reporter<T>>>;

/** A rule as formats that describe their rules (SARIF) need it. */
export interface RuleInfo {
  code: string;
  name: string;
  severity: Severity;
  summary: string;
  helpUri: string;
  /** Category and the like: `size`, `cache`, `security`, `runtime`, `meta`. */
  tags: string[];
}

/** What `shipshape lint` hands its reporters. */
export interface LintReport {
  findings: Finding[];
  /** Metadata of every rule that may appear in `findings`. */
  rules: RuleInfo[];
  /** Each linted file's text by the path findings use (for code frames). */
  sources: Record<string, string>;
  /** Number of files linted. */
  files: number;
  /** Fixes applied by `--fix` (0 without it). */
  fixed: number;
  /** Print per-rule counts instead of each finding. */
  statistics: boolean;
}

export interface RuleStatistic {
  rule: string;
  name: string;
  count: number;
  fixable: number;
}

export interface LintSummary {
  files: number;
  findings: number;
  error: number;
  warning: number;
  info: number;
  /** Findings with a safe fix (`--fix` applies them). */
  fixable: number;
  /** Findings whose fix is unsafe (`--unsafe-fixes`). */
  unsafeFixable: number;
  fixed: number;
}

export function summarize(report: LintReport): LintSummary {
  const count = (severity: Finding['severity']) =>
    report.findings.filter((f) => f.severity === severity).length;
  return {
    files: report.files,
    findings: report.findings.length,
    error: count('error'),
    warning: count('warning'),
    info: count('info'),
    fixable: report.findings.filter((f) => f.fix?.applicability === 'safe').length,
    unsafeFixable: report.findings.filter((f) => f.fix?.applicability === 'unsafe').length,
    fixed: report.fixed,
  };
}

/** Findings per rule, most frequent first (then by code). */
export function statistics(findings: readonly Finding[]): RuleStatistic[] {
  const byRule = new Map<string, RuleStatistic>();
  for (const finding of findings) {
    const entry = byRule.get(finding.rule) ?? {
      rule: finding.rule,
      name: finding.name,
      count: 0,
      fixable: 0,
    };
    entry.count++;
    if (finding.fix) entry.fixable++;
    byRule.set(finding.rule, entry);
  }
  return [...byRule.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
}
