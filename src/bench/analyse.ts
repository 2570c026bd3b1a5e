import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { saveImage } from '../engine/index.js';
import type { ImageReport, PythonWasteKind } from '../image/types.js';
import type { FloorFigures, SecurityFigures, WasteClassBytes } from './types.js';

const CLASS_OF: Partial<Record<PythonWasteKind, keyof WasteClassBytes>> = {
  'pip-cache': 'caches',
  'uv-cache': 'caches',
  'apt-lists-cache': 'caches',
  'dev-dependencies': 'devDependencies',
  'build-toolchain': 'buildTools',
  'site-packages-tests': 'tests',
};

const COMPILER = /^(?:gcc|g\+\+|cpp|c\+\+|clang|gfortran|cc)(?:-[\d.]+)?\b/;

/**
 * Exports the image (`docker save`, spooled to a private file because the manifest comes
 * last) and reads it with `src/image/`: efficiency, waste by class, and the security surface.
 */
export async function analyseImage(
  tag: string,
  scratch: string,
  devOnly: Set<string>,
): Promise<{ floor: FloorFigures; security: SecurityFigures }> {
  const { inspectImage } = await import('../image/inspect-image.js');
  const dir = mkdtempSync(join(scratch, 'save-'));
  try {
    const file = join(dir, 'image.tar');
    await pipeline(saveImage(tag), createWriteStream(file));
    const report = await inspectImage({ tarball: file }, { top: 200, devOnly });
    return { floor: floorFrom(report), security: securityFrom(report) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function floorFrom(report: ImageReport): FloorFigures {
  const waste: WasteClassBytes = { caches: 0, devDependencies: 0, buildTools: 0, tests: 0, other: 0 };
  for (const item of report.pythonWaste) waste[CLASS_OF[item.kind] ?? 'other'] += item.bytes;
  return {
    efficiency: report.waste.efficiency,
    finalBytes: report.waste.finalBytes,
    addedBytes: report.waste.addedBytes,
    waste,
    items: report.pythonWaste
      .filter((item) => item.bytes > 0)
      .map((item) => ({ kind: item.kind, title: item.title, bytes: item.bytes })),
  };
}

export function securityFrom(report: ImageReport): SecurityFigures {
  const toolchain = report.pythonWaste.find((item) => item.kind === 'build-toolchain');
  const compilers = (toolchain?.paths ?? [])
    // The image report labels dpkg entries `package <name>`.
    .map((entry) => entry.path.replace(/^(package |dpkg:)/, '').split(/\s/)[0] ?? '')
    .filter((name) => COMPILER.test(name));
  return {
    dpkgPackages: report.security.dpkgPackages,
    compilers: [...new Set(compilers)].sort(),
    shells: report.security.shells,
    runsAsRoot: report.security.runsAsRoot,
    user: report.security.user || 'root',
  };
}
