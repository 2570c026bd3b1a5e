import { rule } from './SS202-dependency-cache-not-mounted.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n',
    'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n',
    {
      name: 'a mount on the whole ~/.cache covers every tool',
      dockerfile:
        'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache poetry install --only main\n',
    },
    {
      name: 'the cache folder moved with UV_CACHE_DIR',
      dockerfile:
        'FROM python:3.12-slim\nENV UV_CACHE_DIR=/opt/uv-cache\nRUN --mount=type=cache,target=${UV_CACHE_DIR} uv sync --locked\n',
    },
    {
      name: 'installing the installer only',
      dockerfile: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir uv==0.8.15\n',
    },
    {
      name: 'apt in the shipped stage is left to SS103',
      dockerfile:
        'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5\n',
    },
    {
      name: 'apt in a builder stage with cache mounts',
      dockerfile:
        'FROM python:3.12-slim AS build\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y gcc\nFROM python:3.12-slim\n',
    },
    {
      name: 'an install of local wheel files downloads nothing',
      dockerfile:
        'FROM python:3.12-slim AS build\nRUN --mount=type=cache,target=/root/.cache/pip pip wheel -r requirements.txt -w /wheels\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels\nRUN pip install --no-cache-dir /wheels/* && pip install dist/app-1.0-py3-none-any.whl\n',
    },
    {
      name: '--no-index installs from local folders only',
      dockerfile:
        'FROM python:3.12-slim\nRUN pip install --no-index --find-links=/wheels -r requirements.txt\n',
    },
  ],
  invalid: [
    {
      name: 'a command that turns the cache off is told to stop, or the mount changes nothing',
      dockerfile:
        'FROM python:3.12-slim\nENV UV_NO_CACHE=1\nRUN pip install --no-cache-dir -r requirements.txt\nRUN uv sync --locked\nRUN PIP_NO_CACHE_DIR=off pip install gunicorn\nRUN pip install flask\n',
      errors: [
        {
          line: 3,
          message:
            'pip downloads every package again whenever this layer rebuilds: add `--mount=type=cache,target=/root/.cache/pip` to the RUN and drop `--no-cache-dir`, which keeps pip from using it.',
        },
        {
          line: 4,
          message: /target=\/root\/\.cache\/uv` to the RUN and drop `UV_NO_CACHE=1`, which keeps uv/,
        },
        { line: 5, message: /and drop `PIP_NO_CACHE_DIR=off`/ },
        { line: 6, message: /target=\/root\/\.cache\/pip` to the RUN\.$/ },
      ],
    },
    {
      name: 'the message names the cache folder POETRY_CACHE_DIR moved to',
      dockerfile:
        'FROM python:3.12-slim\nENV POETRY_CACHE_DIR=/tmp/poetry_cache\nRUN poetry install --only main\nRUN PIP_CACHE_DIR=/var/pip pip install -r requirements.txt\nRUN uv pip install --cache-dir /opt/uvc -r requirements.txt\n',
      errors: [
        { line: 3, message: /add `--mount=type=cache,target=\/tmp\/poetry_cache` to the RUN/ },
        { line: 4, message: /add `--mount=type=cache,target=\/var\/pip` to the RUN/ },
        { line: 5, message: /add `--mount=type=cache,target=\/opt\/uvc` to the RUN/ },
      ],
    },
    {
      dockerfile: 'FROM python:3.12-slim\nRUN uv sync --locked --no-dev\n',
      errors: [
        {
          line: 2,
          column: 5,
          endColumn: 30,
          message:
            'uv downloads every package again whenever this layer rebuilds: add `--mount=type=cache,target=/root/.cache/uv` to the RUN.',
        },
      ],
    },
    {
      name: 'a cache mount for the wrong tool',
      dockerfile:
        'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/uv pip install --no-cache-dir -r requirements.txt\n',
      errors: [{ line: 2, column: 47, message: /pip downloads.*\/root\/\.cache\/pip/ }],
    },
    {
      name: 'apt in a builder stage',
      dockerfile:
        'FROM python:3.12-slim AS build\nRUN apt-get update && apt-get install -y gcc\nFROM python:3.12-slim\nCOPY --from=build /usr/bin/gcc /tmp/\n',
      errors: [{ line: 2, column: 23, endColumn: 45, message: /builder stage.*\/var\/cache\/apt/ }],
    },
    {
      name: 'poetry and pdm',
      dockerfile: 'FROM python:3.12-slim\nRUN poetry install --only main && pdm install --prod\n',
      errors: [
        { line: 2, column: 5, message: /Poetry.*pypoetry/ },
        { line: 2, column: 35, message: /PDM.*\/root\/\.cache\/pdm/ },
      ],
    },
  ],
});
