import { resolveAt } from '../../dockerfile/index.js';
import type { Dockerfile, Instruction, Stage, Word } from '../../dockerfile/model.js';
import { lastSegment } from '../../dockerfile/queries.js';
import { readOnceWith } from '../../dockerfile/read-once.js';
import type { Project } from '../../project/types.js';
import { hasGlob } from './size-paths.js';

/**
 * Which COPY/ADD brings the project's source tree into a stage, as opposed to the dependency
 * manifests (pyproject.toml, locks, requirements files) that a well-ordered Dockerfile copies
 * first. A source COPY is what invalidates the build cache on every code change.
 */

/** Files a dependency install reads: copying them early is the point, not a problem. */
const MANIFEST_FILE =
  /^(pyproject\.toml|setup\.py|setup\.cfg|(uv|poetry|pdm|pipfile)\.lock|pipfile(\.lock)?|requirements.*\.(txt|in)|constraints.*\.txt|.*\.lock|\.python-version|readme(\..*)?|license(\..*)?|manifest\.in)$/i;

/** Folders that hold manifests or build outputs rather than code. */
const MANIFEST_DIR = /^(requirements.*|wheels?|wheelhouse|dist|\.venv|venv)$/i;

/**
 * Folders of deployment plumbing rather than code: web-server and process-manager config,
 * helper scripts, container and cluster files. An install reads none of them and they change
 * seldom, so copying one early is not copying "the source".
 */
const PLUMBING_DIR =
  /^(scripts?|bin|nginx|apache2?|caddy|traefik|supervisor|supervisord|docker|\.docker|deploy|deployment|deployments|k8s|kubernetes|helm|systemd|cron|crontabs?|certs|ssl|\.devcontainer|\.github)$/i;

/**
 * Files a build backend needs for the project's own install before the code is there: the
 * package marker Poetry and setuptools look for, and the files a dynamic version is read from.
 * Copied alone, they are the usual stub that lets `poetry install` run before the source.
 */
const PACKAGE_STUB = /^(__init__\.py|py\.typed|_?version\.py|__version__\.py|__about__\.py)$/;

export function isPackageStub(path: string): boolean {
  return PACKAGE_STUB.test(baseOf(path));
}

/** Bare names without an extension that are files, not folders. */
const EXTENSIONLESS_FILES = /^(pipfile|makefile|procfile|dockerfile|license|readme|gemfile|justfile)$/i;

function baseOf(path: string): string {
  return lastSegment(path.endsWith('/') ? path.replace(/\/+$/, '') : path);
}

export function isManifestPath(path: string): boolean {
  const base = baseOf(path);
  return MANIFEST_FILE.test(base) || MANIFEST_DIR.test(base);
}

/**
 * Does this COPY source bring in (part of) the source tree: the whole context, a code folder,
 * Python files or a glob over them? Single config files and manifests do not count.
 */
export function isSourceTreeWord(value: string, project: Project): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('git@')) return false;
  const stripped = value.replace(/^\.\/+/, '');
  if (['.', './', '', '*', '/'].includes(stripped)) return true;
  const base = baseOf(stripped);
  if (hasGlob(base)) {
    // `requirements*.txt`, `Pipfile*`, `*.lock`: judge the glob by the name it spells without wildcards.
    const literal = base.replace(/[*?]|\[[^\]]*\]/g, '');
    return !isManifestPath(literal) && !/^\.(toml|txt|lock|cfg|in)$/.test(literal);
  }
  if (isManifestPath(stripped) || isPackageStub(stripped)) return false;
  if (PLUMBING_DIR.test(base) && !isCodeFolder(project, stripped)) return false;
  if (/\.py$/.test(base)) return true;
  const entry = project.entries.find((e) => e.name === stripped.replace(/\/+$/, ''));
  if (entry) return entry.kind === 'dir';
  if (value.endsWith('/')) return true;
  return !base.includes('.') && !EXTENSIONLESS_FILES.test(base);
}

/**
 * A top-level folder the project's own metadata names as code: a package of `[project]`'s
 * name, or one Poetry's `packages` includes (a package really called `scripts` stays source).
 */
function isCodeFolder(project: Project, path: string): boolean {
  const folder = path.replace(/\/+$/, '');
  const names = [
    project.pyproject?.project?.name,
    project.pyproject?.poetry?.name,
    ...(project.pyproject?.poetry?.packages ?? []).map((p) => p.from ?? p.include),
  ]
    .filter((name): name is string => Boolean(name))
    .map((name) => name.toLowerCase().replace(/-/g, '_'));
  return names.includes(folder.toLowerCase());
}

export interface SourceCopy {
  instruction: Instruction;
  /** The source word that brings the tree in. */
  word: Word;
}

/** The source word of a COPY/ADD from the build context that brings source in, else null. */
export function sourceCopyOf(
  dockerfile: Dockerfile,
  project: Project,
  instruction: Instruction,
): SourceCopy | null {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return null;
  if (instruction.heredocs.length > 0 || instruction.args.length < 2) return null;
  if (instruction.flags.some((f) => f.name === 'from')) return null;
  const word = instruction.args.slice(0, -1).find((w) => {
    const value = w.value.includes('$') ? resolveAt(dockerfile, instruction, w.value) : w.value;
    return value !== '' && !value.includes('$') && isSourceTreeWord(value, project);
  });
  return word ? { instruction, word } : null;
}

/** The stages an instruction's filesystem is built on: the stage and its FROM parents, oldest first. */
export function lineageOf(dockerfile: Dockerfile, stage: Stage): Stage[] {
  const lineage: Stage[] = [];
  const seen = new Set<number>();
  for (let current: Stage | undefined = stage; current && !seen.has(current.index); ) {
    seen.add(current.index);
    lineage.push(current);
    current = current.baseStageIndex !== null ? dockerfile.stages[current.baseStageIndex] : undefined;
  }
  // Pushed then reversed: unshift per stage made a 5,000-stage chain quadratic per call.
  return lineage.reverse();
}

/** Instructions that run before `instruction` on its filesystem (parents' and its own stage's), in order. */
export function instructionsBefore(dockerfile: Dockerfile, instruction: Instruction): Instruction[] {
  const stage = dockerfile.stages[instruction.stageIndex];
  if (!stage) return [];
  const before: Instruction[] = [];
  for (const s of lineageOf(dockerfile, stage))
    for (const i of s.instructions)
      if (i.stageIndex !== instruction.stageIndex || i.index < instruction.index) before.push(i);
  return before;
}

interface StageCopies {
  /** The first source COPY of a stage this one is built FROM. */
  inherited: SourceCopy | null;
  /** The first source COPY of the stage itself. */
  own: SourceCopy | null;
}

/** First source COPY per stage, computed once per Dockerfile (rules ask at every RUN). */
const stageCopies = readOnceWith((dockerfile: Dockerfile, project: Project): Map<number, StageCopies> => {
  const stages = new Map<number, StageCopies>();
  for (const stage of dockerfile.stages) {
    const parent = stage.baseStageIndex !== null ? stages.get(stage.baseStageIndex) : undefined;
    let own: SourceCopy | null = null;
    for (const instruction of stage.instructions) {
      own = sourceCopyOf(dockerfile, project, instruction);
      if (own) break;
    }
    stages.set(stage.index, { inherited: parent ? (parent.inherited ?? parent.own) : null, own });
  }
  return stages;
});

/** The first source COPY that runs before `instruction` on its filesystem, or null. */
export function sourceCopyBefore(
  dockerfile: Dockerfile,
  project: Project,
  instruction: Instruction,
): SourceCopy | null {
  const copies = stageCopies(dockerfile, project).get(instruction.stageIndex);
  if (!copies) return null;
  if (copies.inherited) return copies.inherited;
  return copies.own && copies.own.instruction.index < instruction.index ? copies.own : null;
}

/** `COPY src/ ./src/` (line 32), as messages name the COPY that invalidates a step. */
export function describeCopy(copy: SourceCopy): string {
  const text = (copy.instruction.argsText ?? copy.word.value).replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ');
  const shown = text.length > 40 ? `${text.slice(0, 37)}…` : text;
  return `\`${copy.instruction.keywordText} ${shown}\` (line ${copy.instruction.range.start.line})`;
}
