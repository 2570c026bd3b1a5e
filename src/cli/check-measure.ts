import { existsSync, statSync } from 'node:fs';
import { imageFigures } from '../budgets/figures.js';
import type { ImageFigures } from '../budgets/types.js';
import { UserError } from '../errors.js';
import type { ImageReport } from '../image/types.js';

export type CheckTarget = { image: string } | { tarball: string };

async function readTarball(file: string): Promise<ImageReport> {
  const { inspectImage } = await import('../image/inspect-image.js');
  return inspectImage({ tarball: file }, { top: 1 });
}

/** A local image is exported through the engine and read like a --tarball. */
async function readLocalImage(tag: string): Promise<ImageReport> {
  const { withSavedImage } = await import('../engine/index.js');
  return withSavedImage(tag, readTarball);
}

/**
 * The figures the budgets need. A local image's size is what `docker images` shows; the
 * export is read layer by layer only when a waste budget asks for it, since that is slow
 * for large images. A tarball's size is the sum of its uncompressed layer tars.
 */
export async function measure(target: CheckTarget, needWaste: boolean): Promise<ImageFigures> {
  if ('tarball' in target) {
    if (!existsSync(target.tarball) || !statSync(target.tarball).isFile()) {
      throw new UserError(
        `The tarball ${target.tarball} does not exist; create it with \`docker save -o FILE IMAGE\`.`,
      );
    }
    const report = await readTarball(target.tarball);
    return imageFigures(report, report.layerBytes);
  }
  const { imageInspect } = await import('../engine/index.js');
  const details = await imageInspect(target.image);
  if (!needWaste) return { sizeBytes: details.sizeBytes };
  return imageFigures(await readLocalImage(target.image), details.sizeBytes);
}
