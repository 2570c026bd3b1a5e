import { UserError } from '../errors.js';
import { formatSize, MAX_FILE_BYTES } from '../fs/index.js';
import type { ProjectEntry } from './types.js';

/**
 * Where a project's files come from. Building the model asks only this, so the folder on
 * disk (`read.ts`), an editor's unsaved buffers and a test's in-memory files all go through
 * the same model code. Paths are relative to the project root and use `/`; `''` is the root.
 */
export interface ProjectSource {
  /** Absolute path of the project folder the files stand for (the build context). */
  root: string;
  /** The folder's entries, sorted by name; a folder that is missing or unreadable is empty. */
  list(dir: string): ProjectEntry[];
  isFile(relative: string): boolean;
  /** A text file; every way it can fail is one UserError sentence naming the file. */
  read(relative: string, options: { what: string; maxBytes?: number }): string;
  /** A file read only for clues (Python sources, scripts): absent, special or too big is null. */
  readOrNull(relative: string, maxBytes: number): string | null;
  /**
   * `parse(readText())` for a lock, through the cache of parsed locks (parse-cache.ts), which
   * may spare the read too; only sources over the disk have one, so a project built from
   * memory touches no disk.
   */
  parseCached?<T>(relative: string, readText: () => string, parse: (text: string) => T): T;
}

/** A project given as texts by relative path: `{ Dockerfile: '…', 'pyproject.toml': '…' }`. */
export type ProjectFiles = Readonly<Record<string, string>>;

function clean(relative: string): string {
  return relative.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

/**
 * A source over in-memory texts. `listed` names files that exist but whose text is not
 * given (a README, a binary): they show up in listings and read as unavailable. Folders are
 * implied by the paths. Texts are checked like files on disk: size limit and NUL bytes.
 */
export function memorySource(
  files: ProjectFiles,
  root: string,
  listed: readonly string[] = [],
): ProjectSource {
  const texts = new Map<string, string>();
  for (const [name, text] of Object.entries(files)) texts.set(clean(name), text);
  const paths = new Set([...texts.keys(), ...listed.map(clean)]);
  const folders = new Map<string, Map<string, ProjectEntry['kind']>>();
  const entriesOf = (dir: string) => {
    const entries = folders.get(dir) ?? new Map<string, ProjectEntry['kind']>();
    folders.set(dir, entries);
    return entries;
  };
  for (const file of paths) {
    const parts = file.split('/');
    for (let depth = 0; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/');
      entriesOf(dir).set(parts[depth]!, depth === parts.length - 1 ? 'file' : 'dir');
    }
  }
  const isFile = (relative: string) =>
    folders.get(parentOf(clean(relative)))?.get(baseOf(clean(relative))) === 'file';
  return {
    root,
    list: (dir) =>
      [...(folders.get(clean(dir))?.entries() ?? [])]
        .map(([name, kind]) => ({ name, kind }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    isFile,
    read(relative, { what, maxBytes = MAX_FILE_BYTES }) {
      const name = clean(relative);
      const text = texts.get(name);
      if (text === undefined) {
        throw new UserError(
          isFile(name)
            ? `${name}: its text was not given, so shipshape cannot read this ${what}.`
            : `${name} does not exist; shipshape cannot read this ${what}.`,
        );
      }
      const bytes = Buffer.byteLength(text);
      if (bytes > maxBytes) {
        throw new UserError(
          `${name} is ${formatSize(bytes)}, larger than the ${formatSize(maxBytes)} shipshape reads; is it really a ${what}?`,
        );
      }
      if (text.includes('\0'))
        throw new UserError(`${name} is a binary file (it contains NUL bytes), not a ${what}.`);
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    },
    readOrNull(relative, maxBytes) {
      const text = texts.get(clean(relative));
      return text === undefined || Buffer.byteLength(text) > maxBytes ? null : text;
    },
  };
}

function parentOf(relative: string): string {
  const slash = relative.lastIndexOf('/');
  return slash < 0 ? '' : relative.slice(0, slash);
}

function baseOf(relative: string): string {
  return relative.slice(relative.lastIndexOf('/') + 1);
}

/**
 * `base` with some files' texts replaced or added (an unsaved buffer, standard input): the
 * model then follows what the given text names (a `-r` file), read from `base`.
 */
export function overlaySource(base: ProjectSource, files: ProjectFiles): ProjectSource {
  const texts = new Map(Object.entries(files).map(([name, text]) => [clean(name), text]));
  return {
    root: base.root,
    // A file of the disk goes through the disk's cache; a given text is parsed as it is.
    ...(base.parseCached
      ? {
          parseCached: <T>(relative: string, readText: () => string, parse: (text: string) => T): T =>
            texts.has(clean(relative)) ? parse(readText()) : base.parseCached!(relative, readText, parse),
        }
      : {}),
    list(dir) {
      const entries = base.list(dir);
      const added = [...texts.keys()]
        .filter(
          (name) => parentOf(name) === clean(dir) && !entries.some((entry) => entry.name === baseOf(name)),
        )
        .map((name) => ({ name: baseOf(name), kind: 'file' as const }));
      return [...entries, ...added].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    isFile: (relative) => texts.has(clean(relative)) || base.isFile(relative),
    read: (relative, options) => {
      const text = texts.get(clean(relative));
      return text === undefined
        ? base.read(relative, options)
        : memorySource({ [relative]: text }, base.root).read(relative, options);
    },
    readOrNull: (relative, maxBytes) => {
      const text = texts.get(clean(relative));
      return text === undefined
        ? base.readOrNull(relative, maxBytes)
        : Buffer.byteLength(text) > maxBytes
          ? null
          : text;
    },
  };
}
