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
  // Distroless Python images carry their Debian release's python3.
  const distroless = /^gcr\.io\/distroless\/python3-debian(12|13)(?::|$)/.exec(withoutDigest);
  if (distroless) {
    const bookworm = distroless[1] === '12';
    return {
      image: reference,
      version: bookworm ? '3.11' : '3.13',
      release: bookworm ? 'bookworm' : 'trixie',
      alpine: false,
    };
  }
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
): { image: string; version: string | null; release: DebianRelease } {
  if (base && !base.version && !base.alpine) {
    // `python:slim` / `python:latest`: the original follows the newest Python, and so does the rewrite.
    const release = base.release ?? 'trixie';
    const pinned = /bookworm|trixie/.test(base.image);
    return { image: pinned ? `python:slim-${release}` : 'python:slim', version: null, release };
  }
  const version = base?.version ?? fallbackVersion ?? '3.13';
  const release = base?.release ?? defaultRelease(version);
  const image =
    release === defaultRelease(version) ? `python:${version}-slim` : `python:${version}-slim-${release}`;
  return { image, version, release };
}

/** Lowest `X.Y` a `requires-python` such as `>=3.11,<4` allows, for projects whose base is not python. */
export function minimumPython(requiresPython: string | null): string | null {
  if (!requiresPython) return null;
  const lower = readRequirement(requiresPython)?.find((c) => ['>=', '>', '==', '~='].includes(c.op));
  return lower && lower.version.length >= 2 ? `${lower.version[0]}.${lower.version[1]}` : null;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

type Clause = { op: string; version: number[]; wildcard: boolean };

const numbers = (text: string) => text.split('.').map(Number);

/**
 * One clause of a Python requirement as PEP 440 comparisons; also Pipenv's bare `3.11`
 * (meaning 3.11.*) and Poetry's `^3.11` / `~3.11`. Null when it cannot be read.
 */
function readClause(part: string): Clause[] | null {
  if (part === '*') return [];
  const match =
    /^(~=|==|!=|<=|>=|<|>|\^|~)?\s*v?(\d+(?:\.\d+)*)(\.\*)?((?:a|b|c|rc|\.?dev|\.?post)\d*)?$/.exec(part);
  if (!match) return null;
  const [, op, raw, wildcard] = match;
  const version = numbers(raw!);
  if (!op) {
    // Pipenv's python_version "3.11" and .python-version style: that release series.
    return version.length <= 2
      ? [{ op: '==', version, wildcard: true }]
      : [{ op: '==', version, wildcard: false }];
  }
  if (op === '^') {
    const upper = [version[0]! + 1];
    return [
      { op: '>=', version, wildcard: false },
      { op: '<', version: upper, wildcard: false },
    ];
  }
  if (op === '~') {
    const upper = version.length >= 2 ? [version[0]!, version[1]! + 1] : [version[0]! + 1];
    return [
      { op: '>=', version, wildcard: false },
      { op: '<', version: upper, wildcard: false },
    ];
  }
  return [{ op, version, wildcard: Boolean(wildcard) }];
}

function satisfies(have: number[], { op, version: want, wildcard }: Clause): boolean {
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
}

/** The clauses of a requirement such as `>=3.11,<3.14` or `>=3.10 <3.13`; null when one cannot be read. */
function readRequirement(requiresPython: string): Clause[] | null {
  const parts = requiresPython
    .trim()
    .replace(/(?<=[\d*])\s+(?=[<>=!~^])/g, ',')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const clauses: Clause[] = [];
  for (const part of parts) {
    const read = readClause(part);
    if (!read) return null;
    clauses.push(...read);
  }
  return clauses;
}

/** Whether optimize can read a Python requirement at all. */
export function readablePythonRequirement(requiresPython: string): boolean {
  return readRequirement(requiresPython) !== null;
}

/**
 * Whether a Python requirement admits a release like `3.13.5`. A requirement that cannot be
 * read admits nothing: optimize then refuses rather than guess.
 */
export function allowsPython(requiresPython: string | null, version: string): boolean {
  if (!requiresPython) return true;
  const clauses = readRequirement(requiresPython);
  if (!clauses) return false;
  return clauses.every((clause) => satisfies(numbers(version), clause));
}
