import type { Dockerfile } from '../dockerfile/model.js';
import type { Project } from '../project/types.js';
import type { Fix, Range, Severity } from '../types.js';

/** Rule documentation, written once beside the rule; `docs/rules/<code>.md` is generated from it. */
export interface RuleDocs {
  /** One line: what the rule finds. */
  summary: string;
  whatItDoes: string;
  why: string;
  example: { bad: string; good: string };
  fixSafety: string;
}

export type RuleCategory = 'meta' | 'size' | 'cache' | 'security' | 'runtime';

export interface ReportInput {
  range: Range;
  message: string;
  fix?: Fix;
}

/** What a rule sees: one Dockerfile read together with its project. Plain data, no I/O. */
export interface RuleContext {
  dockerfile: Dockerfile;
  project: Project;
  /** The Dockerfile's path relative to the project root (findings carry it). */
  file: string;
  settings: RuleSettings;
  report(finding: ReportInput): void;
}

/** Settings from `[tool.shipshape]` that change what rules consider acceptable. */
export interface RuleSettings {
  /** Registries whose images may be used unpinned (SS304) — e.g. an internal mirror. */
  trustedRegistries: string[];
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = { trustedRegistries: [] };

export interface Rule {
  /** `SS104`: fixed forever, never reused. */
  code: string;
  /** Kebab-case name of the bad pattern (never the cure): `pip-cache-kept`. */
  name: string;
  severity: Severity;
  /** Whether the rule can offer a fix, and how safe it is. */
  fixable: 'safe' | 'unsafe' | false;
  docs: RuleDocs;
  /** Equivalent checks elsewhere: `hadolint:DL3042`, `buildkit:JSONArgsRecommended`, `trivy:DS002`. */
  sources: string[];
  check(context: RuleContext): void;
}

export const DOCS_BASE_URL = 'https://github.com/shipshape-dev/shipshape/blob/main/docs/rules';

export function docsUrl(rule: Pick<Rule, 'code' | 'name'>): string {
  return `${DOCS_BASE_URL}/${rule.code}-${rule.name}.md`;
}

export function categoryOf(code: string): RuleCategory {
  const digit = code[2];
  if (digit === '1') return 'size';
  if (digit === '2') return 'cache';
  if (digit === '3') return 'security';
  if (digit === '4') return 'runtime';
  return 'meta';
}

/** Identity with type checking: keeps every rule file in one shape. */
export function defineRule(rule: Rule): Rule {
  if (!/^SS\d{3}$/.test(rule.code)) throw new Error(`Rule code ${rule.code} must look like SS123.`);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.name))
    throw new Error(`Rule name ${rule.name} must be kebab-case.`);
  return rule;
}
