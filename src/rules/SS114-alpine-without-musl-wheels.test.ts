import { rule } from './SS114-alpine-without-musl-wheels.js';
import { ruleTester } from './test-support/tester.js';

const wheel = (file: string) =>
  `  { url = "https://files.pythonhosted.org/packages/${file}", hash = "sha256:00", size = 1 },`;

const UV_LOCK = `version = 1
revision = 2
requires-python = ">=3.12"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [
  { name = "idna" },
  { name = "orjson" },
  { name = "pydantic-core" },
]

[[package]]
name = "idna"
version = "3.10"
source = { registry = "https://pypi.org/simple" }
wheels = [
${wheel('idna-3.10-py3-none-any.whl')}
]

[[package]]
name = "orjson"
version = "3.10.18"
source = { registry = "https://pypi.org/simple" }
wheels = [
${wheel('orjson-3.10.18-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl')}
${wheel('orjson-3.10.18-cp312-cp312-musllinux_1_2_x86_64.whl')}
]

[[package]]
name = "pydantic-core"
version = "2.33.2"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/pydantic_core-2.33.2.tar.gz", hash = "sha256:00", size = 1 }
wheels = [
${wheel('pydantic_core-2.33.2-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl')}
${wheel('pydantic_core-2.33.2-cp313-cp313-musllinux_1_1_x86_64.whl')}
]
`;

const PROJECT = {
  'pyproject.toml':
    '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.12"\ndependencies = ["idna", "orjson", "pydantic-core"]\n',
  'uv.lock': UV_LOCK,
};

ruleTester(rule, {
  valid: [
    { dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nRUN uv sync --locked --no-dev\n', files: PROJECT },
    {
      name: 'Alpine stage that installs nothing from the lock',
      dockerfile: 'FROM python:3.12-alpine\nCOPY --from=builder /app /app\n',
      files: PROJECT,
    },
    {
      name: 'every binary package has a musl wheel for this Python',
      dockerfile: 'FROM python:3.13-alpine\nRUN uv sync --locked --no-dev\n',
      files: {
        ...PROJECT,
        'uv.lock': UV_LOCK.replace('cp312-cp312-manylinux_2_17', 'cp313-cp313-manylinux_2_17').replace(
          'orjson-3.10.18-cp312-cp312-musllinux',
          'orjson-3.10.18-cp313-cp313-musllinux',
        ),
      },
    },
  ],
  invalid: [
    {
      dockerfile:
        'FROM python:3.12-alpine AS builder\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-dev\n',
      files: PROJECT,
      errors: [
        {
          line: 1,
          column: 6,
          endColumn: 24,
          message:
            '1 locked package has no musllinux wheel for Python 3.12 and will compile from source on Alpine (pydantic-core 2.33.2): use a Debian `-slim` base, or build them in a builder stage with the compilers they need.',
        },
      ],
    },
  ],
});
