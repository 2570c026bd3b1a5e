import type { Project } from '../project/index.js';

/** The human view of `shipshape info`: one fact per line, grouped, no colour needed to read it. */
export function describeProject(project: Project): string {
  const lines: string[] = [];
  const add = (label: string, value: string): void => {
    lines.push(`  ${`${label}:`.padEnd(20)}${value}`);
  };
  const name = project.pyproject?.project?.name ?? project.pyproject?.poetry?.name ?? null;
  lines.push(`Project ${project.root}${name ? ` (${name})` : ''}`);
  add(
    'package manager',
    `${project.manager.name}${project.manager.evidence.length ? ` (from ${project.manager.evidence.join(', ')})` : ''}`,
  );
  add('python', project.requiresPython ?? 'not stated');
  if (project.pyproject)
    add(
      'installable',
      project.pyproject.isPackage ? 'yes (the project is a package)' : 'no (dependencies only)',
    );

  lines.push('', 'Dependencies');
  if (project.dependencySets.length === 0) lines.push('  none declared');
  for (const set of project.dependencySets) {
    const count = `${set.requirements.length} ${set.requirements.length === 1 ? 'package' : 'packages'}`;
    add(
      set.id,
      `${count}${set.dev ? ', dev-only' : ''}${set.includes.length ? `, includes ${set.includes.join(', ')}` : ''}`,
    );
  }
  if (project.devSets.length) add('dev-only sets', project.devSets.join(', '));
  if (project.devOnlyPackages.length) add('dev-only packages', summarizeList(project.devOnlyPackages, 12));

  lines.push('', 'Lock');
  if (!project.lock) lines.push('  none');
  else {
    const registry = project.lock.packages.filter((pkg) => pkg.source.kind === 'registry');
    const sdistOnly = registry
      .filter((pkg) => pkg.wheels.length === 0 && pkg.sdist !== null)
      .map((pkg) => pkg.name);
    add('file', `${project.lock.path}${project.lock.version ? ` (format ${project.lock.version})` : ''}`);
    add(
      'packages',
      `${project.lock.packages.length} locked, ${registry.filter((pkg) => pkg.wheels.length > 0).length} with wheels`,
    );
    if (sdistOnly.length) add('source only', summarizeList(sdistOnly, 8));
  }
  for (const file of project.requirements) {
    add(
      file.path,
      `${file.requirements.length} requirements${file.dev ? ', dev-only' : ''}${file.includes.length ? `, includes ${file.includes.join(', ')}` : ''}`,
    );
  }

  const server = project.server;
  lines.push('', 'Server');
  add(
    'framework',
    server.frameworks.length ? server.frameworks.map((fact) => fact.name).join(', ') : 'none detected',
  );
  add('app', server.app ?? 'not found');
  add(
    'command',
    server.command
      ? `${server.command.argv.join(' ')} (${server.command.origin}, ${server.command.file}${server.command.line ? `:${server.command.line}` : ''})`
      : 'none',
  );
  add('ports', server.ports.length ? server.ports.join(', ') : 'none found');
  add('health route', server.health ?? 'none found');

  lines.push('', 'Dockerfiles');
  if (project.dockerfiles.length === 0) lines.push('  none found');
  for (const entry of project.dockerfiles) {
    const marker = entry === project.dockerfile ? ' (used)' : '';
    lines.push(
      `  ${entry.path}${marker}: ${entry.model.stages.length} ${entry.model.stages.length === 1 ? 'stage' : 'stages'}, ${entry.model.instructions.length} instructions${entry.model.syntaxErrors.length ? `, ${entry.model.syntaxErrors.length} syntax errors` : ''}`,
    );
    for (const stage of entry.model.stages) {
      lines.push(
        `    ${stage.index}${stage.name ? ` ${stage.name}` : ''}: FROM ${stage.resolvedBaseImage} (${stage.instructions.length} instructions)`,
      );
    }
  }
  add('.dockerignore', project.dockerignore ? `${project.dockerignore.patterns.length} patterns` : 'missing');
  return `${lines.join('\n')}\n`;
}

function summarizeList(items: string[], max: number): string {
  return items.length <= max
    ? items.join(', ')
    : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
