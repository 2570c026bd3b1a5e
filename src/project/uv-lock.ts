import { normalizeName } from './pep508.js';
import { array, num, parseToml, str, type TomlTable, table } from './toml.js';
import type { LockedPackage, LockedSourceKind, Lockfile, SourceDist } from './types.js';
import { wheelFromUrl } from './wheels.js';

/** Reads uv.lock: every package with its source, dependency edges, wheels (with tags and sizes) and sdist. */
export function parseUvLock(text: string, file: string): Lockfile {
  const doc = parseToml(text, file);
  const packages = array(doc.package).flatMap((entry) => {
    const pkg = table(entry);
    return pkg ? [readPackage(pkg)] : [];
  });
  const version = num(doc.version);
  return {
    kind: 'uv',
    path: file,
    version: version === null ? null : String(version),
    requiresPython: str(doc['requires-python']),
    packages,
  };
}

function names(value: unknown): string[] {
  return array(value).flatMap((dep) => {
    const name = str(table(dep)?.name);
    return name ? [normalizeName(name)] : [];
  });
}

function namesByKey(value: unknown): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [key, deps] of Object.entries(table(value) ?? {})) result[normalizeName(key)] = names(deps);
  return result;
}

function readSource(value: unknown): LockedPackage['source'] {
  const source = table(value) ?? {};
  const kinds: LockedSourceKind[] = ['registry', 'git', 'path', 'directory', 'editable', 'virtual', 'url'];
  for (const kind of kinds) {
    const location = str(source[kind]);
    if (location !== null) return { kind, url: location };
  }
  return { kind: 'unknown', url: null };
}

function readSdist(value: unknown): SourceDist | null {
  const sdist = table(value);
  if (!sdist) return null;
  const url = str(sdist.url) ?? str(sdist.path);
  return {
    filename: url ? decodeURIComponent(url.split('/').pop() ?? '') : null,
    url,
    size: num(sdist.size),
    hash: str(sdist.hash),
  };
}

function readPackage(pkg: TomlTable): LockedPackage {
  return {
    name: normalizeName(str(pkg.name) ?? ''),
    version: str(pkg.version),
    source: readSource(pkg.source),
    dependencies: names(pkg.dependencies),
    optionalDependencies: namesByKey(pkg['optional-dependencies']),
    groupDependencies: namesByKey(pkg['dev-dependencies']),
    groups: [],
    wheels: array(pkg.wheels).flatMap((entry) => {
      const wheel = table(entry);
      if (!wheel) return [];
      return [
        wheelFromUrl(
          str(wheel.url) ?? str(wheel.path),
          str(wheel.filename),
          num(wheel.size),
          str(wheel.hash),
        ),
      ];
    }),
    sdist: readSdist(pkg.sdist),
    markers: null,
  };
}
