import type { DebianRelease } from './system-packages.js';

export interface PythonBase {
  image: string;
  version: string | null;
  release: DebianRelease | null;
  alpine: boolean;
}

/** The Debian release each official python:<v>-slim tag points at today. */
function defaultRelease(version: string | null): DebianRelease {
  if (!version) return 'trixie';
  const [major, minor] = version.split('.').map(Number);
  return major === 3 && (minor ?? 0) >= 13 ? 'trixie' : 'bookworm';
}

/**
 * Reads a base reference such as `python:3.12-slim-bookworm`, `python:3.11`, or
 * `docker.io/library/python:3.13-alpine@sha256:…`; null when it is not the python image.
 */
export function parsePythonBase(reference: string): PythonBase | null {
  const withoutDigest = reference.split('@')[0]!;
  const match = /^(?:(?:docker\.io\/)?library\/)?python(?::([^\s]+))?$/.exec(
    withoutDigest.replace(/^docker\.io\//, ''),
  );
  if (!match) return null;
  const tag = match[1] ?? 'latest';
  const version = /^(\d+\.\d+)/.exec(tag)?.[1] ?? null;
  const alpine = tag.includes('alpine');
  const release: DebianRelease | null = tag.includes('bookworm')
    ? 'bookworm'
    : tag.includes('trixie')
      ? 'trixie'
      : alpine
        ? null
        : defaultRelease(version);
  return { image: reference, version, release, alpine };
}

/** The slim image of the same Python version and Debian release as the original base. */
export function slimImageFor(
  base: PythonBase | null,
  fallbackVersion: string | null,
): { image: string; version: string; release: DebianRelease } {
  const version = base?.version ?? fallbackVersion ?? '3.13';
  const release = base?.release ?? defaultRelease(version);
  const image =
    release === defaultRelease(version) ? `python:${version}-slim` : `python:${version}-slim-${release}`;
  return { image, version, release };
}

/** Lowest `X.Y` a `requires-python` such as `>=3.11,<4` allows, for projects whose base is not python. */
export function minimumPython(requiresPython: string | null): string | null {
  if (!requiresPython) return null;
  const match = /(?:>=|~=|==)\s*(\d+\.\d+)/.exec(requiresPython);
  return match ? match[1]! : null;
}
