import type { Command } from 'commander';
import { Option } from 'commander';

export interface CheckFlags {
  image?: string;
  tarball?: string;
  maxSize?: string;
  maxWasted?: string;
  minEfficiency?: string;
  failOn?: 'error' | 'warning' | 'info';
  format: 'text' | 'json';
  record?: boolean;
}

export function register(program: Command): void {
  program
    .command('check')
    .description(
      'Hold an image to size budgets (and the project to a lint threshold); exit 1 with a table of what broke.',
    )
    .argument('[dir]', 'project folder: its [tool.shipshape.budgets] apply and --fail-on lints it', '.')
    .option('--image <name>', 'a local image in the Docker engine')
    .option('--tarball <file>', 'a `docker save` tarball (read without a daemon)')
    .option('--max-size <size>', 'budget: largest image allowed, e.g. 200MB or 1.5GiB')
    .option('--max-wasted <size>', 'budget: most bytes added and later replaced or deleted, e.g. 20MB')
    .option('--min-efficiency <ratio>', 'budget: lowest efficiency allowed, e.g. 0.95 or 95%')
    .addOption(
      new Option('--fail-on <severity>', 'also lint the project and fail on findings this severe').choices([
        'error',
        'warning',
        'info',
      ]),
    )
    .option('--record', "append the image's size to DIR/.shipshape/history.sqlite (see `shipshape history`)")
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
Sizes use SI units like \`docker images\` (1 MB = 1,000,000 bytes); KiB, MiB, GiB are binary.
Flags win over [tool.shipshape.budgets] in pyproject.toml (or .shipshape.toml).
Exit codes: 0 every budget holds, 1 a budget broke or lint failed, 2 bad input.`,
    )
    .action(async (dir: string, flags: CheckFlags) => {
      const { runCheck } = await import('./check-run.js');
      process.exitCode = await runCheck(dir, flags);
    });
}
