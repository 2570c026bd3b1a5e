import type { Project } from '../project/types.js';
import type { OriginalFacts } from './analyze.js';
import { allowsPython, minimumPython, type PythonBase, parsePythonBase, slimImageFor } from './base-image.js';
import { DISTROLESS } from './distroless.js';
import type { PlanOptions } from './plan.js';
import type { Change, Variant } from './types.js';
import { checkVariant } from './variants.js';

/** `python:${V}-bookworm` → `python:${V}-slim-bookworm`; null when the reference has no variable or is not the python image. */
function slimWithVariables(reference: string | null): string | null {
  if (!reference?.includes('$')) return null;
  const match =
    /^((?:docker\.io\/)?(?:library\/)?python):(\$\{[^}]+\}|\$[A-Za-z_]\w*|\d+(?:\.\d+)*)(.*)$/.exec(
      reference,
    );
  if (!match) return null;
  const [, image, version, rest = ''] = match;
  if (/slim/.test(rest)) return reference;
  if (/alpine|windows/.test(rest)) return null;
  return `${image}:${version}-slim${rest}`;
}

/**
 * The original's full python image (`python:3.12`, `python:3.12-bookworm`) of the same Python and
 * release stays the builder: it has the compilers and headers a source build may need, and the
 * venv moves to the slim image of the same interpreter.
 */
function fullPythonBuilder(
  image: string | null,
  base: { version: string | null; release: PythonBase['release'] },
): string | null {
  const parsed = image ? parsePythonBase(image) : null;
  if (
    !parsed ||
    !image ||
    /slim|alpine|windows/.test(image) ||
    parsed.version !== base.version ||
    parsed.release !== base.release
  )
    return null;
  return image;
}

export interface ImageChoice {
  base: { image: string; version: string | null; release: PythonBase['release'] };
  builderImage: string;
  /** The Python wheel checks are made for (an unversioned tag is checked against the lowest allowed one). */
  checkedPython: string;
  /** Packages the alpine variant compiles (accepted with --force). */
  compiledOnAlpine: string[];
  changes: Change[];
}

/** The images of both stages: the slim (or variant) image of the Python the original builds with. */
export function chooseImages(
  project: Project,
  facts: OriginalFacts,
  variant: Variant,
  options: PlanOptions,
): ImageChoice {
  const changes: Change[] = [];
  const distroless = variant === 'distroless';
  const originalBase = facts.baseImage ? parsePythonBase(facts.baseImage) : null;
  // Without a python base to follow, distroless takes its own Python when the project allows it.
  const fallbackPython =
    distroless && !originalBase && allowsPython(project.requiresPython, DISTROLESS.pythonPatch)
      ? DISTROLESS.python
      : minimumPython(project.requiresPython);
  const slim = slimImageFor(originalBase, fallbackPython);
  const base =
    variant === 'alpine'
      ? { ...slim, image: slim.version ? `python:${slim.version}-alpine` : 'python:alpine' }
      : distroless
        ? { ...slim, image: DISTROLESS.image, release: DISTROLESS.release, version: DISTROLESS.python }
        : slim;
  // `FROM python:${PYTHON_VERSION}`: the rewrite keeps the build argument, on the slim tag.
  const written = variant === 'slim' ? slimWithVariables(facts.baseImageWritten) : null;
  if (written) base.image = written;
  // Wheel checks need a version: an unversioned tag is checked against the lowest allowed one.
  const checkedPython = base.version ?? fallbackPython ?? '3.13';
  const builderImage = distroless
    ? DISTROLESS.builderImage
    : (fullPythonBuilder(facts.buildImage, base) ?? base.image);
  // Distroless is checked against the Python the project builds with today, not the image's own.
  const compiledOnAlpine = checkVariant(
    variant,
    project,
    distroless ? (slim.version ?? checkedPython) : checkedPython,
    options.force ?? false,
  );
  if (distroless) {
    changes.push({
      rules: ['SS105'],
      description: `Distroless variant: ${builderImage} with Debian's python${DISTROLESS.python} builds the venv; ${base.image} ships it.`,
      effect: `the same ${DISTROLESS.interpreter} in both stages, so the venv moves safely; no shell, no package manager and no setuid tools in the image`,
    });
  } else if (facts.baseImage && (facts.baseImageWritten ?? facts.baseImage) !== base.image) {
    changes.push({
      rules: ['SS105'],
      description: !originalBase
        ? `Base image ${facts.baseImageWritten ?? facts.baseImage} → ${base.image} for both stages: the original is not a python image, so its Python came from elsewhere (apt or a build); this one is Python ${base.version ?? 'of the newest python image'}${project.requiresPython ? `, the lowest requires-python "${project.requiresPython}" allows` : ''} — check that the app runs on it.`
        : base.version
          ? `Base image ${facts.baseImageWritten ?? facts.baseImage} → ${base.image} for both stages.`
          : `Base image ${facts.baseImage} → ${base.image} for both stages; the original names no Python version, so none is chosen here either (pin one, e.g. python:3.13-slim, for reproducible builds).`,
      effect: !originalBase
        ? 'a Python image whose interpreter path is the same in both stages, so the venv moves safely'
        : base.version
          ? 'same Python version and Debian release; builder and runtime share the interpreter path, so the venv moves safely'
          : 'the same Python as the original gets today; builder and runtime share the interpreter path',
    });
  }

  return { base, builderImage, checkedPython, compiledOnAlpine, changes };
}
