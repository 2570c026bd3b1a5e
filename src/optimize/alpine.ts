/**
 * Debian package names → Alpine's, for the alpine variant (the guide's strategy 2). Build
 * packages stay in the builder; each `-dev` package brings its runtime library to the
 * shipped stage.
 */
const BUILD: Record<string, string[]> = {
  'build-essential': ['build-base'],
  gcc: ['gcc', 'musl-dev'],
  'g++': ['g++', 'musl-dev'],
  make: ['make'],
  'pkg-config': ['pkgconf'],
  'libpq-dev': ['postgresql-dev'],
  'libffi-dev': ['libffi-dev'],
  'libssl-dev': ['openssl-dev'],
  'default-libmysqlclient-dev': ['mariadb-dev'],
  'libmariadb-dev': ['mariadb-dev'],
  'libxml2-dev': ['libxml2-dev'],
  'libxslt1-dev': ['libxslt-dev'],
  'libjpeg-dev': ['libjpeg-turbo-dev'],
  'zlib1g-dev': ['zlib-dev'],
  'libpng-dev': ['libpng-dev'],
  'python3-dev': [],
};

const RUNTIME_OF_BUILD: Record<string, string> = {
  'libpq-dev': 'libpq',
  'libffi-dev': 'libffi',
  'libssl-dev': 'openssl',
  'default-libmysqlclient-dev': 'mariadb-connector-c',
  'libmariadb-dev': 'mariadb-connector-c',
  'libxml2-dev': 'libxml2',
  'libxslt1-dev': 'libxslt',
  'libjpeg-dev': 'libjpeg-turbo',
  'zlib1g-dev': 'zlib',
  'libpng-dev': 'libpng',
};

const RUNTIME: Record<string, string> = {
  'ca-certificates': 'ca-certificates',
  'fonts-dejavu-core': 'font-dejavu',
  tzdata: 'tzdata',
  libpq5: 'libpq',
  libffi8: 'libffi',
};

export function alpinePackages(
  debianBuild: string[],
  debianRuntime: string[],
  compiles: boolean,
): { build: string[]; runtime: string[] } {
  const build = new Set<string>(compiles || debianBuild.length > 0 ? ['build-base'] : []);
  const runtime = new Set<string>();
  for (const name of debianBuild) {
    for (const mapped of BUILD[name] ?? [name]) build.add(mapped);
    const lib = RUNTIME_OF_BUILD[name];
    if (lib) runtime.add(lib);
  }
  for (const name of debianRuntime) {
    if (Object.values(RUNTIME_OF_BUILD).includes(name)) continue;
    runtime.add(RUNTIME[name] ?? name);
  }
  return { build: [...build].sort(), runtime: [...runtime].sort() };
}
