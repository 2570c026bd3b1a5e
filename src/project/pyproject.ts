import { normalizeName, parseRequirement } from './pep508.js';
import { array, bool, parseToml, str, strings, type TomlTable, table } from './toml.js';
import type { Pyproject, Requirement } from './types.js';

/** Reads pyproject.toml text into the parts shipshape uses; unknown tables are left alone. */
export function parsePyproject(text: string, file: string): Pyproject {
  const doc = parseToml(text, file);
  const lines = lineFinder(text);
  const req = (raw: string): Requirement => parseRequirement(raw, { file, line: lines(raw) });
  const reqs = (value: unknown): Requirement[] => strings(value).map(req);

  const projectTable = table(doc.project);
  const project = projectTable
    ? {
        name: str(projectTable.name),
        version: str(projectTable.version),
        dynamic: strings(projectTable.dynamic),
        requiresPython: str(projectTable['requires-python']),
        dependencies: reqs(projectTable.dependencies),
        optionalDependencies: mapValues(table(projectTable['optional-dependencies']), reqs),
        scripts: stringMap(table(projectTable.scripts)),
        guiScripts: stringMap(table(projectTable['gui-scripts'])),
      }
    : null;

  const dependencyGroups: Pyproject['dependencyGroups'] = {};
  for (const [name, entries] of Object.entries(table(doc['dependency-groups']) ?? {})) {
    const group = { requirements: [] as Requirement[], includes: [] as string[] };
    for (const entry of array(entries)) {
      if (typeof entry === 'string') group.requirements.push(req(entry));
      const include = str(table(entry)?.['include-group']);
      if (include) group.includes.push(normalizeName(include));
    }
    dependencyGroups[normalizeName(name)] = group;
  }

  const buildTable = table(doc['build-system']);
  const buildSystem = buildTable
    ? { requires: strings(buildTable.requires), backend: str(buildTable['build-backend']) }
    : null;

  const tool = table(doc.tool) ?? {};
  const uv = readUv(table(tool.uv), reqs);
  const poetry = readPoetry(table(tool.poetry), file, lines);
  const pdmTable = table(tool.pdm);
  const pdm = pdmTable
    ? {
        devDependencies: mapValues(table(pdmTable['dev-dependencies']), reqs),
        distribution: bool(pdmTable.distribution),
        scripts: readPdmScripts(table(pdmTable.scripts)),
      }
    : null;

  let isPackage = buildSystem !== null;
  if (uv?.package !== null && uv?.package !== undefined) isPackage = uv.package;
  if (poetry) isPackage = poetry.packageMode;
  if (pdm?.distribution !== null && pdm?.distribution !== undefined) isPackage = pdm.distribution;

  return {
    path: file,
    project,
    dependencyGroups,
    buildSystem,
    uv,
    poetry,
    pdm,
    shipshape: table(tool.shipshape),
    isPackage,
  };
}

function readUv(uvTable: TomlTable | null, reqs: (value: unknown) => Requirement[]): Pyproject['uv'] {
  if (!uvTable) return null;
  const workspace = table(uvTable.workspace);
  const defaultGroups = uvTable['default-groups'];
  return {
    devDependencies: reqs(uvTable['dev-dependencies']),
    package: bool(uvTable.package),
    workspaceMembers: strings(workspace?.members),
    workspaceExclude: strings(workspace?.exclude),
    defaultGroups:
      defaultGroups === 'all' ? 'all' : Array.isArray(defaultGroups) ? strings(defaultGroups) : null,
    sources: table(uvTable.sources) ?? {},
    raw: uvTable,
  };
}

function readPoetry(
  poetryTable: TomlTable | null,
  file: string,
  lines: (needle: string) => number | null,
): Pyproject['poetry'] {
  if (!poetryTable) return null;
  const readDeps = (value: unknown): { python: string | null; requirements: Requirement[] } => {
    let python: string | null = null;
    const requirements: Requirement[] = [];
    for (const [name, spec] of Object.entries(table(value) ?? {})) {
      if (name.toLowerCase() === 'python') {
        python = str(spec) ?? str(table(spec)?.version);
        continue;
      }
      const specs = Array.isArray(spec) ? spec : [spec];
      for (const one of specs) requirements.push(poetryRequirement(name, one, file, lines(name)));
    }
    return { python, requirements };
  };
  const main = readDeps(poetryTable.dependencies);
  const groups: NonNullable<Pyproject['poetry']>['groups'] = {};
  const legacyDev = table(poetryTable['dev-dependencies']);
  if (legacyDev) groups.dev = { requirements: readDeps(legacyDev).requirements, optional: false };
  for (const [name, group] of Object.entries(table(poetryTable.group) ?? {})) {
    const groupTable = table(group);
    const existing = groups[normalizeName(name)]?.requirements ?? [];
    groups[normalizeName(name)] = {
      requirements: [...existing, ...readDeps(groupTable?.dependencies).requirements],
      optional: bool(groupTable?.optional) ?? false,
    };
  }
  const packages = array(poetryTable.packages).flatMap((entry) => {
    const include = str(table(entry)?.include);
    return include ? [{ include, from: str(table(entry)?.from) }] : [];
  });
  return {
    name: str(poetryTable.name),
    version: str(poetryTable.version),
    python: main.python,
    dependencies: main.requirements,
    groups,
    packages,
    scripts: stringMap(table(poetryTable.scripts)),
    packageMode: bool(poetryTable['package-mode']) ?? true,
  };
}

/** Poetry writes `name = "^1.2"` or `name = { version = "…", extras = […], path = "…" }`. */
export function poetryRequirement(
  name: string,
  spec: unknown,
  file: string,
  line: number | null,
): Requirement {
  const details = table(spec);
  const version = str(spec) ?? str(details?.version) ?? '';
  const url = str(details?.git) ?? str(details?.url) ?? str(details?.path) ?? null;
  const marker = str(details?.markers);
  const extras = strings(details?.extras).map(normalizeName);
  const specifier = version === '*' ? '' : version.replace(/\s+/g, '');
  return {
    name: normalizeName(name),
    raw: `${name}${extras.length ? `[${extras.join(',')}]` : ''}${specifier ? ` ${specifier}` : ''}`,
    extras,
    specifier,
    marker,
    url,
    editable: bool(details?.develop) ?? bool(details?.editable) ?? false,
    file,
    line,
    hashes: [],
  };
}

function mapValues<T>(value: TomlTable | null, map: (entry: unknown) => T): Record<string, T> {
  const result: Record<string, T> = {};
  for (const [key, entry] of Object.entries(value ?? {})) result[normalizeName(key)] = map(entry);
  return result;
}

function stringMap(value: TomlTable | null): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value ?? {})) if (typeof entry === 'string') result[key] = entry;
  return result;
}

/** Finds the 1-based line where a requirement string first appears (TOML parsers drop positions). */
export function lineFinder(text: string): (needle: string) => number | null {
  const lines = text.split('\n');
  return (needle: string) => {
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index] ?? '';
      if (
        line.includes(`"${needle}"`) ||
        line.includes(`'${needle}'`) ||
        line.trimStart().startsWith(`${needle} `) ||
        line.trimStart().startsWith(`${needle}=`)
      ) {
        return index + 1;
      }
    }
    return null;
  };
}

/** PDM scripts: `name = "cmd args"`, `{ cmd = "…" | [...] }` or `{ shell = "…" }`; `call` and `composite` are skipped. */
function readPdmScripts(
  scripts: Record<string, unknown> | null,
): Record<string, { argv: string[]; shell: boolean }> {
  const out: Record<string, { argv: string[]; shell: boolean }> = {};
  for (const [name, value] of Object.entries(scripts ?? {})) {
    if (name === '_') continue;
    const entry = typeof value === 'string' ? { cmd: value } : (table(value) ?? {});
    const cmd = entry.cmd;
    if (typeof cmd === 'string') out[name] = { argv: cmd.trim().split(/\s+/), shell: false };
    else if (Array.isArray(cmd) && cmd.every((c) => typeof c === 'string'))
      out[name] = { argv: cmd as string[], shell: false };
    else if (typeof entry.shell === 'string') out[name] = { argv: ['sh', '-c', entry.shell], shell: true };
  }
  return out;
}
