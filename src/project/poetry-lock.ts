import { normalizeName } from './pep508.js';
import { array, parseToml, str, strings, type TomlTable, table } from './toml.js';
import type { LockedPackage, LockedSourceKind, Lockfile, SourceDist, Wheel } from './types.js';
import { wheelFromUrl } from './wheels.js';

/** Reads poetry.lock (lock-version 1.x and 2.x; old `[metadata.files]` layout too). */
export function parsePoetryLock(text: string, file: string): Lockfile {
  const doc = parseToml(text, file);
  const metadata = table(doc.metadata) ?? {};
  const legacyFiles = table(metadata.files) ?? {};
  const packages = array(doc.package).flatMap((entry) => {
    const pkg = table(entry);
    if (!pkg) return [];
    const name = str(pkg.name) ?? '';
    const files = array(pkg.files).length > 0 ? array(pkg.files) : array(legacyFiles[name]);
    return [readPackage(pkg, files)];
  });
  return {
    kind: 'poetry',
    path: file,
    version: str(metadata['lock-version']),
    requiresPython: str(metadata['python-versions']),
    packages,
  };
}

export function splitDistributionFiles(
  files: unknown[],
  urlOf: (filename: string) => string | null = () => null,
): { wheels: Wheel[]; sdist: SourceDist | null } {
  const wheels: Wheel[] = [];
  let sdist: SourceDist | null = null;
  for (const entry of files) {
    const fileEntry = table(entry);
    const filename = str(fileEntry?.file) ?? str(fileEntry?.filename);
    if (!filename) continue;
    const hash = str(fileEntry?.hash);
    if (filename.endsWith('.whl'))
      wheels.push(wheelFromUrl(str(fileEntry?.url) ?? urlOf(filename), filename, null, hash));
    else sdist ??= { filename, url: str(fileEntry?.url) ?? urlOf(filename), size: null, hash };
  }
  return { wheels, sdist };
}

function readSource(pkg: TomlTable): LockedPackage['source'] {
  const source = table(pkg.source);
  if (!source) return { kind: 'registry', url: null };
  const type = str(source.type);
  const url = str(source.url);
  const kinds: Record<string, LockedSourceKind> = {
    git: 'git',
    directory: 'directory',
    file: 'path',
    url: 'url',
    legacy: 'registry',
  };
  const kind: LockedSourceKind = (type ? kinds[type] : undefined) ?? 'unknown';
  return { kind: pkg.develop === true ? 'editable' : kind, url };
}

function readPackage(pkg: TomlTable, files: unknown[]): LockedPackage {
  const { wheels, sdist } = splitDistributionFiles(files);
  const groups = strings(pkg.groups);
  const category = str(pkg.category);
  if (groups.length === 0 && category) groups.push(category);
  const optionalDependencies: Record<string, string[]> = {};
  for (const [extra, specs] of Object.entries(table(pkg.extras) ?? {})) {
    optionalDependencies[normalizeName(extra)] = strings(specs).map((spec) =>
      normalizeName(spec.split(/[\s([<>=!~;]/)[0] ?? spec),
    );
  }
  return {
    name: normalizeName(str(pkg.name) ?? ''),
    version: str(pkg.version),
    source: readSource(pkg),
    dependencies: Object.keys(table(pkg.dependencies) ?? {}).map(normalizeName),
    optionalDependencies,
    groupDependencies: {},
    groups,
    wheels,
    sdist,
    markers: typeof pkg.markers === 'string' ? pkg.markers : null,
  };
}
