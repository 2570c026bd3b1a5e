import { rule } from './SS201-source-copied-before-dependencies.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n',
    {
      name: 'manifests copied first, project installed after the source',
      dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-install-project\nCOPY src/ ./src/\nRUN uv sync --locked\n',
    },
    {
      name: '--no-deps installs only the project',
      dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nRUN pip install --no-deps /app\n',
    },
    {
      name: 'a single config file is not the source tree',
      dockerfile:
        'FROM python:3.12-slim\nCOPY gunicorn.conf.py.txt /etc/\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
    },
    {
      name: 'installing a wheel built from the source',
      dockerfile: 'FROM python:3.12-slim\nCOPY . .\nRUN python -m build && pip install dist/*.whl\n',
    },
    {
      name: 'the source COPY is in another stage',
      dockerfile:
        'FROM python:3.12-slim AS src\nCOPY . /src\nFROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
    },
    {
      name: 'deployment folders the install does not read: scripts, nginx config',
      dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY scripts/ /app/scripts/\nCOPY nginx /etc/nginx/conf.d\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n',
    },
    {
      name: 'a lone __init__.py Poetry needs to install the project',
      dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml poetry.lock ./\nCOPY app/__init__.py app/__init__.py\nRUN poetry install --only main\nCOPY app/ app/\n',
    },
  ],
  invalid: [
    {
      name: 'a package that really is called scripts is source',
      dockerfile:
        'FROM python:3.12-slim\nCOPY pyproject.toml ./\nCOPY scripts/ scripts/\nRUN pip install .\n',
      files: { 'pyproject.toml': '[project]\nname = "scripts"\nversion = "1"\n', 'scripts/__init__.py': '' },
      errors: [{ line: 4, column: 5, message: /`COPY scripts\/ scripts\/` \(line 3\)/ }],
    },
    {
      dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n',
      errors: [
        {
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 51,
          message:
            'This install reruns on every code change because `COPY . .` (line 3) copies the source before it: copy only the dependency files first, install, then copy the source.',
        },
      ],
    },
    {
      name: 'a code folder, uv sync, inherited from the parent stage',
      dockerfile:
        'FROM python:3.12-slim AS base\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nCOPY app/ ./app/\nFROM base AS build\nRUN uv sync --locked\n',
      errors: [{ line: 6, column: 5, endColumn: 21, message: /`COPY app\/ \.\/app\/` \(line 4\)/ }],
    },
    {
      name: 'python files by glob, poetry install after apt',
      dockerfile:
        'FROM python:3.12-slim\nCOPY *.py pyproject.toml poetry.lock ./\nRUN apt-get update && poetry install --only main\n',
      errors: [{ line: 3, column: 23 }],
    },
  ],
});
