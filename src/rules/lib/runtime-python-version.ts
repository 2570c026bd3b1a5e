import type { Dockerfile, Stage } from '../../dockerfile/model.js';
import { imageName, parseImageReference } from './security-image-reference.js';

/** A Python release line: 3.11 is `{ major: 3, minor: 11 }`. */
export interface PythonVersion {
  major: number;
  minor: number;
}

export function formatVersion(version: PythonVersion): string {
  return `${version.major}.${version.minor}`;
}

export function sameVersion(a: PythonVersion, b: PythonVersion): boolean {
  return a.major === b.major && a.minor === b.minor;
}

/**
 * The Python an image ships, read from its tag: `python:3.11-slim` → 3.11,
 * `ghcr.io/astral-sh/uv:python3.12-bookworm-slim` → 3.12. Null when the tag does not say
 * (`python:3-slim`, `python:latest`, an image that is not a Python image).
 */
export function imagePythonVersion(reference: string): PythonVersion | null {
  if (reference.includes('$')) return null;
  const parsed = parseImageReference(reference);
  const tag = parsed.tag ?? '';
  const embedded = /(?:^|-)python(\d+)\.(\d+)(?:$|[-.])/.exec(tag);
  if (embedded) return { major: Number(embedded[1]), minor: Number(embedded[2]) };
  const name = imageName(parsed);
  if (name !== 'python' && name !== 'pypy') return null;
  const leading = /^(\d+)\.(\d+)/.exec(tag);
  return leading ? { major: Number(leading[1]), minor: Number(leading[2]) } : null;
}

/** The Python of a stage: its base image's, following `FROM <stage>` back to an image. */
export function stagePythonVersion(dockerfile: Dockerfile, stage: Stage): PythonVersion | null {
  const seen = new Set<number>();
  let current: Stage | undefined = stage;
  while (current && !seen.has(current.index)) {
    seen.add(current.index);
    if (current.baseStageIndex === null) return imagePythonVersion(current.resolvedBaseImage);
    current = dockerfile.stages[current.baseStageIndex];
  }
  return null;
}

interface Release {
  parts: number[];
  wildcard: boolean;
}

function release(text: string): Release | null {
  const match = /^v?(\d+(?:\.\d+)*)(\.\*)?/.exec(text.trim());
  if (!match) return null;
  return { parts: match[1]!.split('.').map(Number), wildcard: match[2] !== undefined };
}

function compareMinor(version: PythonVersion, bound: Release): number {
  const major = bound.parts[0] ?? 0;
  const minor = bound.parts[1] ?? 0;
  if (version.major !== major) return version.major - major;
  return version.minor - minor;
}

/**
 * Whether some patch release of `version` (3.11.x) meets one clause. The tag names only the
 * release line, so `>=3.11.4` counts as met by 3.11 (a current 3.11 image is past .4).
 */
function clauseAllows(version: PythonVersion, operator: string, bound: Release): boolean {
  const cmp = compareMinor(version, bound);
  const patch = bound.parts[2] ?? 0;
  const onlyMajor = bound.parts.length === 1;
  switch (operator) {
    case '>=':
    case '>':
      return onlyMajor ? version.major >= (bound.parts[0] ?? 0) : cmp >= 0;
    case '<=':
      return onlyMajor ? version.major <= (bound.parts[0] ?? 0) : cmp <= 0;
    case '<':
      if (onlyMajor) return version.major < (bound.parts[0] ?? 0);
      return cmp < 0 || (cmp === 0 && patch > 0);
    case '==':
    case '===':
      if (onlyMajor) return bound.wildcard ? version.major === bound.parts[0] : cmp === 0;
      return cmp === 0;
    case '!=':
      // Only `!=3.11.*` (or `!=3.11`) rules out a whole release line.
      return !(cmp === 0 && (bound.wildcard || bound.parts.length === 2));
    case '~=': {
      if (bound.parts.length <= 2) return version.major === bound.parts[0] && cmp >= 0;
      return cmp === 0;
    }
    case '^': {
      const major = bound.parts[0] ?? 0;
      if (major > 0) return version.major === major && cmp >= 0;
      return cmp === 0;
    }
    case '~':
      return onlyMajor ? version.major === bound.parts[0] : cmp === 0;
    default:
      return true;
  }
}

/**
 * Does this Python release line satisfy `requires-python` (PEP 440, Poetry `^`/`~`/`||`,
 * Pipfile's bare `3.11`)? Null when the specifier cannot be read.
 */
export function satisfiesRequiresPython(version: PythonVersion, specifier: string): boolean | null {
  const alternatives = specifier.split('||');
  let understood = false;
  for (const alternative of alternatives) {
    const clauses = alternative
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c !== '' && c !== '*');
    let allowed = true;
    let readable = true;
    for (const clause of clauses) {
      const match = /^(===|==|!=|~=|<=|>=|<|>|\^|~)?\s*(.+)$/.exec(clause);
      const bound = match ? release(match[2]!) : null;
      if (!match || !bound) {
        readable = false;
        break;
      }
      // A bare version (`3.11` in Pipfile or .python-version) means that release line.
      const operator = match[1] ?? '==';
      if (!match[1]) bound.wildcard = true;
      if (!clauseAllows(version, operator, bound)) allowed = false;
    }
    if (!readable) continue;
    understood = true;
    if (allowed) return true;
  }
  return understood ? false : null;
}
