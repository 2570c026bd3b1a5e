/**
 * Splits apt packages between the builder (compilers, headers) and the shipped stage (the
 * shared libraries those headers link against), per Debian release.
 */

export type DebianRelease = 'bookworm' | 'trixie';

const BUILD_ONLY = new Set([
  'build-essential',
  'gcc',
  'g++',
  'cpp',
  'make',
  'cmake',
  'pkg-config',
  'pkgconf',
  'autoconf',
  'automake',
  'libtool',
  'cargo',
  'rustc',
  'git',
  'python3-dev',
]);

/** Helpers that only serve to add a third-party apt repository. */
export const REPOSITORY_HELPERS = new Set([
  'curl',
  'gnupg',
  'gnupg2',
  'lsb-release',
  'apt-transport-https',
  'software-properties-common',
  'wget',
]);

/** Helpers with no use but adding a repository; curl and wget are general tools, dropped only when seen serving one. */
const REPOSITORY_ONLY = new Set([
  'gnupg',
  'gnupg2',
  'lsb-release',
  'apt-transport-https',
  'software-properties-common',
]);

export const DOCKER_PACKAGES = new Set([
  'docker-ce-cli',
  'docker-ce',
  'docker.io',
  'docker-cli',
  'containerd.io',
  'docker-buildx-plugin',
  'docker-compose-plugin',
]);

const RUNTIME_OF_DEV: Record<string, Partial<Record<DebianRelease, string>> & { any?: string }> = {
  'libpq-dev': { any: 'libpq5' },
  'libffi-dev': { any: 'libffi8' },
  'libssl-dev': { bookworm: 'libssl3', trixie: 'libssl3t64' },
  'default-libmysqlclient-dev': { any: 'libmariadb3' },
  'libmariadb-dev': { any: 'libmariadb3' },
  'libmariadb-dev-compat': { any: 'libmariadb3' },
  'libxml2-dev': { bookworm: 'libxml2', trixie: 'libxml2' },
  'libxslt1-dev': { any: 'libxslt1.1' },
  'libjpeg-dev': { any: 'libjpeg62-turbo' },
  'libjpeg62-turbo-dev': { any: 'libjpeg62-turbo' },
  'zlib1g-dev': { any: 'zlib1g' },
  'libpng-dev': { any: 'libpng16-16t64', bookworm: 'libpng16-16' },
  'libgeos-dev': { bookworm: 'libgeos-c1v5', trixie: 'libgeos-c1t64' },
  'libcairo2-dev': { any: 'libcairo2' },
  'libsqlite3-dev': { any: 'libsqlite3-0' },
  'libyaml-dev': { any: 'libyaml-0-2' },
  'libmagic-dev': { any: 'libmagic1t64', bookworm: 'libmagic1' },
  'libsasl2-dev': { any: 'libsasl2-2' },
  'libldap2-dev': { bookworm: 'libldap-2.5-0', trixie: 'libldap2' },
  'libcurl4-openssl-dev': { bookworm: 'libcurl4', trixie: 'libcurl4t64' },
  'libbz2-dev': { any: 'libbz2-1.0' },
  'liblzma-dev': { any: 'liblzma5' },
  'libzstd-dev': { any: 'libzstd1' },
  libgomp1: { any: 'libgomp1' },
};

/** Debian's packages of the interpreter itself: python3, python3.13-venv, python3-dev, libpython3.13… */
function isPythonPackage(name: string): boolean {
  return /^(lib)?python3(\.\d+)?(-minimal|-venv|-dev|-pip|-stdlib)?$/.test(name);
}

export function isBuildOnly(name: string): boolean {
  return BUILD_ONLY.has(name) || /-dev$/.test(name) || /^(gcc|g\+\+|clang|llvm)(-\d+)?$/.test(name);
}

/** The runtime library a `-dev` package links against, or null when none is known. */
export function runtimeLibraryOf(devPackage: string, release: DebianRelease | null): string | null {
  const entry = RUNTIME_OF_DEV[devPackage];
  if (!entry) return null;
  return (release ? entry[release] : undefined) ?? entry.any ?? entry.bookworm ?? null;
}

export interface PackageSplit {
  build: string[];
  runtime: string[];
  dropped: string[];
  unknownDev: string[];
  /** Added to the build: what a compiler brought as a Recommends, which --no-install-recommends leaves out. */
  addedForBuild: string[];
  /** Named by the original but already in the python slim image. */
  inBase: string[];
}

/** Recommends a build relies on: Debian's gcc and g++ recommend libc6-dev (build-essential depends on it). */
const NEEDED_RECOMMENDS: Record<string, string[]> = {
  gcc: ['libc6-dev'],
  'g++': ['libc6-dev'],
  cc: ['libc6-dev'],
  clang: ['libc6-dev'],
};

/** What every python:*-slim image already installs. */
const IN_PYTHON_SLIM = new Set(['ca-certificates', 'netbase']);

/**
 * Sorts the packages of the original Dockerfile. Repository helpers are dropped when no
 * other step uses them (`stillUsed`) — curl and wget only when the original used them just to add
 * a repository or in a health check optimize replaced (`helperOnly`) — and Docker packages are
 * replaced by the CLI image.
 */
export function splitPackages(
  packages: readonly string[],
  release: DebianRelease | null,
  stillUsed: ReadonlySet<string>,
  pythonSlimBase = true,
  helperOnly: ReadonlySet<string> = new Set(),
): PackageSplit {
  const build = new Set<string>();
  const runtime = new Set<string>();
  const dropped = new Set<string>();
  const unknownDev: string[] = [];
  const inBase = new Set<string>();
  for (const name of packages) {
    // apt's Python is never carried over: every base optimize writes brings its own.
    if (isPythonPackage(name)) continue;
    if (pythonSlimBase && IN_PYTHON_SLIM.has(name)) {
      inBase.add(name);
      continue;
    }
    if (DOCKER_PACKAGES.has(name)) dropped.add(name);
    else if (
      REPOSITORY_HELPERS.has(name) &&
      !stillUsed.has(name) &&
      (REPOSITORY_ONLY.has(name) || helperOnly.has(name))
    )
      dropped.add(name);
    else if (isBuildOnly(name)) {
      build.add(name);
      const lib = runtimeLibraryOf(name, release);
      if (lib) runtime.add(lib);
      else if (name.endsWith('-dev') && name !== 'python3-dev') {
        // Without a known library to keep instead, the package itself stays where the original had it.
        runtime.add(name);
        unknownDev.push(name);
      }
    } else runtime.add(name);
  }
  const addedForBuild: string[] = [];
  if (!build.has('build-essential'))
    for (const name of [...build])
      for (const needed of NEEDED_RECOMMENDS[name.replace(/-\d+$/, '')] ?? [])
        if (!build.has(needed)) {
          build.add(needed);
          addedForBuild.push(needed);
        }
  return {
    build: [...build].sort(),
    runtime: [...runtime].sort(),
    dropped: [...dropped].sort(),
    unknownDev,
    addedForBuild,
    inBase: [...inBase].sort(),
  };
}
