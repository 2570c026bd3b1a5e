import { LINT_FORMATS } from '../report/lint-formats.js';
import type { Severity } from '../types.js';

export interface LintFlags {
  format: string;
  output?: string;
  statistics?: boolean;
  fix?: boolean;
  unsafeFixes?: boolean;
  diff?: boolean;
  select?: string[];
  ignore?: string[];
  failOn?: Severity;
  dockerfile?: string;
  color?: boolean;
  stdinFilename?: string;
}

/**
 * One option of `shipshape lint`, as data: lint.ts registers it with commander (help text
 * and errors), lint-argv.ts reads the plain command lines without loading commander. The
 * one list keeps the two from drifting apart.
 */
export interface LintOption {
  /** Commander's flags: `-f, --format <format>`, `--statistics`, `--no-color`. */
  flags: string;
  description: string;
  choices?: readonly string[];
  default?: string;
  /** Comma-separated rule codes; repeating the option adds to the list. */
  codes?: true;
}

export const LINT_OPTIONS: readonly LintOption[] = [
  { flags: '-f, --format <format>', description: 'output format', choices: LINT_FORMATS, default: 'text' },
  { flags: '-o, --output <file>', description: 'write the report to this file instead of standard output' },
  { flags: '--statistics', description: 'print the number of findings per rule instead of each finding' },
  { flags: '--fix', description: 'apply safe fixes and write the files' },
  {
    flags: '--unsafe-fixes',
    description: 'apply safe and unsafe fixes (unsafe ones may change behaviour)',
  },
  { flags: '--diff', description: 'print the fixes as a unified diff and write nothing' },
  {
    flags: '--select <codes>',
    description: 'only these rule codes or prefixes (comma-separated; replaces the config)',
    codes: true,
  },
  {
    flags: '--ignore <codes>',
    description: 'skip these rule codes or prefixes (comma-separated; replaces the config)',
    codes: true,
  },
  {
    flags: '--fail-on <severity>',
    description: 'exit 1 when a finding is at least this severe (default: info)',
    choices: ['error', 'warning', 'info'],
  },
  { flags: '--dockerfile <path>', description: 'lint this Dockerfile of the project folder' },
  { flags: '--no-color', description: 'never colour the text output' },
  {
    flags: '--stdin-filename <path>',
    description:
      'lint standard input as this Dockerfile; its folder is the project (with --fix, the fixed text goes to stdout)',
  },
];

/** `--select SS1,SS301 --select SS4` → every code, split on commas. */
export function codeList(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}
