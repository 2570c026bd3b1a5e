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

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * Whether a `requires-python` such as `>=3.11,<3.14` admits a Python release like `3.13.5`.
 * Handles the operators projects use (`>= > <= < == != ~=`, `==3.13.*`); no specifier admits all.
 */
export function allowsPython(requiresPython: string | null, version: string): boolean {
  if (!requiresPython) return true;
  const have = version.split('.').map(Number);
  return requiresPython
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .every((part) => {
      const match = /^(~=|==|!=|<=|>=|<|>)\s*(\d+(?:\.\d+)*)(\.\*)?$/.exec(part);
      if (!match) return true;
      const [, op, raw, wildcard] = match;
      const want = raw!.split('.').map(Number);
      if (wildcard) {
        const same = want.every((n, i) => have[i] === n);
        return op === '!=' ? !same : same;
      }
      const cmp = compareVersions(have, want);
      switch (op) {
        case '>=':
          return cmp >= 0;
        case '>':
          return cmp > 0;
        case '<=':
          return cmp <= 0;
        case '<':
          return cmp < 0;
        case '==':
          return cmp === 0;
        case '!=':
          return cmp !== 0;
        default: {
          // ~=X.Y.Z: >= X.Y.Z and == X.Y.*
          const prefix = want.slice(0, -1);
          return cmp >= 0 && prefix.every((n, i) => have[i] === n);
        }
      }
    });
}
