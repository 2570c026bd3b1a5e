import { readOnce } from '../dockerfile/read-once.js';
import type { DockerIgnoreFile, DockerIgnorePattern } from './types.js';

/**
 * .dockerignore with Docker's own semantics (moby's patternmatcher), which differ from
 * gitignore's: every pattern is anchored at the context root (`*.pyc` matches only top-level
 * files), `*` and `?` never cross `/`, `**` spans any number of folders, a pattern that matches
 * a folder excludes everything below it, and the last matching line wins (`!` re-includes).
 */

/** Like Go's path.Clean: drop `.` and empty segments, resolve `..`, keep a leading `/`. */
export function cleanPath(value: string): string {
  if (value === '') return '.';
  const rooted = value.startsWith('/');
  const out: string[] = [];
  for (const segment of value.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(segment);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Reads the file the way the Docker CLI and BuildKit do (comments only at column 1, lines trimmed). */
export function parseDockerIgnore(text: string, path: string): DockerIgnoreFile {
  const patterns: DockerIgnorePattern[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.startsWith('#')) return;
    let pattern = line.trim();
    if (pattern === '') return;
    const exclusion = pattern.startsWith('!');
    if (exclusion) pattern = pattern.slice(1).trim();
    if (pattern === '') return; // Docker refuses a bare `!`; ignoring it keeps the rest usable.
    pattern = cleanPath(pattern);
    if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    patterns.push({ pattern, exclusion, line: index + 1, text: line });
  });
  return { path, text, patterns };
}

const compiled = new Map<string, RegExp>();

/** Translates one pattern into an anchored regular expression, as patternmatcher does. */
export function patternRegExp(pattern: string): RegExp {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  let source = '^';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index] as string;
    if (char === '*') {
      if (pattern[index + 1] === '*') {
        index++;
        if (pattern[index + 1] === '/') index++;
        source += index + 1 >= pattern.length ? '.*' : '(.*/)?';
      } else {
        source += '[^/]*';
      }
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '\\') {
      const next = pattern[index + 1];
      if (next !== undefined) {
        source += escapeRegExp(next);
        index++;
      } else {
        source += '\\\\';
      }
    } else if (char === '[') {
      const close = pattern.indexOf(']', index + 2);
      if (close < 0) {
        source += '\\[';
        continue;
      }
      let body = pattern.slice(index + 1, close);
      // Go negates a class with `^`; `!` is an ordinary member there.
      const negated = body.startsWith('^');
      if (negated) body = body.slice(1);
      source += `[${negated ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      index = close;
    } else {
      source += escapeRegExp(char);
    }
  }
  const regExp = new RegExp(`${source}$`, 's');
  compiled.set(pattern, regExp);
  return regExp;
}

function escapeRegExp(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}

function matchesOrParent(pattern: string, path: string): boolean {
  const regExp = patternRegExp(pattern);
  if (regExp.test(path)) return true;
  const parts = path.split('/');
  for (let count = 1; count < parts.length; count++) {
    if (regExp.test(parts.slice(0, count).join('/'))) return true;
  }
  return false;
}

function normalizeQuery(path: string): string {
  const cleaned = cleanPath(path.replace(/\\/g, '/'));
  return cleaned.startsWith('/') ? cleaned.slice(1) : cleaned;
}

/**
 * The patterns of a file by the literal first segment they start with (`dist/**` → `dist`);
 * those starting with a wildcard or escape can match any first segment. A pattern is anchored
 * at the root, so only these two groups can match a path: a .dockerignore of 40,000 lines
 * then costs a lookup per question instead of 40,000 regular expressions.
 */
interface PatternIndex {
  byFirstSegment: Map<string, number[]>;
  anyFirstSegment: number[];
}

const patternIndex = readOnce((ignore: DockerIgnoreFile): PatternIndex => {
  const index: PatternIndex = { byFirstSegment: new Map(), anyFirstSegment: [] };
  ignore.patterns.forEach(({ pattern }, at) => {
    const first = pattern.split('/')[0] ?? '';
    if (/[*?[\\]/.test(first)) index.anyFirstSegment.push(at);
    else {
      const list = index.byFirstSegment.get(first);
      if (list) list.push(at);
      else index.byFirstSegment.set(first, [at]);
    }
  });
  return index;
});

/** Indexes of the patterns that may match `query`, in file order (the last match wins). */
function candidates(ignore: DockerIgnoreFile, query: string): number[] {
  const index = patternIndex(ignore);
  const literal = index.byFirstSegment.get(query.split('/')[0] ?? '') ?? [];
  if (index.anyFirstSegment.length === 0) return literal;
  if (literal.length === 0) return index.anyFirstSegment;
  return [...literal, ...index.anyFirstSegment].sort((a, b) => a - b);
}

/** Whether a path (relative to the context root) is left out of the build context. */
export function isIgnored(ignore: DockerIgnoreFile | null, path: string): boolean {
  if (!ignore) return false;
  const query = normalizeQuery(path);
  if (query === '.' || query === '') return false;
  let ignored = false;
  for (const at of candidates(ignore, query)) {
    const { pattern, exclusion } = ignore.patterns[at]!;
    if (matchesOrParent(pattern, query)) ignored = !exclusion;
  }
  return ignored;
}

/**
 * Does `COPY . <dest>` bring this file or folder (or anything inside it) into the image?
 * A folder counts as let through when it is not ignored, or when a later `!` pattern
 * re-includes something below it (`.git` then `!.git/HEAD`).
 */
export function copyAllLetsThrough(ignore: DockerIgnoreFile | null, path: string): boolean {
  if (!isIgnored(ignore, path)) return true;
  const query = normalizeQuery(path);
  const patterns = ignore?.patterns ?? [];
  return patterns.some((entry, index) => {
    if (!entry.exclusion) return false;
    if (!reachesBelow(entry.pattern, query)) return false;
    // It still has to survive the exclusions written after it.
    return !patterns
      .slice(index + 1)
      .some((later) => !later.exclusion && matchesOrParent(later.pattern, query));
  });
}

/** Could this pattern match some path below `dir`? Compares the literal segments it starts with. */
function reachesBelow(pattern: string, dir: string): boolean {
  const patternParts = pattern.split('/');
  const dirParts = dir.split('/');
  if (patternParts.length <= dirParts.length && !pattern.includes('**')) return false;
  for (let index = 0; index < dirParts.length; index++) {
    const part = patternParts[index];
    if (part === undefined) return false;
    if (part.includes('**')) return true;
    if (!patternRegExp(part).test(dirParts[index] as string)) return false;
  }
  return true;
}
