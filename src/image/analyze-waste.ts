import { parseDpkgStatus } from './dpkg.js';
import { Grouper, type ImageFacts } from './facts.js';
import { normaliseDistName } from './python-dists.js';
import type { DistributionSize, PythonWasteKind, WasteItem } from './types.js';

const DOCS_MINIMUM = 1 << 20;
const PIP_CACHE = /^(.*?\.cache\/pip)\//;
const UV_CACHE = /^(.*?\.cache\/uv)\//;
const BYTECODE = /^(.*)\/__pycache__\/([^/.]+)\.([a-z]+-\d+)(\.opt-[12])?\.pyc$/;
const SITE_TESTS = /^(.*\/(?:site|dist)-packages\/(?:[^/]+\/)*?(?:tests?))\//;
const APT = /^(var\/lib\/apt\/lists|var\/cache\/apt)\//;
const DOCS = /^(usr\/share\/(?:doc|man|info|locale|i18n\/locales))\//;
const PACKAGES_DIR = /\/(?:site|dist)-packages\//;
const SYSTEM_DIR = /^usr\/(?:share|lib|libexec|include)\//;
const IGNORABLE_DIRS = new Set([
  '.git',
  '.hg',
  '.svn',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  '.tox',
  '.nox',
  '.idea',
  '.vscode',
  'htmlcov',
  'node_modules',
]);
const IGNORABLE_FILES =
  /^(?:\.coverage|\.DS_Store|Dockerfile(?:\..*)?|docker-compose[^/]*\.ya?ml|\.dockerignore)$/;
/** Compilers and build helpers that a runtime image never needs. */
const TOOLCHAIN =
  /^(?:gcc|g\+\+|cpp|gfortran|clang|llvm|binutils|make|cmake|build-essential|dpkg-dev|libc6-dev|linux-libc-dev|libgcc-\d+-dev|libstdc\+\+-\d+-dev)(?:-[\d.]+)?(?:-[a-z0-9_-]+-linux-gnu)?$/;

class Waste {
  readonly items: WasteItem[] = [];
  constructor(private readonly top: number) {}

  push(kind: PythonWasteKind, title: string, grouper: Grouper, minimum = 1): void {
    if (grouper.bytes < minimum || grouper.count === 0) return;
    this.items.push({
      kind,
      title,
      bytes: grouper.bytes,
      count: grouper.count,
      paths: grouper.top(this.top),
    });
  }
}

function bytecode(facts: ImageFacts, waste: Waste): void {
  const orphans = new Grouper();
  const duplicates = new Grouper();
  const levels = new Map<string, Array<{ path: string; size: number; level: string }>>();
  facts.eachFile((path, node) => {
    const match = BYTECODE.exec(path);
    if (!match) return;
    const [, dir, module, tag, level] = match as unknown as [
      string,
      string,
      string,
      string,
      string | undefined,
    ];
    // CPython only reads __pycache__/*.pyc when the .py beside it exists; without it they are dead bytes.
    if (facts.file(`${dir}/${module}.py`) < 0) {
      orphans.add(`${dir}/__pycache__`, facts.size(node));
      return;
    }
    const key = `${dir}/${module}.${tag}`;
    const list = levels.get(key) ?? [];
    list.push({ path, size: facts.size(node), level: level ?? '' });
    levels.set(key, list);
  });
  for (const [key, list] of levels) {
    if (list.length < 2) continue;
    // Only one optimisation level is read at run time; keep the plain one (or the largest) and count the rest.
    const kept = list.find((entry) => entry.level === '') ?? list.reduce((a, b) => (b.size > a.size ? b : a));
    for (const entry of list) {
      if (entry !== kept) duplicates.add(`${key.slice(0, key.lastIndexOf('/'))}/__pycache__`, entry.size);
    }
  }
  waste.push('orphan-bytecode', '__pycache__ bytecode whose .py source is not shipped', orphans);
  waste.push('duplicate-bytecode', 'bytecode compiled at several optimisation levels', duplicates);
}

function byPattern(facts: ImageFacts, pattern: RegExp, skip?: (path: string) => boolean): Grouper {
  const grouper = new Grouper();
  facts.eachFile((path, node) => {
    if (skip?.(path)) return;
    const match = pattern.exec(path);
    if (match) grouper.add(match[1]!, facts.size(node));
  });
  return grouper;
}

function dockerignoreMaterial(facts: ImageFacts): Grouper {
  const grouper = new Grouper();
  facts.eachFile((path, node) => {
    if (PACKAGES_DIR.test(path) || SYSTEM_DIR.test(path)) return;
    const parts = path.split('/');
    const dirIndex = parts.findIndex((part, i) => i < parts.length - 1 && IGNORABLE_DIRS.has(part));
    if (dirIndex >= 0) grouper.add(parts.slice(0, dirIndex + 1).join('/'), facts.size(node));
    else if (IGNORABLE_FILES.test(parts[parts.length - 1]!)) grouper.add(path, facts.size(node));
  });
  return grouper;
}

function toolchain(facts: ImageFacts): Grouper {
  const grouper = new Grouper();
  const status = facts.captured.get('var/lib/dpkg/status');
  if (!status) return grouper;
  for (const pkg of parseDpkgStatus(status.toString('utf8'))) {
    if (TOOLCHAIN.test(pkg.name) || pkg.name.endsWith('-dev'))
      grouper.add(`dpkg:${pkg.name}`, pkg.installedBytes);
  }
  return grouper;
}

/** Debian's own Python packages (python3-*) are installed by dpkg, never by the project's lock. */
const DEBIAN_DIST_PACKAGES = /^\/?usr\/lib\/python3\/dist-packages$/;

function devDependencies(distributions: DistributionSize[], devOnly: Set<string>): Grouper {
  const grouper = new Grouper();
  for (const dist of distributions) {
    if (DEBIAN_DIST_PACKAGES.test(dist.location)) continue;
    if (devOnly.has(normaliseDistName(dist.name)))
      grouper.add(`${dist.location.replace(/^\//, '')}/${dist.name}-${dist.version}`, dist.bytes);
  }
  return grouper;
}

/** Packages that only serve to add a third-party apt repository (the guide's Docker CLI install). */
const APT_REPOSITORY_TOOLING = new Set([
  'gnupg',
  'gnupg2',
  'dirmngr',
  'lsb-release',
  'apt-transport-https',
  'software-properties-common',
]);

function aptRepositoryTooling(facts: ImageFacts): Grouper {
  const grouper = new Grouper();
  const status = facts.captured.get('var/lib/dpkg/status');
  if (!status) return grouper;
  for (const pkg of parseDpkgStatus(status.toString('utf8'))) {
    if (APT_REPOSITORY_TOOLING.has(pkg.name)) grouper.add(`dpkg:${pkg.name}`, pkg.installedBytes);
  }
  return grouper;
}

/**
 * Bytes in the final image that a Python server does not need, each with the paths that
 * hold them. Pure: reads only the facts.
 */
export function findWaste(
  facts: ImageFacts,
  distributions: DistributionSize[],
  devOnly: Set<string> | undefined,
  top: number,
): WasteItem[] {
  const waste = new Waste(top);
  waste.push('pip-cache', 'pip cache', byPattern(facts, PIP_CACHE));
  waste.push('uv-cache', 'uv cache', byPattern(facts, UV_CACHE));
  bytecode(facts, waste);
  waste.push('site-packages-tests', 'tests/ inside site-packages', byPattern(facts, SITE_TESTS));
  if (devOnly)
    waste.push(
      'dev-dependencies',
      'development-only dependencies installed',
      devDependencies(distributions, devOnly),
    );
  waste.push('build-toolchain', 'compilers and -dev packages (dpkg Installed-Size)', toolchain(facts));
  waste.push(
    'apt-repository-tooling',
    'helpers for adding apt repositories (dpkg Installed-Size)',
    aptRepositoryTooling(facts),
  );
  waste.push(
    'apt-lists-cache',
    'apt lists and package cache',
    byPattern(facts, APT, (p) => p.endsWith('/lock')),
  );
  waste.push(
    'docs-man-locales',
    'documentation, man pages and locales',
    byPattern(facts, DOCS),
    DOCS_MINIMUM,
  );
  waste.push('dockerignore-material', 'files a .dockerignore should keep out', dockerignoreMaterial(facts));
  // Grouper labels dpkg packages with a "dpkg:" key; show them as package names, not paths.
  for (const item of waste.items) {
    for (const entry of item.paths) {
      if (!entry.path.startsWith('/dpkg:')) continue;
      entry.path = `package ${entry.path.slice(6)}`;
      delete entry.note;
    }
  }
  return waste.items.sort((a, b) => b.bytes - a.bytes);
}
