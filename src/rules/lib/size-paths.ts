import type { Dockerfile, Instruction, Word } from '../../dockerfile/model.js';
import { flag, lastSegment } from '../../dockerfile/queries.js';
import { readOnce } from '../../dockerfile/read-once.js';

/**
 * Paths inside the image: where WORKDIR points, where COPY/ADD put things, and whether one
 * path lies under another. Anything built from a variable is treated as unknown (null).
 */

/** A doubled slash, a `.`/`..` segment or a trailing slash: what normalising changes. */
const NOT_NORMAL = /\/\/|\/\.\.?(\/|$)|.\/$/;

/** Normalises an absolute path: no `.`/`..`/duplicate or trailing slashes. */
export function normalizePath(path: string): string {
  // Most paths are written normalised already: no split and join for them.
  if (isNormal(path)) return path;
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}

/**
 * Absolute and matching no part of NOT_NORMAL. Asked of every path rules compare: substring
 * tests answer the usual path, the pattern only one that holds a `/.`.
 */
function isNormal(path: string): boolean {
  if (!path.startsWith('/')) return false;
  if (path.includes('/.') || path.includes('//')) return !NOT_NORMAL.test(path);
  if (path.length < 2 || !path.endsWith('/')) return true;
  // A trailing slash after any character but a line break (`.` in the pattern).
  return /[\n\r\u2028\u2029]/.test(path[path.length - 2]!);
}

/** Resolves `path` against the directory `cwd`; null when either is unknown or uses variables. */
export function resolvePath(cwd: string | null, path: string): string | null {
  if (path.includes('$') || path === '') return null;
  if (path.startsWith('/')) return normalizePath(path);
  if (cwd === null) return null;
  // `COPY . .`, `WORKDIR ./`: the folder itself, without the `/.` that makes a path look unnormal.
  if (path === '.' || path === './') return normalizePath(cwd);
  return normalizePath(`${cwd}/${path}`);
}

/**
 * The working directory in effect at each instruction of every stage, in one pass: a stage
 * starts in its parent's final working directory (stages in file order, so the parent is done
 * first), or in `/`. Walking each stage's lineage separately is quadratic on a long FROM chain;
 * several rules ask (each stage's lineage is a prefix of this walk), so it is one walk per model.
 */
export const workdirsOfAllStages: (dockerfile: Dockerfile) => ReadonlyMap<Instruction, string | null> =
  readOnce(readWorkdirsOfAllStages);

function readWorkdirsOfAllStages(dockerfile: Dockerfile): Map<Instruction, string | null> {
  const result = new Map<Instruction, string | null>();
  const atEnd: Array<string | null> = [];
  for (const stage of dockerfile.stages) {
    const parent = stage.baseStageIndex;
    let cwd: string | null = parent !== null && parent < stage.index ? (atEnd[parent] ?? '/') : '/';
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'WORKDIR') cwd = resolvePath(cwd, instruction.expandedArgs[0]?.value ?? '');
      result.set(instruction, cwd);
    }
    atEnd[stage.index] = cwd;
  }
  return result;
}

/** Does `inner` equal `outer` or lie below it? */
export function isUnder(inner: string, outer: string): boolean {
  if (outer === '/') return true;
  return inner === outer || inner.startsWith(`${outer}/`);
}

/** Shell glob (`*`, `?`, `[..]`) → anchored RegExp over a whole path; `*` does not cross `/`. */
export function globRegExp(pattern: string): RegExp {
  let source = '^';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const close = pattern.indexOf(']', index + 1);
      if (close < 0) source += '\\[';
      else {
        source += `[${pattern
          .slice(index + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        index = close;
      }
    } else source += char.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`${source}$`);
}

export function hasGlob(path: string): boolean {
  return /[*?[]/.test(path);
}

/** Does a (possibly globbed) removal target take away `path` or something containing it? */
export function removalCovers(target: string, path: string): boolean {
  return removalCoverage(target)(path);
}

/**
 * `removalCovers` for one target asked of many paths: a glob is compiled once, not once per
 * path.
 */
export function removalCoverage(target: string): (path: string) => boolean {
  if (!hasGlob(target)) return (path) => isUnder(path, target);
  const regExp = compiledGlob(target);
  // The path's leading parts, two or more (`/a`, `/a/b`, … for `/a/b/c`): the text before
  // each `/` after the first, then the whole path — what joining `split('/')` prefixes gave.
  return (path) => {
    const first = path.indexOf('/');
    if (first < 0) return false;
    for (let slash = path.indexOf('/', first + 1); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      if (regExp.test(path.slice(0, slash))) return true;
    }
    return regExp.test(path);
  };
}

/**
 * Removal globs by pattern: the same few (`/var/lib/apt/lists/*`, `/tmp/*`) come back in RUN
 * after RUN and file after file. Bounded, for a long-lived language server.
 */
const globs = new Map<string, RegExp>();

function compiledGlob(pattern: string): RegExp {
  let regExp = globs.get(pattern);
  if (!regExp) {
    if (globs.size >= 256) globs.clear();
    regExp = globRegExp(pattern);
    globs.set(pattern, regExp);
  }
  return regExp;
}

export interface CopyTransfer {
  instruction: Instruction;
  /** Source words (after flags, before the destination), ARG/ENV values substituted as Docker does. */
  sources: Word[];
  destination: Word;
  /** `--from` value, null for the build context. */
  from: string | null;
}

/** COPY/ADD split into sources and destination (JSON and shell form alike); null for heredoc-only or malformed ones. */
export function copyTransfer(instruction: Instruction): Readonly<CopyTransfer> | null {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return null;
  return transfers(instruction);
}

/** Several size and cache rules read each COPY: split once per parsed instruction, shared read-only. */
const transfers = readOnce(readCopyTransfer);

function readCopyTransfer(instruction: Instruction): CopyTransfer | null {
  if (instruction.heredocs.length > 0) return null;
  const args = instruction.expandedArgs;
  if (args.length < 2) return null;
  const destination = args[args.length - 1]!;
  return {
    instruction,
    sources: args.slice(0, -1),
    destination,
    from: flag(instruction, 'from')?.value ?? null,
  };
}

/**
 * Where a COPY put one source, as an absolute path: `COPY a.whl /tmp/` → `/tmp/a.whl`;
 * `COPY src/ /app/src` → `/app/src`. Docker copies a folder's contents (not the folder), so a
 * folder source maps to the destination itself. Null when it cannot be told (variables, globs).
 */
export function copiedPath(transfer: CopyTransfer, source: Word, cwd: string | null): string | null {
  const destination = resolvePath(cwd, transfer.destination.value);
  if (destination === null || source.value.includes('$')) return null;
  const intoDirectory =
    transfer.destination.value.endsWith('/') ||
    transfer.destination.value === '.' ||
    transfer.sources.length > 1;
  if (/^https?:\/\//.test(source.value)) {
    const urlBase = source.value.split(/[?#]/)[0]!.split('/').pop() ?? '';
    return intoDirectory && urlBase ? normalizePath(`${destination}/${urlBase}`) : destination;
  }
  const trimmed = source.value.replace(/\/+$/, '');
  const base = lastSegment(trimmed);
  if (hasGlob(base)) return null;
  const looksLikeFolder = source.value.endsWith('/') || base === '.' || base === '' || !base.includes('.');
  if (looksLikeFolder || !intoDirectory) return destination;
  return normalizePath(`${destination}/${base}`);
}
