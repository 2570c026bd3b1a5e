import type { Command } from 'commander';
import { Option } from 'commander';
import { codeList, LINT_OPTIONS, type LintFlags } from './lint-options.js';

export type { LintFlags } from './lint-options.js';

export function register(program: Command): void {
  const command = program
    .command('lint')
    .description('Report Python-aware Dockerfile problems with exact ranges; --fix applies safe fixes.')
    .argument(
      '[paths...]',
      'project folders or Dockerfiles (default: the current folder); - reads standard input',
    );
  for (const spec of LINT_OPTIONS) {
    const option = new Option(spec.flags, spec.description);
    if (spec.choices) option.choices([...spec.choices]);
    if (spec.default !== undefined) option.default(spec.default);
    if (spec.codes) option.argParser(codeList);
    command.addOption(option);
  }
  command.action(async (paths: string[], flags: LintFlags) => {
    const { runLint } = await import('./lint-run.js');
    process.exitCode = await runLint(paths, flags);
  });
}
