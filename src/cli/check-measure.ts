import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageFigures } from '../budgets/types.js';
import { UserError } from '../errors.js';
import type { ImageReport } from '../image/types.js';

export type CheckTarget = { image: string } | { tarball: string };

function figuresOf(report: ImageReport, sizeBytes: number): ImageFigures {
  return {
    sizeBytes,
    wastedBytes: report.waste.wastedBytes,
    efficiency: report.waste.efficiency,
    userWastedPercent: report.waste.userWastedPercent,
  };
}

async function readTarball(file: string): Promise<ImageReport> {
  const { inspectImage } = await import('../image/inspect-image.js');
  return inspectImage({ tarball: file }, { top: 1 });
}

/**
 * `docker save` writes its manifest last and a pipe cannot be read twice, so the export is
 * spooled to a private temporary file (removed afterwards) and read like a --tarball.
 */
async function readLocalImage(tag: string): Promise<ImageReport> {
  const [{ saveImage }, { mkdtemp, rm }, { tmpdir }, { createWriteStream }, { pipeline }] = await Promise.all(
    [
      import('../engine/index.js'),
      import('node:fs/promises'),
      import('node:os'),
      import('node:fs'),
      import('node:stream/promises'),
    ],
  );
  const dir = await mkdtemp(join(tmpdir(), 'shipshape-check-'));
  try {
    const file = join(dir, 'image.tar');
    await pipeline(saveImage(tag), createWriteStream(file));
    return await readTarball(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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
    return figuresOf(report, report.layerBytes);
  }
  const { imageInspect } = await import('../engine/index.js');
  const details = await imageInspect(target.image);
  if (!needWaste) return { sizeBytes: details.sizeBytes };
  return figuresOf(await readLocalImage(target.image), details.sizeBytes);
}
