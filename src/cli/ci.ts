import type { Command } from 'commander';

export interface CiGithubFlags {
  write?: boolean;
  force?: boolean;
}

export function register(program: Command): void {
  const ci = program.command('ci').description('Generate CI configuration for the project.');
  ci.command('github')
    .description(
      'Print (or --write) .github/workflows/container.yml: buildx build with the GitHub Actions cache, ' +
        'lint into code scanning, size budgets, and the benchmark as a pull-request summary.',
    )
    .argument('[dir]', 'project folder (the workflow goes to the root of its git repository)', '.')
    .option('--write', 'write the workflow file instead of printing it')
    .option('--force', 'with --write, replace an existing workflow file')
    .action(async (dir: string, flags: CiGithubFlags) => {
      const { runCiGithub } = await import('./ci-run.js');
      await runCiGithub(dir, flags);
    });
}
