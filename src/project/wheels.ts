import type { LockedPackage, Lockfile, Wheel, WheelTag } from './types.js';

/**
 * Splits a wheel filename (`name-1.0(-build)?-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl`)
 * into its expanded tag triples. Returns [] for a name that is not a wheel.
 */
export function wheelTags(filename: string): WheelTag[] {
  if (!filename.endsWith('.whl')) return [];
  const parts = filename.slice(0, -'.whl'.length).split('-');
  if (parts.length < 5) return [];
  const [pythons, abis, platforms] = parts.slice(-3).map((part) => part.split('.'));
  const tags: WheelTag[] = [];
  for (const python of pythons ?? [])
    for (const abi of abis ?? [])
      for (const platform of platforms ?? []) tags.push({ python, abi, platform });
  return tags;
}

export function wheelFromUrl(
  urlOrPath: string | null,
  filename: string | null,
  size: number | null,
  hash: string | null,
): Wheel {
  const name = filename ?? decodeURIComponent((urlOrPath ?? '').split(/[?#]/)[0]?.split('/').pop() ?? '');
  return { filename: name, url: urlOrPath, size, hash, tags: wheelTags(name) };
}

export type Libc = 'glibc' | 'musl';

/** The interpreter and platform an image runs: what a wheel must fit to be installed without compiling. */
export interface WheelTarget {
  /** `3.13` */
  python: string;
  libc: Libc;
  /** `x86_64` or `aarch64` (also accepts `amd64`/`arm64`). */
  arch: string;
  /** Highest glibc/musl version the image has, `2.36`; omitted means "any". */
  libcVersion?: string;
}

function normalizeArch(arch: string): string {
  if (arch === 'amd64') return 'x86_64';
  if (arch === 'arm64') return 'aarch64';
  return arch;
}

function pythonTagFits(python: string, abi: string, minor: number): boolean {
  const match = /^(py|cp)(\d)(\d*)$/.exec(python);
  if (!match) return false;
  const [, impl, major, rest] = match;
  if (major !== '3') return false;
  const tagMinor = rest ? Number(rest) : null;
  if (impl === 'py') return tagMinor === null || tagMinor <= minor;
  if (tagMinor === null) return abi === 'none' || abi === 'abi3';
  if (abi === 'abi3') return tagMinor <= minor;
  // A cpXY wheel with the cpXY ABI (or no ABI) fits only that exact version; `t` ABIs are free-threaded builds.
  return tagMinor === minor && (abi === 'none' || abi === `cp3${tagMinor}`);
}

const LEGACY_MANYLINUX: Record<string, [number, number]> = {
  manylinux1: [2, 5],
  manylinux2010: [2, 12],
  manylinux2014: [2, 17],
};

function versionAtMost(major: number, minor: number, limit: string | undefined): boolean {
  if (!limit) return true;
  const [limitMajor = 0, limitMinor = 0] = limit.split('.').map(Number);
  return major < limitMajor || (major === limitMajor && minor <= limitMinor);
}

function platformTagFits(platform: string, target: WheelTarget): boolean {
  if (platform === 'any') return true;
  const arch = normalizeArch(target.arch);
  const modern = /^(manylinux|musllinux)_(\d+)_(\d+)_(.+)$/.exec(platform);
  if (modern) {
    const [, family, major, minor, tagArch] = modern;
    const libc: Libc = family === 'musllinux' ? 'musl' : 'glibc';
    return (
      libc === target.libc &&
      tagArch === arch &&
      versionAtMost(Number(major), Number(minor), target.libcVersion)
    );
  }
  const legacy = /^(manylinux1|manylinux2010|manylinux2014)_(.+)$/.exec(platform);
  if (legacy) {
    const [major, minor] = LEGACY_MANYLINUX[legacy[1] ?? ''] ?? [0, 0];
    return target.libc === 'glibc' && legacy[2] === arch && versionAtMost(major, minor, target.libcVersion);
  }
  return false;
}

export function wheelFits(wheel: Wheel, target: WheelTarget): boolean {
  const minor = Number(target.python.split('.')[1] ?? 'NaN');
  return wheel.tags.some(
    (tag) => pythonTagFits(tag.python, tag.abi, minor) && platformTagFits(tag.platform, target),
  );
}

/** True when pip/uv can install the package on the target from a wheel, without building it. */
export function hasWheelFor(pkg: LockedPackage, target: WheelTarget): boolean {
  return pkg.wheels.some((wheel) => wheelFits(wheel, target));
}

/** True when any wheel of the package is built for that platform family (`musllinux`, `manylinux`, `any`). */
export function hasPlatformWheel(pkg: LockedPackage, family: 'musllinux' | 'manylinux' | 'any'): boolean {
  return pkg.wheels.some((wheel) => wheel.tags.some((tag) => tag.platform.startsWith(family)));
}

/**
 * Registry packages of a lock that would be compiled from source on the target (no fitting
 * wheel). Only locks that record wheels (uv, PDM, Poetry with files) can answer; packages
 * with no file list at all are skipped, since absence of data is not absence of wheels.
 */
export function packagesBuiltFromSource(lock: Lockfile, target: WheelTarget): LockedPackage[] {
  return lock.packages.filter(
    (pkg) =>
      pkg.source.kind === 'registry' &&
      // Wheels for other platforms only and no sdist: a marker keeps it off this platform.
      pkg.sdist !== null &&
      !hasWheelFor(pkg, target),
  );
}

/**
 * True when Linux gets this package as compiled code (it ships Linux binary wheels) but
 * none fits `target` — on Alpine (musl) it then compiles from source. Packages with
 * binaries for other systems only (pywin32) are kept off Linux by their markers.
 */
export function compilesFromSourceOn(pkg: LockedPackage, target: WheelTarget): boolean {
  if (pkg.source.kind !== 'registry') return false;
  const linuxBinary = pkg.wheels.some((wheel) => wheel.tags.some((tag) => /linux/.test(tag.platform)));
  return linuxBinary && !hasWheelFor(pkg, target);
}
