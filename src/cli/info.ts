import type { Command } from 'commander';

interface InfoOptions {
  dockerfile?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('info')
    .description(
      'Show what shipshape knows about a project: package manager, dependencies, locks, server, Dockerfiles.',
    )
    .argument('[dir]', 'project folder (the build context)', '.')
    .option('--dockerfile <path>', 'use this Dockerfile instead of searching the folder')
    .option('--json', 'print the model as JSON')
    .action(async (dir: string, options: InfoOptions) => {
      const { load, projectToJson } = await import('../project/index.js');
      const { describeProject } = await import('./info-text.js');
      const project = await load(dir, options.dockerfile ? { dockerfile: options.dockerfile } : {});
      const output = options.json
        ? `${JSON.stringify(projectToJson(project), null, 2)}\n`
        : describeProject(project);
      process.stdout.write(output);
    });
}
