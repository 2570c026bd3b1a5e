import { UserError } from '../errors.js';
import type { Project } from '../project/types.js';
import { compilesFromSourceOn } from '../project/wheels.js';
import { allowsPython, readablePythonRequirement } from './base-image.js';
import { DISTROLESS } from './distroless.js';
import type { Variant } from './types.js';

/** Locked runtime packages that would compile on Alpine (the same test as rule SS114). */
export function packagesWithoutMuslWheels(project: Project, python: string, arch = 'x86_64'): string[] {
  const lock = project.lock;
  if (!lock) return [];
  const target = { python, libc: 'musl' as const, arch };
  const devOnly = new Set(project.devOnlyPackages);
  return lock.packages
    .filter((p) => !devOnly.has(p.name) && compilesFromSourceOn(p, target))
    .map((p) => p.name)
    .sort();
}

/** Refuses variants that cannot work for this project; returns the packages Alpine must compile. */
export function checkVariant(
  variant: Variant,
  project: Project,
  pythonVersion: string,
  force: boolean,
): string[] {
  if (variant === 'alpine') {
    const missing = packagesWithoutMuslWheels(project, pythonVersion);
    if (missing.length > 0 && !force) {
      throw new UserError(
        `Alpine would compile ${missing.length} locked package(s) from source (no musllinux wheel): ${missing.join(', ')}; use the slim variant, or pass --force to accept the compile.`,
      );
    }
    return missing;
  }
  if (variant === 'distroless') {
    if (pythonVersion !== DISTROLESS.python) {
      throw new UserError(
        `The distroless image (${DISTROLESS.image}) ships Python ${DISTROLESS.python} but the project builds with Python ${pythonVersion}: a venv cannot move between them; use --variant slim, or move the project to Python ${DISTROLESS.python} first.`,
      );
    }
    if (project.requiresPython && !readablePythonRequirement(project.requiresPython)) {
      throw new UserError(
        `optimize cannot read the Python requirement "${project.requiresPython}" to check it against the distroless image's Python ${DISTROLESS.pythonPatch}: write it as PEP 440 (e.g. ">=3.13"), or use --variant slim.`,
      );
    }
    if (!allowsPython(project.requiresPython, DISTROLESS.pythonPatch)) {
      throw new UserError(
        `The distroless image ships Python ${DISTROLESS.pythonPatch}, which requires-python "${project.requiresPython}" does not allow; use --variant slim.`,
      );
    }
  }
  return [];
}
