import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { lines } from './generate.js';
import { type CaseRoot, type CaseRun, type HostileCase, writeFiles } from './harness.js';

// Project files built to hang, explode or crash the project reader: pyproject.toml,
// requirements files, locks, .dockerignore, the project folder itself.

const PIP = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n';
const UV =
  'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv /uv /bin/uv\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen\n';
const MiB = 1024 * 1024;

/** Writes the project and runs `args` (default: lint) on it. */
const project =
  (files: Record<string, string | Buffer>, run: Partial<CaseRun> = {}) =>
  (root: CaseRoot): CaseRun => {
    writeFiles(root.work, files);
    return { args: ['lint'], exit: [0, 1], ...run };
  };

const nested = (depth: number, open: string, close: string, inner: string) =>
  `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

const uvLock = (packages: string) => `version = 1\nrequires-python = ">=3.12"\n\n${packages}`;

export const projectCases: HostileCase[] = [
  {
    name: 'pyproject.toml that is not TOML: the file and line, exit 2',
    make: project(
      { Dockerfile: PIP, 'requirements.txt': 'flask\n', 'pyproject.toml': '[project\nname = \n' },
      {
        exit: 2,
        stderr: /pyproject\.toml:1/,
      },
    ),
  },
  {
    name: 'pyproject.toml: arrays nested 100,000 deep',
    make: project(
      {
        Dockerfile: PIP,
        'requirements.txt': 'flask\n',
        'pyproject.toml': `a = ${nested(100_000, '[', ']', '1')}\n`,
      },
      {
        exit: [0, 1, 2],
      },
    ),
  },
  {
    name: 'pyproject.toml: inline tables nested 50,000 deep',
    make: project(
      {
        Dockerfile: PIP,
        'requirements.txt': 'flask\n',
        'pyproject.toml': `a = ${nested(50_000, '{b = ', '}', '1')}\n`,
      },
      {
        exit: [0, 1, 2],
      },
    ),
  },
  {
    name: 'pyproject.toml of the wrong shape (project a string, dependencies a number, config a list)',
    make: project(
      {
        Dockerfile: PIP,
        'requirements.txt': 'flask\n',
        'pyproject.toml': 'project = "x"\n[tool.shipshape]\nselect = 5\nignore = [[1]]\n',
      },
      { exit: [0, 1, 2] },
    ),
  },
  {
    name: 'pyproject.toml: dependencies of every wrong type',
    make: project(
      {
        Dockerfile: PIP,
        'requirements.txt': 'flask\n',
        'pyproject.toml':
          '[project]\nname = 5\nversion = []\ndependencies = [5, {a = 1}, [], "", "@@@", "x[", "y ; ("]\n[project.optional-dependencies]\ndev = "x"\n[dependency-groups]\ndev = [{include-group = "dev"}]\n',
      },
      { exit: [0, 1, 2] },
    ),
  },
  {
    name: 'pyproject.toml past the 1 MiB read limit',
    make: project(
      { Dockerfile: PIP, 'requirements.txt': 'flask\n', 'pyproject.toml': `# ${'x'.repeat(MiB)}\n` },
      { exit: 2, stderr: /pyproject\.toml/ },
    ),
  },
  {
    name: 'requirements that include each other in a loop',
    make: project({
      Dockerfile: PIP,
      'requirements.txt': 'flask\n-r more.txt\n',
      'more.txt': 'django\n-r requirements.txt\n',
    }),
  },
  {
    name: 'a chain of 300 requirements files, each including the next',
    make: project({
      Dockerfile: PIP,
      'requirements.txt': '-r r/0.txt\n',
      ...Object.fromEntries(
        Array.from({ length: 300 }, (_, i) => [
          `r/${i}.txt`,
          `pkg${i}\n${i < 299 ? `-r ${i + 1}.txt\n` : ''}`,
        ]),
      ),
    }),
  },
  {
    name: 'requirements of 20,000 lines',
    make: project({ Dockerfile: PIP, 'requirements.txt': lines(20_000, (i) => `pkg-${i}>=1.${i}`) }),
  },
  {
    name: 'requirements: 10,000 continuation lines and options without values',
    make: project({
      Dockerfile: PIP,
      'requirements.txt': `flask \\\n${lines(10_000, () => '--hash=sha256:00 \\')}\n--index-url\n-r\n-c\n-e\n`,
    }),
  },
  {
    name: 'requirements in UTF-16 with odd entries',
    make: project({
      Dockerfile: PIP,
      'requirements.txt': Buffer.from(
        '\uFEFFflask\r\n./libs/x[y]\r\nx @ file:./w.whl\r\ngit+https://h/r.git#egg=z\r\n\u202e\r\n',
        'utf16le',
      ),
    }),
  },
  {
    name: 'requirements with NUL bytes: refused',
    make: project(
      { Dockerfile: PIP, 'requirements.txt': 'flask\n\u0000\n' },
      { exit: 2, stderr: /requirements\.txt/ },
    ),
  },
  {
    name: '-r to a file outside the project: refused unread, naming the asking line',
    make: (root) => {
      writeFileSync(path.join(root.outside, 'secret.txt'), 'not for reading\n');
      return project(
        { Dockerfile: PIP, 'requirements.txt': `flask\n-r ${path.join(root.outside, 'secret.txt')}\n` },
        { exit: 2, stderr: /requirements\.txt:2: .*outside the project/ },
      )(root);
    },
  },
  {
    name: '-r /dev/zero and -r /etc/passwd: refused, nothing read',
    make: project(
      { Dockerfile: PIP, 'requirements.txt': '-r /dev/zero\n-r /etc/passwd\n' },
      { exit: 2, stderr: /requirements\.txt:1/, witnesses: ['/etc/passwd'] },
    ),
  },
  {
    name: '-r to a FIFO in the project: refused at once',
    make: (root) => {
      writeFiles(root.work, { Dockerfile: PIP, 'requirements.txt': 'flask\n-r more.txt\n' });
      execFileSync('mkfifo', [path.join(root.work, 'more.txt')]);
      return { args: ['lint'], exit: 2, stderr: /FIFO/, ms: 8_000 };
    },
  },
  {
    name: 'uv.lock that is not TOML',
    make: project(
      {
        Dockerfile: UV,
        'pyproject.toml': '[project]\nname = "x"\nversion = "1"\n',
        'uv.lock': 'version = \n[[package\n',
      },
      { exit: 2, stderr: /uv\.lock/ },
    ),
  },
  {
    name: 'uv.lock of the wrong shape',
    make: project(
      {
        Dockerfile: UV,
        'pyproject.toml': '[project]\nname = "x"\nversion = "1"\n',
        'uv.lock': 'version = "one"\npackage = 5\n[manifest]\nmembers = 7\n',
      },
      { exit: [0, 1, 2] },
    ),
  },
  {
    name: 'uv.lock packages of the wrong shape',
    make: project(
      {
        Dockerfile: UV,
        'pyproject.toml': '[project]\nname = "x"\nversion = "1"\n',
        'uv.lock': uvLock(
          '[[package]]\nversion = 5\n\n[[package]]\nname = 7\nsource = "x"\ndependencies = "y"\nwheels = [5, {url = 3}]\nsdist = []\n[package.optional-dependencies]\na = 5\n',
        ),
      },
      { exit: [0, 1, 2] },
    ),
  },
  {
    name: 'uv.lock past the 16 MiB lock limit',
    make: project(
      {
        Dockerfile: UV,
        'pyproject.toml': '[project]\nname = "x"\nversion = "1"\n',
        'uv.lock': `${uvLock('')}# ${'x'.repeat(16 * MiB)}\n`,
      },
      { exit: 2, stderr: /uv\.lock/ },
    ),
  },
  {
    name: 'uv.lock of 5,000 packages',
    make: project(
      {
        Dockerfile: UV,
        'pyproject.toml': '[project]\nname = "x"\nversion = "1"\ndependencies = ["p0"]\n',
        'uv.lock': uvLock(
          `[[package]]\nname = "x"\nversion = "1"\nsource = { editable = "." }\ndependencies = [{ name = "p0" }]\n\n${Array.from(
            { length: 5_000 },
            (_, i) =>
              `[[package]]\nname = "p${i}"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }\n${i < 4_999 ? `dependencies = [{ name = "p${i + 1}" }]\n` : ''}wheels = [{ url = "https://h/p${i}-1.0-py3-none-any.whl", hash = "sha256:00", size = 1 }]\n`,
          ).join('\n')}`,
        ),
      },
      { ms: 20_000 },
    ),
  },
  {
    name: 'optimize: a uv.lock of another project is refused in one sentence',
    make: project(
      {
        Dockerfile: UV,
        'pyproject.toml': '[project]\nname = "mine"\nversion = "1"\ndependencies = ["flask"]\n',
        'uv.lock': uvLock('[[package]]\nname = "other"\nversion = "1"\nsource = { editable = "." }\n'),
      },
      { args: ['optimize'], exit: 2, stderr: /uv\.lock belongs to another project/ },
    ),
  },
  {
    name: 'poetry.lock, pdm.lock and Pipfile.lock of the wrong shape',
    make: project(
      {
        Dockerfile: PIP,
        'requirements.txt': 'flask\n',
        'poetry.lock': '[[package]]\nname = []\n[metadata]\nfiles = 5\n',
        'pdm.lock': 'package = "x"\n',
        'Pipfile.lock': '{"_meta": null, "default": 5, "develop": [null]}',
        Pipfile: '[packages]\nflask = 5\n[requires]\npython_version = []\n',
      },
      { exit: [0, 1, 2] },
    ),
  },
  {
    name: 'Pipfile.lock: JSON nested 200,000 deep',
    make: project(
      {
        Dockerfile: 'FROM python:3.12-slim\nCOPY . .\nRUN pip install pipenv && pipenv install --deploy\n',
        Pipfile: '[packages]\nflask = "*"\n',
        'Pipfile.lock': nested(200_000, '[', ']', '1'),
      },
      { exit: [0, 1, 2] },
    ),
  },
  {
    name: '.dockerignore of 1,000 pathological globs over 2,000 files',
    make: project({
      Dockerfile: PIP,
      'requirements.txt': 'flask\n',
      '.dockerignore': lines(
        1_000,
        (i) => `${'**/'.repeat(12)}*a*a*a*a*a*a*a*a*${i}b\n!${'*/'.repeat(20)}[a-`,
      ),
      ...Object.fromEntries(
        Array.from({ length: 2_000 }, (_, i) => [`src/${'a'.repeat(i % 40)}/${'a'.repeat(30)}${i}.py`, '']),
      ),
    }),
  },
  {
    name: '.dockerignore of 40,000 lines',
    make: project({
      Dockerfile: PIP,
      'requirements.txt': 'flask\n',
      '.dockerignore': lines(40_000, (i) => `dir${i}/**/*.pyc`),
    }),
  },
  {
    name: 'a FIFO named .dockerignore: refused by name at once',
    make: (root) => {
      writeFiles(root.work, { Dockerfile: PIP, 'requirements.txt': 'flask\n' });
      execFileSync('mkfifo', [path.join(root.work, '.dockerignore')]);
      return { args: ['lint'], exit: 2, stderr: /\.dockerignore.*FIFO/, ms: 8_000 };
    },
  },
  {
    name: 'a project folder with a link loop and 5,000 files',
    make: (root) => {
      writeFiles(root.work, { Dockerfile: PIP, 'requirements.txt': 'flask\n' });
      for (let d = 0; d < 50; d++) {
        mkdirSync(path.join(root.work, 'pkg', `d${d}`), { recursive: true });
        for (let f = 0; f < 100; f++) writeFileSync(path.join(root.work, 'pkg', `d${d}`, `m${f}.py`), '');
      }
      symlinkSync('..', path.join(root.work, 'pkg', 'loop'));
      symlinkSync(root.root, path.join(root.work, 'up'));
      return { args: ['info'], exit: 0 };
    },
  },
  ...(
    [
      ['a folder', (file: string) => mkdirSync(file), /folder/],
      ['a FIFO', (file: string) => execFileSync('mkfifo', [file]), /FIFO/],
      ['garbage', (file: string) => writeFileSync(file, 'garbage'.repeat(1000)), /not a shipshape history/],
      [
        "another program's SQLite database in WAL mode",
        (file: string) => {
          const db = new Database(file);
          db.pragma('journal_mode = WAL');
          db.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (1);');
          db.close();
        },
        /another program/,
      ],
    ] as const
  ).map(
    ([what, make, message]): HostileCase => ({
      name: `history database that is ${what}: one sentence, left as it is, no -wal or -shm beside it`,
      make: (root) => {
        mkdirSync(path.join(root.work, '.shipshape'));
        make(path.join(root.work, '.shipshape', 'history.sqlite'));
        return { args: ['history'], exit: 2, stderr: message, ms: 8_000 };
      },
    }),
  ),
  {
    name: '.shipshape.toml of the wrong shape',
    make: project(
      {
        Dockerfile: PIP,
        'requirements.txt': 'flask\n',
        '.shipshape.toml': 'select = 5\nfail-on = ["x"]\n[budgets]\nmax-size = {}\n',
      },
      { exit: 2 },
    ),
  },
];
