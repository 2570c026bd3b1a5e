import { type FileVisitor, Grouper, type ImageFacts } from './facts.js';
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

/** Bytecode beside no source, and bytecode kept at several optimisation levels. */
function bytecodeScan(facts: ImageFacts) {
  const orphans = new Grouper();
  const duplicates = new Grouper();
  const levels = new Map<string, Array<{ path: string; size: number; level: string }>>();
  const visit: FileVisitor = (path, node) => {
    const match = BYTECODE.exec(path);
    if (!match) return;
    const [, dir, module, tag, level] = match as unknown as [
      string,
      string,
      string,
      string,
      string | undefined,
    ];
    // CPython only reads __pycache__/*.pyc when the .py beside it exists; without it they are
    // dead bytes. The .py sits beside the __pycache__ folder that holds this file.
    if (facts.fileBesideParent(node, `${module}.py`) < 0) {
      orphans.add(`${dir}/__pycache__`, facts.size(node));
      return;
    }
    const key = `${dir}/${module}.${tag}`;
    const list = levels.get(key) ?? [];
    list.push({ path, size: facts.size(node), level: level ?? '' });
    levels.set(key, list);
  };
  const finish = (waste: Waste) => {
    for (const [key, list] of levels) {
      if (list.length < 2) continue;
      // Only one optimisation level is read at run time; keep the plain one (or the largest) and count the rest.
      const kept =
        list.find((entry) => entry.level === '') ?? list.reduce((a, b) => (b.size > a.size ? b : a));
      for (const entry of list) {
        if (entry !== kept) duplicates.add(`${key.slice(0, key.lastIndexOf('/'))}/__pycache__`, entry.size);
      }
    }
    waste.push('orphan-bytecode', '__pycache__ bytecode whose .py source is not shipped', orphans);
    waste.push('duplicate-bytecode', 'bytecode compiled at several optimisation levels', duplicates);
  };
  return { visit, finish };
}

/** Groups files by the first capture of `pattern`. */
function byPattern(facts: ImageFacts, pattern: RegExp, skip?: (path: string) => boolean) {
  const grouper = new Grouper();
  const visit: FileVisitor = (path, node) => {
    if (skip?.(path)) return;
    const match = pattern.exec(path);
    if (match) grouper.add(match[1]!, facts.size(node));
  };
  return { grouper, visit };
}

/** A path with an ignorable folder somewhere above its file: only these are split into parts. */
const IGNORABLE_DIR_SOMEWHERE = new RegExp(
  `(?:^|/)(?:${[...IGNORABLE_DIRS].map((dir) => dir.replace(/\./g, '\\.')).join('|')})/`,
);

function dockerignoreMaterial(facts: ImageFacts) {
  const grouper = new Grouper();
  const visit: FileVisitor = (path, node) => {
    if (PACKAGES_DIR.test(path) || SYSTEM_DIR.test(path)) return;
    if (IGNORABLE_DIR_SOMEWHERE.test(path)) {
      const parts = path.split('/');
      const dirIndex = parts.findIndex((part, i) => i < parts.length - 1 && IGNORABLE_DIRS.has(part));
      grouper.add(parts.slice(0, dirIndex + 1).join('/'), facts.size(node));
    } else if (IGNORABLE_FILES.test(path.slice(path.lastIndexOf('/') + 1)))
      grouper.add(path, facts.size(node));
  };
  return { grouper, visit };
}

function toolchain(facts: ImageFacts): Grouper {
  const grouper = new Grouper();
  for (const pkg of facts.dpkgPackages()) {
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
  for (const pkg of facts.dpkgPackages()) {
    if (APT_REPOSITORY_TOOLING.has(pkg.name)) grouper.add(`dpkg:${pkg.name}`, pkg.installedBytes);
  }
  return grouper;
}

/**
 * Bytes in the final image that a Python server does not need, each with the paths that
 * hold them. Pure: reads only the facts. `visit` is handed every final file (one walk shared
 * with the other analyzers); `finish` adds the figures up.
 */
export function wasteScan(facts: ImageFacts) {
  const pip = byPattern(facts, PIP_CACHE);
  const uv = byPattern(facts, UV_CACHE);
  const bytecode = bytecodeScan(facts);
  const tests = byPattern(facts, SITE_TESTS);
  const apt = byPattern(facts, APT, (p) => p.endsWith('/lock'));
  const docs = byPattern(facts, DOCS);
  const ignorable = dockerignoreMaterial(facts);
  const visitors = [pip.visit, uv.visit, bytecode.visit, tests.visit, apt.visit, docs.visit, ignorable.visit];
  const visit: FileVisitor = (path, node) => {
    for (const each of visitors) each(path, node);
  };
  const finish = (distributions: DistributionSize[], devOnly: Set<string> | undefined, top: number) => {
    const waste = new Waste(top);
    waste.push('pip-cache', 'pip cache', pip.grouper);
    waste.push('uv-cache', 'uv cache', uv.grouper);
    bytecode.finish(waste);
    waste.push('site-packages-tests', 'tests/ inside site-packages', tests.grouper);
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
    waste.push('apt-lists-cache', 'apt lists and package cache', apt.grouper);
    waste.push('docs-man-locales', 'documentation, man pages and locales', docs.grouper, DOCS_MINIMUM);
    waste.push('dockerignore-material', 'files a .dockerignore should keep out', ignorable.grouper);
    // Grouper labels dpkg packages with a "dpkg:" key; show them as package names, not paths.
    for (const item of waste.items) {
      for (const entry of item.paths) {
        if (!entry.path.startsWith('/dpkg:')) continue;
        entry.path = `package ${entry.path.slice(6)}`;
        delete entry.note;
      }
    }
    return waste.items.sort((a, b) => b.bytes - a.bytes);
  };
  return { visit, finish };
}
