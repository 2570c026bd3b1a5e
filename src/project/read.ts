import { statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { readRegularFileOrNull } from '../fs/index.js';
import { buildProject } from './build.js';
import { isFile, listDir, readTextFile, relativePath } from './files.js';
import { cachedFileParse, cachedParse } from './parse-cache.js';
import { memorySource, overlaySource, type ProjectFiles, type ProjectSource } from './source.js';
import type { LoadOptions, Project } from './types.js';

/** The project folder on disk as a `ProjectSource`: the only place the model's files are read. */
export function diskSource(root: string): ProjectSource {
  const absolute = (relative: string) => path.join(root, relative);
  return {
    root,
    list: (dir) => listDir(absolute(dir)),
    isFile: (relative) => isFile(absolute(relative)),
    read: (relative, { what, maxBytes }) =>
      readTextFile(absolute(relative), relative, { what, ...(maxBytes ? { maxBytes } : {}) }),
    readOrNull: (relative, maxBytes) =>
      readRegularFileOrNull(absolute(relative), maxBytes)?.toString('utf8') ?? null,
    parseCached: (relative, readText, parse) =>
      cachedFileParse(relative, absolute(relative), readText, parse),
  };
}

/**
 * Reads a project folder into one `Project`: checks the folder and the `--dockerfile` path,
 * then builds the model from the files on disk.
 */
export async function load(dir: string, options: LoadOptions = {}): Promise<Project> {
  const root = path.resolve(dir);
  assertFolder(root, dir);
  return buildProject(
    diskSource(root),
    options.dockerfile ? { dockerfile: namedDockerfile(root, options.dockerfile) } : {},
  );
}

/** What a project was built from: the texts read and the other files listed. */
export interface ProjectSnapshot {
  root: string;
  files: Record<string, string>;
  listed: string[];
}

/**
 * Loads a folder and keeps every text the model read, so the project can be built again
 * from memory with one file replaced (an editor's unsaved buffer) without touching the disk.
 */
export async function loadSnapshot(
  dir: string,
  options: LoadOptions = {},
): Promise<{ project: Project; snapshot: ProjectSnapshot }> {
  const root = path.resolve(dir);
  assertFolder(root, dir);
  const disk = diskSource(root);
  const snapshot: ProjectSnapshot = { root, files: {}, listed: [] };
  const listed = new Set<string>();
  const recording: ProjectSource = {
    root,
    list(folder) {
      const entries = disk.list(folder);
      for (const entry of entries)
        if (entry.kind === 'file') listed.add(folder ? `${folder}/${entry.name}` : entry.name);
      return entries;
    },
    isFile: disk.isFile,
    // The snapshot keeps every text the model read, the lock's too: it is read and its
    // content is the cache's key.
    parseCached: (relative, readText, parse) => cachedParse(relative, readText(), parse),
    read(relative, readOptions) {
      const text = disk.read(relative, readOptions);
      snapshot.files[relative] = text;
      return text;
    },
    readOrNull(relative, maxBytes) {
      const text = disk.readOrNull(relative, maxBytes);
      if (text !== null) snapshot.files[relative] = text;
      return text;
    },
  };
  const project = await buildProject(
    recording,
    options.dockerfile ? { dockerfile: namedDockerfile(root, options.dockerfile) } : {},
  );
  snapshot.listed = [...listed].filter((file) => !(file in snapshot.files));
  return { project, snapshot };
}

export interface FromFilesOptions {
  /** The absolute folder the files stand for (default: `/project`); findings name files relative to it. */
  root?: string;
  /** The Dockerfile to work on (a key of `files`), instead of `Dockerfile` or the first found. */
  dockerfile?: string;
  /** Files that exist but whose text is not given (they only count for listings). */
  listed?: readonly string[];
}

/**
 * Builds a `Project` from in-memory texts keyed by relative path — no disk access. The same
 * model code as `load`, so an editor's unsaved text or a test's files lint like a folder.
 */
export function projectFromFiles(files: ProjectFiles, options: FromFilesOptions = {}): Promise<Project> {
  const root = options.root ?? '/project';
  const source = memorySource(files, root, options.listed ?? []);
  if (options.dockerfile !== undefined && !source.isFile(options.dockerfile)) {
    return Promise.reject(
      new UserError(`The Dockerfile ${options.dockerfile} does not exist; check the --dockerfile path.`),
    );
  }
  return buildProject(source, options.dockerfile ? { dockerfile: options.dockerfile } : {});
}

/**
 * The project of folder `dir` with `text` as its Dockerfile `file` (relative to `dir`) instead
 * of what is on disk, which need not exist: stdin named with `--stdin-filename`, or an
 * editor's unsaved buffer. The other files are read from disk, following what the text names.
 */
export async function loadWithText(dir: string, file: string, text: string): Promise<Project> {
  const root = path.resolve(dir);
  assertFolder(root, dir);
  return buildProject(overlaySource(diskSource(root), { [file]: text }), { dockerfile: file });
}

function assertFolder(root: string, shown: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(root).isDirectory();
  } catch {
    throw new UserError(`The folder ${shown} does not exist; pass the path of a project folder.`);
  }
  if (!isDirectory)
    throw new UserError(`${shown} is a file, not a project folder; pass the folder that holds it.`);
}

/** `--dockerfile` is resolved like `docker build -f`: from the working folder, else from the project folder. */
function namedDockerfile(root: string, named: string): string {
  const candidates = path.isAbsolute(named) ? [named] : [path.resolve(named), path.join(root, named)];
  const found = candidates.find((candidate) => {
    try {
      statSync(candidate);
      return true;
    } catch {
      return false;
    }
  });
  if (!found) throw new UserError(`The Dockerfile ${named} does not exist; check the --dockerfile path.`);
  return relativePath(root, found);
}
