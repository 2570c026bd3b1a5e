import type { Command } from 'commander';
import { Option } from 'commander';
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

/** `--select SS1,SS301 --select SS4` → every code, split on commas. */
function codeList(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

export function register(program: Command): void {
  program
    .command('lint')
    .description('Report Python-aware Dockerfile problems with exact ranges; --fix applies safe fixes.')
    .argument(
      '[paths...]',
      'project folders or Dockerfiles (default: the current folder); - reads standard input',
    )
    .addOption(
      new Option('-f, --format <format>', 'output format').choices([...LINT_FORMATS]).default('text'),
    )
    .option('-o, --output <file>', 'write the report to this file instead of standard output')
    .option('--statistics', 'print the number of findings per rule instead of each finding')
    .option('--fix', 'apply safe fixes and write the files')
    .option('--unsafe-fixes', 'apply safe and unsafe fixes (unsafe ones may change behaviour)')
    .option('--diff', 'print the fixes as a unified diff and write nothing')
    .option(
      '--select <codes>',
      'only these rule codes or prefixes (comma-separated; replaces the config)',
      codeList,
    )
    .option(
      '--ignore <codes>',
      'skip these rule codes or prefixes (comma-separated; replaces the config)',
      codeList,
    )
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a finding is at least this severe (default: info)',
      ).choices(['error', 'warning', 'info']),
    )
    .option('--dockerfile <path>', 'lint this Dockerfile of the project folder')
    .option('--no-color', 'never colour the text output')
    .option(
      '--stdin-filename <path>',
      'lint standard input as this Dockerfile; its folder is the project (with --fix, the fixed text goes to stdout)',
    )
    .action(async (paths: string[], flags: LintFlags) => {
      const { runLint } = await import('./lint-run.js');
      process.exitCode = await runLint(paths, flags);
    });
}
