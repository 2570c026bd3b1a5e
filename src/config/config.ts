import { UserError } from '../errors.js';
import type { Project } from '../project/types.js';
import { ruleCatalogue } from '../rules/registry.js';
import type { Severity } from '../types.js';

/** `[tool.shipshape]` (or `.shipshape.toml`) after validation. */
export interface ShipshapeConfig {
  /** Where it came from (`pyproject.toml`, `.shipshape.toml`), null when there is none. */
  file: string | null;
  select: string[] | null;
  ignore: string[] | null;
  /** Per-rule severity overrides: `{ SS405 = "warning" }`. */
  severity: Record<string, Severity>;
  failOn: Severity | null;
  trustedRegistries: string[];
  /** `[tool.shipshape.budgets]` with its keys checked; the commands that use it parse the values. */
  budgets: Record<string, unknown>;
}

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const TOP_LEVEL_KEYS = ['select', 'ignore', 'severity', 'fail-on', 'trusted-registries', 'budgets'];
const BUDGET_KEYS = ['max-size', 'max-wasted', 'min-efficiency', 'max-user-wasted-percent'];
const CODE_PATTERN = /^(ALL|SS\d{0,3})$/;

export const EMPTY_CONFIG: ShipshapeConfig = {
  file: null,
  select: null,
  ignore: null,
  severity: {},
  failOn: null,
  trustedRegistries: [],
  budgets: {},
};

function where(file: string, key: string): string {
  return file === 'pyproject.toml' ? `${file} [tool.shipshape] ${key}` : `${file} ${key}`;
}

function stringList(value: unknown, file: string, key: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new UserError(`${where(file, key)} must be a list of strings, e.g. ["SS1", "SS301"].`);
  }
  return value as string[];
}

/** A rule code or a code prefix (`SS1`, `SS10`, `SS104`) or `ALL`, upper-cased. */
export function ruleSelector(text: string, origin: string): string {
  const selector = text.trim().toUpperCase();
  if (!CODE_PATTERN.test(selector)) {
    throw new UserError(`${origin}: "${text}" is not a rule code or prefix; write codes like SS104 or SS1.`);
  }
  // A well-formed code that names no rule would select nothing and pass every Dockerfile.
  if (selector !== 'ALL' && !ruleCatalogue().some((rule) => rule.code.startsWith(selector))) {
    throw new UserError(
      `${origin}: "${text}" names no shipshape rule; see \`shipshape rule --list\` for the codes.`,
    );
  }
  return selector;
}

export function parseSeverity(text: unknown, origin: string): Severity {
  if (typeof text !== 'string' || !SEVERITIES.includes(text as Severity)) {
    throw new UserError(`${origin}: "${String(text)}" is not a severity; use error, warning or info.`);
  }
  return text as Severity;
}

/**
 * Validates the raw `[tool.shipshape]` table. An unknown key is an error naming it, so a
 * misspelt `selct` never silently turns into "lint everything".
 */
export function readConfig(config: Project['config']): ShipshapeConfig {
  if (!config) return EMPTY_CONFIG;
  const { file, table } = config;
  for (const key of Object.keys(table)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      throw new UserError(
        `${file}: unknown shipshape setting "${key}"; known settings are ${TOP_LEVEL_KEYS.join(', ')}.`,
      );
    }
  }
  const result: ShipshapeConfig = { ...EMPTY_CONFIG, file, severity: {}, budgets: {} };
  if (table.select !== undefined) {
    result.select = stringList(table.select, file, 'select').map((s) =>
      ruleSelector(s, where(file, 'select')),
    );
  }
  if (table.ignore !== undefined) {
    result.ignore = stringList(table.ignore, file, 'ignore').map((s) =>
      ruleSelector(s, where(file, 'ignore')),
    );
  }
  if (table['fail-on'] !== undefined) result.failOn = parseSeverity(table['fail-on'], where(file, 'fail-on'));
  if (table['trusted-registries'] !== undefined) {
    result.trustedRegistries = stringList(table['trusted-registries'], file, 'trusted-registries');
  }
  if (table.severity !== undefined) result.severity = severityTable(table.severity, file);
  if (table.budgets !== undefined) result.budgets = budgetsTable(table.budgets, file);
  return result;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

function severityTable(value: unknown, file: string): Record<string, Severity> {
  if (!isTable(value)) {
    throw new UserError(`${where(file, 'severity')} must be a table of codes, e.g. { SS405 = "warning" }.`);
  }
  const severity: Record<string, Severity> = {};
  for (const [code, level] of Object.entries(value)) {
    const origin = where(file, `severity.${code}`);
    if (!/^SS\d{3}$/i.test(code)) {
      throw new UserError(`${origin}: "${code}" is not a rule code; write a full code such as SS405.`);
    }
    if (!ruleCatalogue().some((rule) => rule.code === code.toUpperCase())) {
      throw new UserError(
        `${origin}: "${code}" names no shipshape rule; see \`shipshape rule --list\` for the codes.`,
      );
    }
    severity[code.toUpperCase()] = parseSeverity(level, origin);
  }
  return severity;
}

function budgetsTable(value: unknown, file: string): Record<string, unknown> {
  if (!isTable(value)) {
    throw new UserError(`${where(file, 'budgets')} must be a table, e.g. { max-wasted = "20MB" }.`);
  }
  for (const key of Object.keys(value)) {
    if (!BUDGET_KEYS.includes(key)) {
      throw new UserError(
        `${file}: unknown budget "${key}" in budgets; known budgets are ${BUDGET_KEYS.join(', ')}.`,
      );
    }
  }
  return value;
}

/** Command-line flags that override the file. */
export interface ConfigFlags {
  select?: string[] | undefined;
  ignore?: string[] | undefined;
  failOn?: string | undefined;
}

/** The file's settings with the flags on top: a flag given replaces the file's value. */
export function withFlags(config: ShipshapeConfig, flags: ConfigFlags): ShipshapeConfig {
  return {
    ...config,
    select: flags.select ? flags.select.map((s) => ruleSelector(s, '--select')) : config.select,
    ignore: flags.ignore ? flags.ignore.map((s) => ruleSelector(s, '--ignore')) : config.ignore,
    failOn: flags.failOn !== undefined ? parseSeverity(flags.failOn, '--fail-on') : config.failOn,
  };
}
