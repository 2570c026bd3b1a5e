import path from 'node:path';
import { isUserError } from '../errors.js';
import { configFor, lintEntry, runOptionsOf } from '../lint/index.js';
import { loadSnapshot, loadWithText, type ProjectSnapshot, projectFromFiles } from '../project/read.js';
import type { DockerfileEntry, Project } from '../project/types.js';
import type { RunOptions } from '../rules/run.js';
import type { Finding } from '../types.js';

/** One lint of an open Dockerfile: what the code actions, fix-all and hover answer from. */
export interface LintedDocument {
  /** The document version the findings belong to. */
  version: number;
  folder: string;
  /** The Dockerfile's path relative to the project folder. */
  file: string;
  project: Project;
  entry: DockerfileEntry;
  options: RunOptions;
  findings: Finding[];
  /** A project file that could not be read (a broken lock, an unknown setting): one sentence. */
  problem: string | null;
}

/** Files whose change changes what the rules see: manifests, locks, ignore files, settings. */
const PROJECT_FILE =
  /^(pyproject\.toml|.+\.lock|Pipfile|requirements.*\.txt|\.dockerignore|.+\.dockerignore|\.shipshape\.toml|\.python-version|Procfile|action\.ya?ml)$/;

export const WATCHED_GLOBS = [
  '**/pyproject.toml',
  '**/*.lock',
  '**/Pipfile',
  '**/requirements*.txt',
  '**/requirements/*.txt',
  '**/.dockerignore',
  '**/*.dockerignore',
  '**/.shipshape.toml',
  '**/.python-version',
  '**/Procfile',
  '**/action.yml',
  '**/action.yaml',
];

/**
 * The projects of open Dockerfiles. Each folder is read from disk once (a snapshot of the
 * texts the model needs); every keystroke after that rebuilds the model from memory with the
 * unsaved text through `projectFromFiles`, until a watched file of the folder changes.
 */
export class Workspace {
  private readonly snapshots = new Map<string, Promise<ProjectSnapshot>>();

  private snapshot(folder: string): Promise<ProjectSnapshot> {
    let snapshot = this.snapshots.get(folder);
    if (!snapshot) {
      snapshot = loadSnapshot(folder).then((loaded) => loaded.snapshot);
      this.snapshots.set(folder, snapshot);
      // A folder that failed to load is tried again next time, not remembered broken.
      snapshot.catch(() => this.snapshots.delete(folder));
    }
    return snapshot;
  }

  /** Lints the unsaved `text` of the Dockerfile at `absolutePath` with its project. */
  async lint(absolutePath: string, text: string, version: number): Promise<LintedDocument> {
    const folder = path.dirname(absolutePath);
    const file = path.basename(absolutePath);
    let problem: string | null = null;
    let project: Project;
    try {
      const snapshot = await this.snapshot(folder);
      project = await projectFromFiles(
        { ...snapshot.files, [file]: text },
        { root: snapshot.root, dockerfile: file, listed: snapshot.listed },
      ).catch(async (error: unknown) => {
        // The unsaved text names a file the snapshot did not read (a new `-r deps.txt`): read the folder again.
        if (!isUserError(error)) throw error;
        return loadWithText(folder, file, text);
      });
    } catch (error) {
      if (!isUserError(error)) throw error;
      // The Dockerfile still gets its findings, read on its own, and the editor says why.
      problem = error.message;
      project = await projectFromFiles({ [file]: text }, { root: folder, dockerfile: file });
    }
    let options: RunOptions;
    try {
      options = runOptionsOf(configFor(project));
    } catch (error) {
      if (!isUserError(error)) throw error;
      problem ??= error.message;
      options = {};
    }
    const entry = project.dockerfile!;
    const findings = await lintEntry(project, entry, options);
    return { version, folder, file, project, entry, options, findings, problem };
  }

  /**
   * Forgets the folders a changed file belongs to (its own and every folder above it that
   * was loaded) and returns them, so their open Dockerfiles are linted again.
   */
  changed(absolutePath: string): string[] {
    if (
      !PROJECT_FILE.test(path.basename(absolutePath)) &&
      !absolutePath.includes(`${path.sep}requirements${path.sep}`)
    ) {
      return [];
    }
    const forgotten: string[] = [];
    for (const folder of this.snapshots.keys()) {
      const relative = path.relative(folder, absolutePath);
      if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
        this.snapshots.delete(folder);
        forgotten.push(folder);
      }
    }
    return forgotten;
  }
}
