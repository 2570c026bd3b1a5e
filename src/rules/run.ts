import type { Dockerfile } from '../dockerfile/model.js';
import { instructionAt } from '../dockerfile/queries.js';
import type { Project } from '../project/types.js';
import type { Finding, Range, Severity } from '../types.js';
import { DEFAULT_RULE_SETTINGS, docsUrl, type ReportInput, type Rule, type RuleSettings } from './define.js';
import { syntaxErrorRule, unusedSuppressionRule } from './meta.js';
import { allRules } from './registry.js';
import { readSuppressions } from './suppressions.js';

export interface RunOptions {
  /** Rules to consider (default: the registry). */
  rules?: readonly Rule[];
  /** Codes or prefixes to enable (`SS1`, `SS104`); empty means all. */
  select?: readonly string[];
  /** Codes or prefixes to disable. */
  ignore?: readonly string[];
  severities?: Readonly<Record<string, Severity>>;
  settings?: RuleSettings;
}

/** Every code a suppression may name. */
const KNOWN_CODES: ReadonlySet<string> = new Set([
  syntaxErrorRule.code,
  unusedSuppressionRule.code,
  ...allRules.map((r) => r.code),
]);

function matches(code: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => code.startsWith(p.toUpperCase()) || p.toUpperCase() === 'ALL');
}

export function isEnabled(code: string, options: RunOptions): boolean {
  const selected = !options.select || options.select.length === 0 || matches(code, options.select);
  return selected && !(options.ignore && matches(code, options.ignore));
}

function finding(rule: Rule, file: string, range: Range, message: string, options: RunOptions): Finding {
  return {
    rule: rule.code,
    name: rule.name,
    severity: options.severities?.[rule.code] ?? rule.severity,
    message,
    file,
    range,
    docsUrl: docsUrl(rule),
  };
}

/**
 * Runs the enabled rules on one Dockerfile of a project, applies inline suppressions, and
 * reports syntax errors (SS001) and unused suppressions (SS002). Pure: no I/O.
 */
export function runRules(
  project: Project,
  dockerfile: Dockerfile,
  file: string,
  options: RunOptions = {},
): Finding[] {
  const rules = options.rules ?? allRules;
  const raw: Finding[] = [];
  if (isEnabled(syntaxErrorRule.code, options)) {
    for (const error of dockerfile.syntaxErrors) {
      raw.push(finding(syntaxErrorRule, file, error.range, error.message, options));
    }
  }
  // One context for every rule (checks run one after another and report synchronously).
  let current: Rule | null = null;
  const context = {
    dockerfile,
    project,
    file,
    settings: options.settings ?? DEFAULT_RULE_SETTINGS,
    report: ({ range, message, fix }: ReportInput) => {
      const f = finding(current!, file, range, message, options);
      if (fix) f.fix = fix;
      raw.push(f);
    },
  };
  for (const rule of rules) {
    if (!isEnabled(rule.code, options)) continue;
    current = rule;
    rule.check(context);
  }

  const suppressions = readSuppressions(dockerfile);
  // Most files suppress nothing: no bookkeeping for them.
  if (suppressions.length === 0) return inFileOrder(raw);
  const used = new Set<string>();
  // Suppressions by the instruction they apply to (global ones under null), so a finding
  // looks at its own few instead of every suppression of the file.
  const byInstruction = new Map<number | null, number[]>();
  for (const [index, s] of suppressions.entries()) {
    const key = s.global ? null : s.instructionIndex;
    byInstruction.set(key, [...(byInstruction.get(key) ?? []), index]);
  }
  const globals = byInstruction.get(null) ?? [];
  const kept = raw.filter((f) => {
    const instruction = instructionAt(dockerfile, f.range.start.offset);
    const local = instruction ? (byInstruction.get(instruction.index) ?? []) : [];
    const applying = local.length === 0 ? globals : [...globals, ...local].sort((a, b) => a - b);
    const index = applying.find((i) => suppressions[i]!.codes.includes(f.rule));
    if (index === undefined) return true;
    used.add(`${index}:${f.rule}`);
    return false;
  });
  if (isEnabled(unusedSuppressionRule.code, options)) {
    for (const [index, s] of suppressions.entries()) {
      for (const code of s.codes) {
        if (used.has(`${index}:${code}`) || !isEnabled(code, options)) continue;
        kept.push(
          finding(
            unusedSuppressionRule,
            file,
            s.comment.range,
            KNOWN_CODES.has(code)
              ? `Suppression of ${code} is unused: no ${code} finding here. Remove it.`
              : `Suppression names ${code}, which is no shipshape rule: correct the code or remove it.`,
            options,
          ),
        );
      }
    }
  }
  return inFileOrder(kept);
}

/** Findings by place, then code. Codes are all `SS` and three digits: plain comparison orders them as collation would, without ICU. */
function inFileOrder(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => a.range.start.offset - b.range.start.offset || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}
