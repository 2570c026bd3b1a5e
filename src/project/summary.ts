import type { Instruction } from '../dockerfile/model.js';
import type { Lockfile, Project } from './types.js';

/**
 * A stable JSON view of the project for `info --json`: the facts, not the raw text or the
 * full Dockerfile syntax tree (those are large and belong to `lint`).
 */
export function projectToJson(project: Project): Record<string, unknown> {
  return {
    root: project.root,
    manager: project.manager,
    requiresPython: project.requiresPython,
    pythonVersionFile: project.pythonVersionFile,
    pyproject: project.pyproject && {
      path: project.pyproject.path,
      name: project.pyproject.project?.name ?? project.pyproject.poetry?.name ?? null,
      version: project.pyproject.project?.version ?? project.pyproject.poetry?.version ?? null,
      isPackage: project.pyproject.isPackage,
      buildBackend: project.pyproject.buildSystem?.backend ?? null,
      scripts: {
        ...(project.pyproject.poetry?.scripts ?? {}),
        ...(project.pyproject.project?.scripts ?? {}),
      },
      uv: project.pyproject.uv && {
        package: project.pyproject.uv.package,
        workspaceMembers: project.pyproject.uv.workspaceMembers,
        defaultGroups: project.pyproject.uv.defaultGroups,
      },
    },
    dependencySets: project.dependencySets.map((set) => ({
      id: set.id,
      kind: set.kind,
      name: set.name,
      file: set.file,
      dev: set.dev,
      includes: set.includes,
      requirements: set.requirements.map((requirement) => ({
        name: requirement.name,
        raw: requirement.raw,
        extras: requirement.extras,
        specifier: requirement.specifier,
        marker: requirement.marker,
        url: requirement.url,
        editable: requirement.editable,
        line: requirement.line,
      })),
    })),
    devSets: project.devSets,
    devOnlyPackages: project.devOnlyPackages,
    lock: project.lock && lockSummary(project.lock),
    locks: [project.uvLock, project.poetryLock, project.pdmLock, project.pipfileLock]
      .filter((lock): lock is Lockfile => lock !== null)
      .map((lock) => lockSummary(lock)),
    requirements: project.requirements.map((file) => ({
      path: file.path,
      dev: file.dev,
      count: file.requirements.length,
      includes: file.includes,
      constraints: file.constraints,
      options: file.options,
      hashed:
        file.requirements.length > 0 &&
        file.requirements.every((requirement) => requirement.hashes.length > 0),
    })),
    pipfile: project.pipfile && {
      path: project.pipfile.path,
      packages: project.pipfile.packages.length,
      devPackages: project.pipfile.devPackages.length,
      pythonVersion: project.pipfile.pythonVersion,
    },
    server: project.server,
    dockerfiles: project.dockerfiles.map((entry) => ({
      path: entry.path,
      primary: entry === project.dockerfile,
      dockerignore: entry.dockerignore,
      syntaxErrors: entry.model.syntaxErrors.map((error) => ({
        message: error.message,
        line: error.range.start.line,
      })),
      stages: entry.model.stages.map((stage) => ({
        index: stage.index,
        name: stage.name,
        baseImage: stage.resolvedBaseImage,
        instructions: stage.instructions.length,
        keywords: countKeywords(stage.instructions),
      })),
    })),
    dockerignore: project.dockerignore && {
      path: project.dockerignore.path,
      patterns: project.dockerignore.patterns.map(
        (pattern) => `${pattern.exclusion ? '!' : ''}${pattern.pattern}`,
      ),
    },
    entries: project.entries,
    config: project.config,
  };
}

function lockSummary(lock: Lockfile): Record<string, unknown> {
  const registry = lock.packages.filter((pkg) => pkg.source.kind === 'registry');
  return {
    kind: lock.kind,
    path: lock.path,
    version: lock.version,
    requiresPython: lock.requiresPython,
    packages: lock.packages.length,
    withWheels: registry.filter((pkg) => pkg.wheels.length > 0).length,
    sdistOnly: registry.filter((pkg) => pkg.wheels.length === 0 && pkg.sdist !== null).map((pkg) => pkg.name),
    local: lock.packages.filter((pkg) => pkg.source.kind !== 'registry').map((pkg) => pkg.name),
  };
}

function countKeywords(instructions: Instruction[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const instruction of instructions)
    counts[instruction.keyword] = (counts[instruction.keyword] ?? 0) + 1;
  return counts;
}
