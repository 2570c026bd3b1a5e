import { UserError } from '../errors.js';
import { normalizeName } from './pep508.js';
import { poetryRequirement } from './pyproject.js';
import { array, bool, parseToml, str, type TomlTable, table } from './toml.js';
import type { LockedPackage, Lockfile, Pipfile, Requirement } from './types.js';

/** Reads a Pipfile: `[packages]`, `[dev-packages]`, `[requires]`, `[[source]]`. */
export function parsePipfile(text: string, file: string): Pipfile {
  const doc = parseToml(text, file);
  const lines = text.split('\n');
  const lineOf = (name: string): number | null => {
    const index = lines.findIndex((line) => line.trimStart().startsWith(name));
    return index >= 0 ? index + 1 : null;
  };
  const read = (section: unknown): Requirement[] =>
    // Pipfile entries have Poetry's shape (`"*"`, `"==1.0"` or a table with version/extras/path/editable).
    Object.entries(table(section) ?? {}).map(([name, spec]) =>
      poetryRequirement(name, spec, file, lineOf(name)),
    );
  const requires = table(doc.requires) ?? {};
  return {
    path: file,
    packages: read(doc.packages),
    devPackages: read(doc['dev-packages']),
    pythonVersion: str(requires.python_full_version) ?? str(requires.python_version),
    sources: array(doc.source).flatMap((entry) => {
      const source = table(entry);
      const url = str(source?.url);
      return url ? [{ name: str(source?.name), url, verifySsl: bool(source?.verify_ssl) ?? true }] : [];
    }),
  };
}

/** Reads Pipfile.lock (JSON). It has no dependency graph: each package records its section only. */
export function parsePipfileLock(text: string, file: string): Lockfile {
  let doc: TomlTable;
  try {
    doc = JSON.parse(text) as TomlTable;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : /end of JSON input/.test(message) ? text.length : null;
    const where = offset === null ? '' : `:${lineAt(text, offset)}`;
    throw new UserError(
      `${file}${where}: malformed JSON lock file (${message}); regenerate it with \`pipenv lock\`.`,
    );
  }
  if (!table(doc))
    throw new UserError(
      `${file}: malformed lock file (expected a JSON object); regenerate it with \`pipenv lock\`.`,
    );
  const meta = table(doc._meta) ?? {};
  const requires = table(meta.requires) ?? {};
  const byName = new Map<string, LockedPackage>();
  for (const section of ['default', 'develop'] as const) {
    for (const [rawName, entry] of Object.entries(table(doc[section]) ?? {})) {
      const details = table(entry) ?? {};
      const name = normalizeName(rawName);
      const existing = byName.get(name);
      if (existing) {
        existing.groups.push(section);
        continue;
      }
      const version = str(details.version);
      let source: LockedPackage['source'] = { kind: 'registry', url: null };
      if (str(details.git)) source = { kind: 'git', url: str(details.git) };
      else if (str(details.path))
        source = { kind: details.editable === true ? 'editable' : 'path', url: str(details.path) };
      else if (str(details.file)) source = { kind: 'url', url: str(details.file) };
      byName.set(name, {
        name,
        version: version ? version.replace(/^==/, '') : null,
        source,
        dependencies: [],
        optionalDependencies: {},
        groupDependencies: {},
        groups: [section],
        wheels: [],
        sdist: null,
        markers: str(details.markers),
      });
    }
  }
  const pipfileSpec = meta['pipfile-spec'];
  return {
    kind: 'pipfile',
    path: file,
    version: typeof pipfileSpec === 'number' ? String(pipfileSpec) : null,
    requiresPython: str(requires.python_full_version) ?? str(requires.python_version),
    packages: [...byName.values()],
  };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < text.length; index++) if (text[index] === '\n') line++;
  return line;
}
