import { isDevName } from '../project/dev-names.js';
import { isIgnored, parseDockerIgnore } from '../project/dockerignore.js';
import { isDependencyManifest } from '../project/managers.js';
import type { Allowed, Difference, FileFact, VerifySection } from './types.js';

const LISTED = 20;

export interface FilesInput {
  before: Record<string, FileFact>;
  after: Record<string, FileFact>;
  /** The app folder (WORKDIR) of "before": paths under it are compared with the build context. */
  workdir: string;
  afterDockerignore: string | null;
  /** The Dockerfile and ignore file under comparison, by context path. */
  buildFiles?: string[];
  /** Files optimize says it no longer makes, with its reason. */
  namedRemovals?: Array<{ path: string; reason: string }>;
  truncated: boolean;
}

/** Start-up files every account gets from /etc/skel: the account's, not the app's. */
const ACCOUNT_FILES = /^~\/\.(bashrc|profile|bash_logout|cshrc|zshrc)$/;

/** What `pip install .` leaves in the source folder when it builds the project there. */
const BUILD_BYPRODUCT = /^(build\/(lib|bdist)[^/]*\/|(.*\/)?[^/]+\.egg-info\/)/;

const BUILD_FILE = 'the Dockerfile or ignore file under comparison (copied with the source)';

/** Why a file of "before" may differ in "after": the Dockerfile being compared is itself in the image. */
function buildFileReason(path: string, input: FilesInput): string | null {
  const prefix = input.workdir === '/' ? '/' : `${input.workdir}/`;
  return path.startsWith(prefix) && (input.buildFiles ?? []).includes(path.slice(prefix.length))
    ? BUILD_FILE
    : null;
}

/** Why a file of "before" may be absent from "after" (null: its absence is a difference). */
function absenceReason(path: string, input: FilesInput, ignore: ReturnType<typeof parseDockerIgnore> | null) {
  const named = input.namedRemovals?.find((r) => r.path === path);
  if (named) return named.reason;
  if (ACCOUNT_FILES.test(path)) return "the account's shell start-up file (another user's home)";
  const prefix = input.workdir === '/' ? '/' : `${input.workdir}/`;
  if (!path.startsWith(prefix)) return null;
  const relative = path.slice(prefix.length);
  if (BUILD_BYPRODUCT.test(relative))
    return 'left by installing the project (setuptools build/ and *.egg-info; the distribution is compared above)';
  if (ignore && isIgnored(ignore, relative))
    return "kept out of the build context by the rewrite's .dockerignore";
  const top = relative.split('/')[0]!;
  if (relative.includes('/') && isDevName(top)) return `development only (${top}/)`;
  if (isDependencyManifest(relative)) return 'dependency manifest, read at build time';
  return null;
}

/**
 * Files the app owns — the app folder and what setup steps wrote outside system folders — by path
 * and size. "After" may lack what its .dockerignore keeps out, development folders (tests/, docs/)
 * and dependency manifests; it may add files (its venv lives elsewhere, links it makes).
 */
export function compareFiles(input: FilesInput): VerifySection {
  const ignore = input.afterDockerignore ? parseDockerIgnore(input.afterDockerignore, '.dockerignore') : null;
  const differences: Difference[] = [];
  const allowedBy = new Map<string, string[]>();
  let same = 0;
  for (const path of Object.keys(input.before).sort()) {
    const was = input.before[path]!;
    const now = input.after[path];
    const buildFile = buildFileReason(path, input);
    if (buildFile && (!now || now.size !== was.size)) {
      allowedBy.set(buildFile, [...(allowedBy.get(buildFile) ?? []), path]);
    } else if (!now) {
      const why = absenceReason(path, input, ignore);
      if (why) allowedBy.set(why, [...(allowedBy.get(why) ?? []), path]);
      else differences.push({ what: path, detail: `${path} (${describe(was)}) is missing` });
    } else if (was.kind !== now.kind) {
      differences.push({ what: path, detail: `${path} is a ${describe(now)} instead of a ${describe(was)}` });
    } else if (was.kind === 'f' && was.size !== now.size) {
      differences.push({ what: path, detail: `${path} is ${now.size} bytes instead of ${was.size}` });
    } else same += 1;
  }
  const allowed: Allowed[] = [...allowedBy].map(([why, paths]) => ({
    what: `${paths.length} file${paths.length === 1 ? '' : 's'} ${why === BUILD_FILE ? 'absent or changed' : 'absent'} (${list(paths)})`,
    why,
  }));
  const added = Object.keys(input.after).filter((path) => !input.before[path]);
  if (added.length > 0)
    allowed.push({
      what: `${added.length} file${added.length === 1 ? '' : 's'} only in after (${list(added.sort())})`,
      why: 'added by the rewrite',
    });
  return {
    name: 'files',
    equal: `${same} file${same === 1 ? '' : 's'} with the same path and size`,
    allowed,
    differences: differences.length > LISTED ? summarised(differences) : differences,
    notes: input.truncated ? ['the file listing stopped at its limit; files past it were not compared'] : [],
  };
}

function describe(fact: FileFact): string {
  return fact.kind === 'l' ? 'link' : `file, ${fact.size} bytes`;
}

function list(paths: string[]): string {
  return paths.length > 5 ? `${paths.slice(0, 5).join(', ')}, …` : paths.join(', ');
}

function summarised(differences: Difference[]): Difference[] {
  return [
    ...differences.slice(0, LISTED),
    { what: 'more files', detail: `${differences.length - LISTED} more files differ` },
  ];
}
