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
      name: "a docker-stacks image: the cache mount on jovyan's folder, owned by jovyan",
      dockerfile:
        'FROM quay.io/jupyter/scipy-notebook:2024-05-27\nCOPY --chown=${NB_UID}:${NB_GID} requirements.txt /tmp/\nRUN --mount=type=cache,target=/home/jovyan/.cache/pip,uid=1000,gid=100 pip install -r /tmp/requirements.txt\n',
    },
    {
      name: 'a uv project run as app, with the mount on its cache home (a parent of ~/.cache/uv)',
      dockerfile:
        'FROM python:3.12-slim\nRUN groupadd -g 1000 app && useradd -m -u 1000 -g app app\nUSER app\nWORKDIR /home/app/src\nCOPY --chown=app:app pyproject.toml uv.lock ./\nRUN --mount=type=cache,target=/home/app/.cache,uid=1000,gid=1000 uv sync --locked --no-dev\n',
    },
    {
      name: "XDG_CACHE_HOME moves every tool's cache, for root and for the user",
      dockerfile:
        'FROM python:3.12-slim\nENV XDG_CACHE_HOME=/cache\nRUN --mount=type=cache,target=/cache/pip pip install -r requirements.txt\nRUN useradd -u 1000 app\nUSER app\nRUN --mount=type=cache,target=/cache/uv,uid=1000 uv sync --locked\n',
    },
    {
      name: "gosu runs pip as app: the mount is app's",
      dockerfile:
        'FROM python:3.12-slim\nRUN useradd -m -u 1000 app\nRUN --mount=type=cache,target=/home/app/.cache/pip,uid=1000 gosu app pip install --user -r requirements.txt\n',
    },
    {
      name: 'a dev image made with the host ids passed as build arguments, installing through su -l',
      dockerfile:
        'FROM python:3.12\nARG HOST_UID\nARG HOST_GID\nRUN groupadd --gid ${HOST_GID} dev && useradd --uid ${HOST_UID} -g dev --create-home --shell /bin/bash dev\nRUN --mount=type=cache,target=/home/dev/.cache,uid=${HOST_UID},gid=${HOST_GID} su -l dev -c "cd /code && pip install --user -e ."\n',
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
      name: 'a docker-stacks image installs as jovyan: its folder and ids, and the option that turns the cache off',
      dockerfile:
        'FROM quay.io/jupyter/minimal-notebook:2024-05-27\nCOPY --chown=${NB_UID}:${NB_GID} requirements.txt /tmp/\nRUN pip install --no-cache-dir --requirement /tmp/requirements.txt && fix-permissions "${CONDA_DIR}" && fix-permissions "/home/${NB_USER}"\n',
      errors: [
        {
          line: 3,
          column: 5,
          message:
            'pip downloads every package again whenever this layer rebuilds: add `--mount=type=cache,target=/home/jovyan/.cache/pip,uid=1000,gid=100` to the RUN and drop `--no-cache-dir`, which keeps pip from using it.',
        },
      ],
    },
    {
      name: "a uv project run as app: the mount on root's folder stays empty, the one without uid= is root's",
      dockerfile:
        'FROM python:3.12-slim\nARG UID=10001\nRUN adduser --disabled-password --gecos "" --home /srv/app --uid "${UID}" app\nUSER app\nWORKDIR /srv/app\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\nRUN --mount=type=cache,target=/srv/app/.cache/uv uv sync --locked --no-dev\nRUN uv sync --locked --no-dev\n',
      errors: [
        {
          line: 6,
          message:
            'uv downloads every package again whenever this layer rebuilds: add `--mount=type=cache,target=/srv/app/.cache/uv,uid=10001` to the RUN.',
        },
        {
          line: 7,
          message:
            'uv runs as `app` and cannot write the cache mounted on /srv/app/.cache/uv, which belongs to root, so it downloads every package again: add `uid=10001` to that mount.',
        },
        { line: 8, message: /target=\/srv\/app\/\.cache\/uv,uid=10001` to the RUN\.$/ },
      ],
    },
    {
      name: 'what the Dockerfile does not show is said, not guessed: a uid, a home',
      dockerfile:
        'FROM python:3.9-alpine\nRUN adduser -D nonroot\nUSER nonroot\nRUN pip install -r requirements.txt\nUSER 1001\nRUN poetry install --only main\n',
      errors: [
        {
          line: 4,
          message:
            'pip downloads every package again whenever this layer rebuilds: add `--mount=type=cache,target=/home/nonroot/.cache/pip,uid=…` to the RUN, with the uid of `nonroot`, who runs pip here.',
        },
        {
          line: 6,
          message:
            "Poetry downloads every package again whenever this layer rebuilds: mount a cache on Poetry's cache folder in the home of `1001` (`~/.cache/pypoetry`) in the RUN, with `uid=1001`.",
        },
      ],
    },
    {
      name: "a code-server image: pip runs as the base image's coder",
      dockerfile:
        'FROM codercom/code-server:4.20.0\nRUN sudo apt-get -y update && sudo apt-get -y install --no-install-recommends python3-pip && sudo rm -rf /var/lib/apt/lists/*\nRUN pip3 install --user --break-system-packages -r requirements.txt\n',
      errors: [
        {
          line: 3,
          message:
            'pip downloads every package again whenever this layer rebuilds: add `--mount=type=cache,target=/home/coder/.cache/pip,uid=1000,gid=1000` to the RUN.',
        },
      ],
    },
    {
      name: 'su and gosu run pip as app, sudo as root, whatever the USER',
      dockerfile:
        'FROM python:3.11-slim\nRUN useradd -m -u 1000 app\nUSER app\nRUN su app -c "pip install django"\nUSER root\nRUN gosu app pip install requests && sudo pip install flask\n',
      errors: [
        { line: 4, message: /target=\/home\/app\/\.cache\/pip,uid=1000` to the RUN\.$/ },
        { line: 6, column: 14, message: /target=\/home\/app\/\.cache\/pip,uid=1000` to the RUN\.$/ },
        { line: 6, column: 43, message: /target=\/root\/\.cache\/pip` to the RUN\.$/ },
      ],
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
