/**
 * The lint-and-fix loop as a library: the CLI, the language server and scripts call it with
 * projects and texts as values; it never reads or writes a file.
 */
import { parseDockerfile } from '../dockerfile/index.js';
import { projectFromFiles } from '../project/read.js';
import type { DockerfileEntry, Project } from '../project/types.js';
import type { Finding } from '../types.js';
import { fixEntry, lintEntry, lintTexts } from './entry.js';
import { configFor, type LintSettings, runOptionsOf } from './options.js';

export {
  afterWritten,
  fixEntry,
  ignorePathFor,
  initialTexts,
  lintEntry,
  lintTexts,
  projectFor,
} from './entry.js';
export { configFor, type LintSettings, runOptionsOf } from './options.js';

export interface LintProjectOptions extends LintSettings {
  /** Lint only this Dockerfile (its path relative to the project root); default: every Dockerfile. */
  dockerfile?: string;
}

function entriesOf(project: Project, dockerfile: string | undefined): DockerfileEntry[] {
  if (dockerfile === undefined) return project.dockerfiles;
  return project.dockerfiles.filter((entry) => entry.path === dockerfile);
}

/**
 * Lints a project's Dockerfiles with its `[tool.shipshape]` settings (and `options` on top).
 * Findings name files relative to the project root.
 */
export async function lintProject(project: Project, options: LintProjectOptions = {}): Promise<Finding[]> {
  const run = runOptionsOf(configFor(project, options));
  const findings: Finding[] = [];
  for (const entry of entriesOf(project, options.dockerfile))
    findings.push(...(await lintEntry(project, entry, run)));
  return findings;
}

export interface LintTextOptions extends LintSettings {
  /** The project the Dockerfile belongs to (its lock, .dockerignore, app); default: a project of only this text. */
  project?: Project;
  /** The Dockerfile's path relative to the project root; default: the project's Dockerfile, else `Dockerfile`. */
  path?: string;
}

/** The project with `text` standing in for one of its Dockerfiles (added when it has none by that path). */
export async function withDockerfileText(
  project: Project,
  path: string,
  text: string,
): Promise<{
  project: Project;
  entry: DockerfileEntry;
}> {
  const existing = project.dockerfiles.find((entry) => entry.path === path);
  const model = await parseDockerfile(text, path);
  const entry: DockerfileEntry = existing
    ? { ...existing, model }
    : { path, model, dockerignore: project.dockerignore ? '.dockerignore' : null };
  const dockerfiles = existing
    ? project.dockerfiles.map((d) => (d === existing ? entry : d))
    : [...project.dockerfiles, entry];
  return { project: { ...project, dockerfiles, dockerfile: entry }, entry };
}

/** Lints a Dockerfile's text, read together with `options.project` when given. */
export async function lintText(text: string, options: LintTextOptions = {}): Promise<Finding[]> {
  const path = options.path ?? options.project?.dockerfile?.path ?? 'Dockerfile';
  const base = options.project ?? (await projectFromFiles({ [path]: text }));
  const { project, entry } = await withDockerfileText(base, path, text);
  return lintEntry(project, entry, runOptionsOf(configFor(project, options)));
}

export interface ApplyFixesOptions extends LintSettings {
  /** The Dockerfile to fix (relative to the root); default: the project's Dockerfile. */
  dockerfile?: string;
  /** Also apply fixes marked unsafe (they may change behaviour). */
  unsafe?: boolean;
}

export interface FixOutcome {
  /** Every file a fix changed (the Dockerfile, maybe its .dockerignore): path → new text. */
  changed: Record<string, string>;
  /** Each fix applied, in order. */
  applied: Array<{ rule: string; description: string; files: string[] }>;
  /** False when fixes were still offered after the last pass. */
  converged: boolean;
  /** What is left to report after fixing. */
  findings: Finding[];
}

/**
 * Applies fixes to one Dockerfile of a project until nothing more changes (safe ones; unsafe
 * ones too with `unsafe`). Returns the new texts; writing them is the caller's business.
 */
export async function applyFixes(project: Project, options: ApplyFixesOptions = {}): Promise<FixOutcome> {
  const entry =
    options.dockerfile === undefined ? project.dockerfile : entriesOf(project, options.dockerfile)[0];
  if (!entry) return { changed: {}, applied: [], converged: true, findings: [] };
  const run = runOptionsOf(configFor(project, options));
  const { before, result } = await fixEntry(project, entry, run, Boolean(options.unsafe));
  const changed: Record<string, string> = {};
  for (const [file, text] of Object.entries(result.files)) if (before[file] !== text) changed[file] = text;
  return {
    changed,
    applied: result.applied,
    converged: result.converged,
    findings: await lintTexts(project, entry, result.files, run),
  };
}
