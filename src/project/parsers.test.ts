import { describe, expect, it } from 'vitest';
import { isUserError } from '../errors.js';
import { parsePdmLock } from './pdm-lock.js';
import { parseRequirement } from './pep508.js';
import { parsePipfile, parsePipfileLock } from './pipfile.js';
import { parsePoetryLock } from './poetry-lock.js';
import { parsePyproject } from './pyproject.js';
import { loadRequirementsFiles } from './requirements.js';
import { parseUvLock } from './uv-lock.js';
import { hasPlatformWheel, hasWheelFor, packagesBuiltFromSource, wheelTags } from './wheels.js';

describe('PEP 508 requirements', () => {
  it('reads name, extras, specifier, marker and URL', () => {
    const req = parseRequirement('Typing_Extensions[A,b] >= 4.0 , <5; python_version < "3.12"', {
      file: 'f',
      line: 1,
    });
    expect(req).toMatchObject({ name: 'typing-extensions', extras: ['a', 'b'], specifier: '>=4.0,<5' });
    expect(req.marker).toBe('python_version < "3.12"');
    const url = parseRequirement('pkg @ https://x/pkg.whl ; sys_platform == "linux"', {
      file: 'f',
      line: null,
    });
    expect(url).toMatchObject({ name: 'pkg', url: 'https://x/pkg.whl', marker: 'sys_platform == "linux"' });
  });
});

describe('pyproject.toml', () => {
  const text = `
[project]
name = "demo"
version = "1.0"
requires-python = ">=3.12"
dependencies = ["fastapi[standard]>=0.115", "uvicorn"]
[project.optional-dependencies]
server = ["gunicorn"]
test = ["pytest"]
[project.scripts]
demo = "demo.cli:main"
[dependency-groups]
lint = ["ruff"]
dev = [{ include-group = "lint" }, "pytest>=8"]
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
[tool.uv]
dev-dependencies = ["mypy"]
package = false
[tool.uv.workspace]
members = ["packages/*"]
[tool.shipshape]
ignore = ["SS405"]
`;
  it('reads PEP 621, PEP 735, build-system, tool.uv and tool.shipshape', () => {
    const pyproject = parsePyproject(text, 'pyproject.toml');
    expect(pyproject.project?.name).toBe('demo');
    expect(pyproject.project?.requiresPython).toBe('>=3.12');
    expect(pyproject.project?.dependencies.map((d) => d.name)).toEqual(['fastapi', 'uvicorn']);
    expect(pyproject.project?.dependencies[0]?.line).toBe(6);
    expect(Object.keys(pyproject.project?.optionalDependencies ?? {})).toEqual(['server', 'test']);
    expect(pyproject.project?.scripts).toEqual({ demo: 'demo.cli:main' });
    expect(pyproject.dependencyGroups.dev).toMatchObject({ includes: ['lint'] });
    expect(pyproject.dependencyGroups.dev?.requirements.map((r) => r.name)).toEqual(['pytest']);
    expect(pyproject.buildSystem?.backend).toBe('hatchling.build');
    expect(pyproject.uv?.devDependencies.map((r) => r.name)).toEqual(['mypy']);
    expect(pyproject.uv?.workspaceMembers).toEqual(['packages/*']);
    expect(pyproject.isPackage).toBe(false);
    expect(pyproject.shipshape).toEqual({ ignore: ['SS405'] });
  });

  it('reads tool.poetry with groups, legacy dev-dependencies and packages', () => {
    const pyproject = parsePyproject(
      `[tool.poetry]
name = "svc"
version = "0.1.0"
packages = [{ include = "svc", from = "src" }]
[tool.poetry.dependencies]
python = "^3.11"
django = "^5.0"
psycopg = { version = "^3.1", extras = ["binary"] }
[tool.poetry.dev-dependencies]
black = "*"
[tool.poetry.group.test.dependencies]
pytest = "^8"
`,
      'pyproject.toml',
    );
    expect(pyproject.poetry?.python).toBe('^3.11');
    expect(pyproject.poetry?.dependencies.map((d) => [d.name, d.specifier, d.extras])).toEqual([
      ['django', '^5.0', []],
      ['psycopg', '^3.1', ['binary']],
    ]);
    expect(Object.keys(pyproject.poetry?.groups ?? {})).toEqual(['dev', 'test']);
    expect(pyproject.poetry?.packages).toEqual([{ include: 'svc', from: 'src' }]);
    expect(pyproject.isPackage).toBe(true);
  });

  it('turns malformed TOML into a UserError with file, line and column', () => {
    try {
      parsePyproject('[project]\nname = "x"\ndependencies = [\n', 'pyproject.toml');
      expect.unreachable();
    } catch (error) {
      expect(isUserError(error)).toBe(true);
      expect((error as Error).message).toMatch(/^pyproject\.toml:4:1: malformed TOML/);
    }
  });
});

describe('wheel tags', () => {
  it('expands compressed tag sets', () => {
    const tags = wheelTags('pydantic_core-2.27.2-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl');
    expect(tags).toEqual([
      { python: 'cp313', abi: 'cp313', platform: 'manylinux_2_17_x86_64' },
      { python: 'cp313', abi: 'cp313', platform: 'manylinux2014_x86_64' },
    ]);
    expect(wheelTags('six-1.16.0-py2.py3-none-any.whl')).toHaveLength(2);
    expect(wheelTags('six-1.16.0.tar.gz')).toEqual([]);
  });
});

const UV_LOCK = `version = 1
requires-python = ">=3.12"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "fastapi" }]

[package.optional-dependencies]
speed = [{ name = "orjson" }]

[package.dev-dependencies]
dev = [{ name = "pytest" }]

[[package]]
name = "fastapi"
version = "0.115.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "starlette" }]
sdist = { url = "https://files/fastapi-0.115.0.tar.gz", hash = "sha256:aa", size = 100 }
wheels = [{ url = "https://files/fastapi-0.115.0-py3-none-any.whl", hash = "sha256:bb", size = 94000 }]

[[package]]
name = "starlette"
version = "0.38.0"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://files/starlette-0.38.0-py3-none-any.whl", hash = "sha256:cc", size = 70000 }]

[[package]]
name = "orjson"
version = "3.10.0"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files/orjson-3.10.0.tar.gz", size = 5000 }
wheels = [
  { url = "https://files/orjson-3.10.0-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", size = 140000 },
  { url = "https://files/orjson-3.10.0-cp312-cp312-musllinux_1_2_aarch64.whl", size = 130000 },
]

[[package]]
name = "legacy"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files/legacy-1.0.tar.gz", size = 900 }

[[package]]
name = "pytest"
version = "8.3.0"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://files/pytest-8.3.0-py3-none-any.whl", size = 340000 }]
`;

describe('uv.lock', () => {
  const lock = parseUvLock(UV_LOCK, 'uv.lock');
  it('reads packages, sources, edges, wheels with tags and sizes, sdists', () => {
    expect(lock).toMatchObject({ kind: 'uv', version: '1', requiresPython: '>=3.12' });
    expect(lock.packages.map((p) => p.name)).toEqual([
      'app',
      'fastapi',
      'starlette',
      'orjson',
      'legacy',
      'pytest',
    ]);
    const app = lock.packages[0];
    expect(app?.source).toEqual({ kind: 'editable', url: '.' });
    expect(app?.optionalDependencies).toEqual({ speed: ['orjson'] });
    expect(app?.groupDependencies).toEqual({ dev: ['pytest'] });
    const fastapi = lock.packages[1];
    expect(fastapi?.wheels[0]).toMatchObject({ filename: 'fastapi-0.115.0-py3-none-any.whl', size: 94000 });
    expect(fastapi?.sdist).toMatchObject({ filename: 'fastapi-0.115.0.tar.gz', size: 100 });
  });

  it('answers wheel questions per target', () => {
    const orjson = lock.packages.find((p) => p.name === 'orjson')!;
    expect(hasPlatformWheel(orjson, 'musllinux')).toBe(true);
    expect(hasWheelFor(orjson, { python: '3.13', libc: 'glibc', arch: 'x86_64' })).toBe(true);
    expect(hasWheelFor(orjson, { python: '3.12', libc: 'glibc', arch: 'x86_64' })).toBe(false);
    expect(hasWheelFor(orjson, { python: '3.13', libc: 'glibc', arch: 'arm64' })).toBe(false);
    expect(hasWheelFor(orjson, { python: '3.12', libc: 'musl', arch: 'aarch64' })).toBe(true);
    expect(hasWheelFor(orjson, { python: '3.13', libc: 'glibc', arch: 'x86_64', libcVersion: '2.12' })).toBe(
      false,
    );
    const fromSource = packagesBuiltFromSource(lock, { python: '3.13', libc: 'musl', arch: 'x86_64' }).map(
      (p) => p.name,
    );
    expect(fromSource).toEqual(['orjson', 'legacy']);
  });
});

describe('poetry.lock', () => {
  it('reads groups, categories, dependencies and files', () => {
    const lock = parsePoetryLock(
      `[[package]]
name = "Django"
version = "5.1"
groups = ["main"]
files = [
    {file = "django-5.1-py3-none-any.whl", hash = "sha256:aa"},
    {file = "django-5.1.tar.gz", hash = "sha256:bb"},
]

[package.dependencies]
asgiref = ">=3.8.1,<4"

[[package]]
name = "pytest"
version = "8.0"
category = "dev"
files = []

[metadata]
lock-version = "2.0"
python-versions = "^3.11"
`,
      'poetry.lock',
    );
    expect(lock).toMatchObject({ kind: 'poetry', version: '2.0', requiresPython: '^3.11' });
    expect(lock.packages[0]).toMatchObject({ name: 'django', groups: ['main'], dependencies: ['asgiref'] });
    expect(lock.packages[0]?.wheels[0]?.tags[0]).toEqual({ python: 'py3', abi: 'none', platform: 'any' });
    expect(lock.packages[0]?.sdist?.filename).toBe('django-5.1.tar.gz');
    expect(lock.packages[1]?.groups).toEqual(['dev']);
  });
});

describe('pdm.lock', () => {
  it('reads groups and dependency edges', () => {
    const lock = parsePdmLock(
      `[metadata]
groups = ["default", "test"]
lock_version = "4.5.0"

[[metadata.targets]]
requires_python = ">=3.12"

[[package]]
name = "flask"
version = "3.0.0"
groups = ["default"]
dependencies = ["Werkzeug>=3.0.0", "click>=8.1.3"]
files = [{file = "flask-3.0.0-py3-none-any.whl", hash = "sha256:aa"}]
`,
      'pdm.lock',
    );
    expect(lock).toMatchObject({ kind: 'pdm', version: '4.5.0', requiresPython: '>=3.12' });
    expect(lock.packages[0]).toMatchObject({
      name: 'flask',
      groups: ['default'],
      dependencies: ['werkzeug', 'click'],
    });
  });
});

describe('Pipfile and Pipfile.lock', () => {
  it('reads default and develop sections', () => {
    const pipfile = parsePipfile(
      `[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"
[packages]
flask = "*"
requests = {version = "==2.32.0", extras = ["socks"]}
[dev-packages]
pytest = "*"
[requires]
python_version = "3.12"
`,
      'Pipfile',
    );
    expect(pipfile.packages.map((p) => [p.name, p.specifier])).toEqual([
      ['flask', ''],
      ['requests', '==2.32.0'],
    ]);
    expect(pipfile.devPackages.map((p) => p.name)).toEqual(['pytest']);
    expect(pipfile.pythonVersion).toBe('3.12');
    const lock = parsePipfileLock(
      JSON.stringify({
        _meta: { 'pipfile-spec': 6, requires: { python_version: '3.12' } },
        default: { flask: { version: '==3.0.0' } },
        develop: { pytest: { version: '==8.0.0' } },
      }),
      'Pipfile.lock',
    );
    expect(lock.packages.map((p) => [p.name, p.version, p.groups])).toEqual([
      ['flask', '3.0.0', ['default']],
      ['pytest', '8.0.0', ['develop']],
    ]);
  });

  it('names the line of malformed JSON', () => {
    expect(() => parsePipfileLock('{\n  "default": {,\n}', 'Pipfile.lock')).toThrow(
      /^Pipfile\.lock:2: malformed JSON/,
    );
  });
});

describe('requirements files', () => {
  it('follows -r and -c relative to the including file and records hashes, markers and options', () => {
    const files: Record<string, string> = {
      'requirements/dev.txt': '-r base.txt\n-c ../constraints.txt\npytest==8.0 \\\n    --hash=sha256:abc\n',
      'requirements/base.txt':
        '--index-url https://mirror/simple\n--trusted-host mirror\nflask>=3 ; python_version >= "3.9"  # web\n-e ./libs/core\ngit+https://host/repo.git#egg=extra-lib\n',
      'constraints.txt': 'werkzeug<4\n',
    };
    const loaded = loadRequirementsFiles(['requirements/dev.txt'], (file) => {
      const text = files[file];
      if (text === undefined) throw new Error(`missing ${file}`);
      return text;
    });
    expect(loaded.map((f) => [f.path, f.dev])).toEqual([
      ['requirements/dev.txt', true],
      ['requirements/base.txt', false],
      ['constraints.txt', false],
    ]);
    const [dev, base] = loaded;
    expect(dev?.includes).toEqual(['requirements/base.txt']);
    expect(dev?.constraints).toEqual(['constraints.txt']);
    expect(dev?.requirements[0]).toMatchObject({
      name: 'pytest',
      specifier: '==8.0',
      hashes: ['sha256:abc'],
      line: 3,
    });
    expect(base?.options).toEqual([
      { name: '--index-url', value: 'https://mirror/simple', line: 1 },
      { name: '--trusted-host', value: 'mirror', line: 2 },
    ]);
    expect(base?.requirements.map((r) => [r.name, r.editable, r.marker])).toEqual([
      ['flask', false, 'python_version >= "3.9"'],
      ['', true, null],
      ['extra-lib', false, null],
    ]);
  });
});
