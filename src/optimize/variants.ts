import { UserError } from '../errors.js';
import type { Project } from '../project/types.js';
import type { Variant } from './types.js';

/** Python of the distroless image (gcr.io/distroless/python3-debian12). */
export const DISTROLESS_PYTHON = '3.11';

/** Locked packages without a musllinux wheel: on Alpine they compile from source. */
export function packagesWithoutMuslWheels(project: Project): string[] {
  const lock = project.lock;
  if (!lock) return [];
  return lock.packages
    .filter((p) => p.wheels.length > 0 || p.sdist)
    .filter(
      (p) =>
        !p.wheels.some((w) => w.tags.some((t) => t.platform === 'any' || t.platform.startsWith('musllinux'))),
    )
    .map((p) => p.name)
    .sort();
}

export function checkVariant(
  variant: Variant,
  project: Project,
  pythonVersion: string,
  force: boolean,
): void {
  if (variant === 'alpine') {
    const missing = packagesWithoutMuslWheels(project);
    if (missing.length > 0 && !force) {
      throw new UserError(
        `Alpine would compile ${missing.length} locked package(s) from source (no musllinux wheel): ${missing.join(', ')}; use the slim variant, or pass --force to accept the compile.`,
      );
    }
    throw new UserError('The alpine variant is not implemented yet: use --variant slim (the default).');
  }
  if (variant === 'distroless') {
    if (pythonVersion !== DISTROLESS_PYTHON) {
      throw new UserError(
        `The distroless image ships Python ${DISTROLESS_PYTHON} but the project builds with Python ${pythonVersion}: a venv cannot move between them; use --variant slim.`,
      );
    }
    throw new UserError('The distroless variant is not implemented yet: use --variant slim (the default).');
  }
}
