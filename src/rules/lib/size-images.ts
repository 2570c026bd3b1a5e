import type { Dockerfile, Stage } from '../../dockerfile/model.js';
import { imageName, parseImageReference } from './security-image-reference.js';

/** The stage that names the external image a stage is ultimately built FROM (itself when FROM is an image). */
export function rootStage(dockerfile: Dockerfile, stage: Stage): Stage {
  const seen = new Set<number>();
  let current = stage;
  while (current.baseStageIndex !== null && !seen.has(current.index)) {
    seen.add(current.index);
    const parent = dockerfile.stages[current.baseStageIndex];
    if (!parent) break;
    current = parent;
  }
  return current;
}

export interface BaseImage {
  /** Last repository segment: `python`, `alpine`. */
  name: string;
  tag: string | null;
  reference: string;
}

/** The external image under a stage, null when it is `scratch` or still holds variables. */
export function baseImageOf(dockerfile: Dockerfile, stage: Stage): BaseImage | null {
  const root = rootStage(dockerfile, stage);
  if (root.baseStageIndex !== null) return null;
  const reference = root.resolvedBaseImage;
  if (reference.includes('$') || reference === 'scratch') return null;
  const parsed = parseImageReference(reference);
  return { name: imageName(parsed).toLowerCase(), tag: parsed.tag, reference };
}

export function isAlpineImage(image: BaseImage): boolean {
  return image.name === 'alpine' || /(^|-)alpine/.test(image.tag ?? '');
}
