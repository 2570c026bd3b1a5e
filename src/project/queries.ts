import { isIgnored } from './dockerignore.js';
import { normalizeName } from './pep508.js';
import type { DependencySet, DockerfileEntry, DockerIgnoreFile, LockedPackage, Project } from './types.js';

/** The ignore file BuildKit applies when building with this Dockerfile (its own beats the root one). */
export function dockerignoreFor(
  project: Project,
  entry: DockerfileEntry | null = project.dockerfile,
): DockerIgnoreFile | null {
  if (entry?.dockerignore && entry.dockerignore !== '.dockerignore') {
    return project.dockerignores.find((file) => file.path === entry.dockerignore) ?? null;
  }
  return project.dockerignore;
}

/** Is this path (relative to the project root) left out of the build context for the given Dockerfile? */
export function isIgnoredFor(
  project: Project,
  path: string,
  entry: DockerfileEntry | null = project.dockerfile,
): boolean {
  return isIgnored(dockerignoreFor(project, entry), path);
}

export function lockedPackage(project: Project, name: string): LockedPackage | null {
  const wanted = normalizeName(name);
  return project.lock?.packages.find((pkg) => pkg.name === wanted) ?? null;
}

export function dependencySet(project: Project, id: string): DependencySet | null {
  return project.dependencySets.find((set) => set.id === id) ?? null;
}

/** Extras and PEP 735 groups by name, split by whether they are dev-only (for `--extra`/`--group` flags). */
export function namedSets(project: Project): {
  devGroups: string[];
  groups: string[];
  devExtras: string[];
  extras: string[];
} {
  const pick = (kind: DependencySet['kind'], dev: boolean): string[] =>
    project.dependencySets.filter((set) => set.kind === kind && set.dev === dev).map((set) => set.name);
  return {
    devGroups: pick('group', true),
    groups: pick('group', false),
    devExtras: pick('extra', true),
    extras: pick('extra', false),
  };
}

/**
 * True when uv.lock was written for another project: uv always locks the project it belongs
 * to (as an editable or virtual package), so a lock with packages but none of the pyproject's
 * `[project] name` is someone else's (copied from a template, or left over from a rename).
 */
export function uvLockOfAnotherProject(project: Project): boolean {
  const name = project.pyproject?.project?.name;
  const lock = project.uvLock;
  if (!name || !lock || lock.packages.length === 0) return false;
  const own = normalizeName(name);
  return !lock.packages.some((p) => p.name === own);
}
