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
  ],
  invalid: [
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
