import { normalizeName, parseRequirement } from './pep508.js';
import { splitDistributionFiles } from './poetry-lock.js';
import { array, parseToml, str, strings, type TomlTable, table } from './toml.js';
import type { LockedPackage, Lockfile } from './types.js';

/** Reads pdm.lock (lock_version 4.x). */
export function parsePdmLock(text: string, file: string): Lockfile {
  const doc = parseToml(text, file);
  const metadata = table(doc.metadata) ?? {};
  const firstTarget = table(array(metadata.targets)[0]);
  const requiresPython = str(metadata.requires_python) ?? str(firstTarget?.requires_python);
  const packages = array(doc.package).flatMap((entry) => {
    const pkg = table(entry);
    return pkg ? [readPackage(pkg, file)] : [];
  });
  return { kind: 'pdm', path: file, version: str(metadata.lock_version), requiresPython, packages };
}

function readPackage(pkg: TomlTable, file: string): LockedPackage {
  const { wheels, sdist } = splitDistributionFiles(array(pkg.files));
  let source: LockedPackage['source'] = { kind: 'registry', url: null };
  if (str(pkg.git)) source = { kind: 'git', url: str(pkg.git) };
  else if (str(pkg.path)) source = { kind: pkg.editable === true ? 'editable' : 'path', url: str(pkg.path) };
  else if (str(pkg.url)) source = { kind: 'url', url: str(pkg.url) };
  return {
    name: normalizeName(str(pkg.name) ?? ''),
    version: str(pkg.version),
    source,
    dependencies: strings(pkg.dependencies)
      .map((dep) => parseRequirement(dep, { file, line: null }).name)
      .filter(Boolean),
    optionalDependencies: {},
    groupDependencies: {},
    groups: strings(pkg.groups),
    wheels,
    sdist,
    markers: str(pkg.marker),
  };
}
