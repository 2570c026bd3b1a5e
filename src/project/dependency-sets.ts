import { isDevName } from './dev-names.js';
import type { DependencySet, Lockfile, Pipfile, Pyproject, Requirement, RequirementsFile } from './types.js';

/** Every named dependency list the project declares, each marked dev-only or not. */
export function collectDependencySets(
  pyproject: Pyproject | null,
  pipfile: Pipfile | null,
  requirements: RequirementsFile[],
): DependencySet[] {
  const sets: DependencySet[] = [];
  const add = (set: Omit<DependencySet, 'includes'> & { includes?: string[] }): void => {
    sets.push({ ...set, includes: set.includes ?? [] });
  };
  if (pyproject) {
    const file = pyproject.path;
    const project = pyproject.project;
    const mainRequirements = project?.dependencies ?? pyproject.poetry?.dependencies ?? [];
    if (project || pyproject.poetry) {
      add({ id: 'main', kind: 'main', name: 'main', file, dev: false, requirements: mainRequirements });
    }
    for (const [name, requirementsOfExtra] of Object.entries(project?.optionalDependencies ?? {})) {
      add({
        id: `extra:${name}`,
        kind: 'extra',
        name,
        file,
        dev: isDevName(name),
        requirements: requirementsOfExtra,
      });
    }
    for (const [name, group] of Object.entries(pyproject.dependencyGroups)) {
      add({
        id: `group:${name}`,
        kind: 'group',
        name,
        file,
        dev: isDevName(name),
        requirements: group.requirements,
        includes: group.includes,
      });
    }
    if (pyproject.uv && pyproject.uv.devDependencies.length > 0) {
      add({
        id: 'uv:dev-dependencies',
        kind: 'uv-dev',
        name: 'dev-dependencies',
        file,
        dev: true,
        requirements: pyproject.uv.devDependencies,
      });
    }
    for (const [name, group] of Object.entries(pyproject.poetry?.groups ?? {})) {
      add({
        id: `poetry:${name}`,
        kind: 'poetry-group',
        name,
        file,
        dev: isDevName(name),
        requirements: group.requirements,
      });
    }
    for (const [name, requirementsOfGroup] of Object.entries(pyproject.pdm?.devDependencies ?? {})) {
      // PDM's `dev-dependencies` table is development-only by definition, whatever the group's name.
      add({ id: `pdm:${name}`, kind: 'pdm-dev', name, file, dev: true, requirements: requirementsOfGroup });
    }
  }
  if (pipfile) {
    add({
      id: 'pipfile:default',
      kind: 'pipfile',
      name: 'packages',
      file: pipfile.path,
      dev: false,
      requirements: pipfile.packages,
    });
    add({
      id: 'pipfile:develop',
      kind: 'pipfile',
      name: 'dev-packages',
      file: pipfile.path,
      dev: true,
      requirements: pipfile.devPackages,
    });
  }
  for (const file of requirements) {
    add({
      id: `requirements:${file.path}`,
      kind: 'requirements',
      name: file.path,
      file: file.path,
      dev: file.dev,
      requirements: file.requirements,
      includes: file.includes,
    });
  }
  return sets;
}

interface Node {
  name: string;
  extras: string[];
}

/** Names reachable from the given requirements, following the lock's edges (and requested extras). */
function reach(roots: Requirement[], lock: Lockfile | null): Set<string> {
  const seen = new Set<string>();
  const seenExtras = new Set<string>();
  const packages = new Map((lock?.packages ?? []).map((pkg) => [pkg.name, pkg]));
  const queue: Node[] = roots
    .filter((req) => req.name)
    .map((req) => ({ name: req.name, extras: req.extras }));
  while (queue.length > 0) {
    const node = queue.pop() as Node;
    const pkg = packages.get(node.name);
    const firstVisit = !seen.has(node.name);
    seen.add(node.name);
    if (!pkg) continue;
    if (firstVisit) for (const dep of pkg.dependencies) queue.push({ name: dep, extras: [] });
    for (const extra of node.extras) {
      const key = `${node.name}[${extra}]`;
      if (seenExtras.has(key)) continue;
      seenExtras.add(key);
      for (const dep of pkg.optionalDependencies[extra] ?? []) queue.push({ name: dep, extras: [] });
    }
  }
  return seen;
}

/**
 * Packages only development needs: reachable from dev sets and not from any other set. With a
 * lock the whole dependency graph is walked; without one only the declared names count.
 * Pipfile.lock has no graph, so its `develop`-only section decides.
 */
export function devOnlyPackageNames(
  sets: DependencySet[],
  lock: Lockfile | null,
  projectName: string | null,
): string[] {
  const graphLock = lock && lock.kind !== 'pipfile' ? lock : null;
  const prodRoots = sets.filter((set) => !set.dev).flatMap((set) => set.requirements);
  const devRoots = sets.filter((set) => set.dev).flatMap((set) => set.requirements);
  if (graphLock) {
    // Workspace members and the project itself are installed with the app: their own needs are production needs.
    for (const pkg of graphLock.packages) {
      if (['editable', 'virtual', 'directory'].includes(pkg.source.kind) || pkg.name === projectName) {
        for (const dep of pkg.dependencies) prodRoots.push(nameOnly(dep));
      }
    }
  }
  const prod = reach(prodRoots, graphLock);
  const dev = reach(devRoots, graphLock);
  if (lock?.kind === 'pipfile') {
    for (const pkg of lock.packages) {
      if (pkg.groups.includes('default')) prod.add(pkg.name);
      else if (pkg.groups.includes('develop')) dev.add(pkg.name);
    }
  }
  if (projectName) prod.add(projectName);
  return [...dev].filter((name) => !prod.has(name)).sort();
}

function nameOnly(name: string): Requirement {
  return {
    name,
    raw: name,
    extras: [],
    specifier: '',
    marker: null,
    url: null,
    editable: false,
    file: '',
    line: null,
    hashes: [],
  };
}
