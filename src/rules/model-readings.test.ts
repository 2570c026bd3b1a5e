import { rule as SS103 } from './SS103-apt-lists-kept.js';
import { rule as SS104 } from './SS104-pip-cache-kept.js';
import { rule as SS107 } from './SS107-dev-dependencies-installed.js';
import { rule as SS111 } from './SS111-chown-in-separate-layer.js';
import { rule as SS202 } from './SS202-dependency-cache-not-mounted.js';
import { rule as SS207 } from './SS207-apt-update-alone.js';
import { rule as SS412 } from './SS412-undefined-variable.js';
import { ruleTester } from './test-support/tester.js';

/**
 * Rules reading Dockerfiles the way BuildKit and the shell do, through the model: quoted flag
 * values, ARG/ENV passed down chains of stages, ARG defaults inside commands, scripts handed
 * to `sh -c`. Each rule's own file holds its cases; these are the readings they share.
 */

const poetryProject = {
  'pyproject.toml': [
    '[tool.poetry]',
    'name = "worker"',
    'version = "0.1.0"',
    'description = ""',
    'authors = ["a <a@example.com>"]',
    '',
    '[tool.poetry.dependencies]',
    'python = "^3.11"',
    'requests = "^2.31"',
    '',
    '[tool.poetry.group.dev]',
    'optional = true',
    '',
    '[tool.poetry.group.dev.dependencies]',
    'pytest = "^8.0"',
    '',
  ].join('\n'),
  'poetry.lock': '',
};

ruleTester(SS107, {
  valid: [
    {
      name: 'an ARG default naming only the main group',
      dockerfile:
        'FROM python:3.11-slim\nCOPY pyproject.toml poetry.lock ./\nARG INSTALL_GROUPS="main"\nRUN poetry install --with $INSTALL_GROUPS --no-root\n',
      files: poetryProject,
    },
  ],
  invalid: [
    {
      name: 'a dev group reaching the image through an ARG default',
      dockerfile:
        'FROM python:3.11-slim\nCOPY pyproject.toml poetry.lock ./\nARG INSTALL_GROUPS="main,dev"\nRUN poetry install --with $INSTALL_GROUPS --no-root\n',
      files: poetryProject,
      errors: [{ line: 4, column: 27, message: /drop `dev` from `--with`/ }],
    },
    {
      name: 'the same, inside sh -c',
      dockerfile:
        'FROM python:3.11-slim\nCOPY pyproject.toml poetry.lock ./\nRUN sh -c "poetry install --with dev --no-root"\n',
      files: poetryProject,
      errors: [{ line: 3, column: 34, message: /drop `dev` from `--with`/ }],
    },
  ],
});

ruleTester(SS111, {
  valid: [
    'FROM python:3.12-slim\nENV APP_DIR=/app\nCOPY --chown=app:app . $APP_DIR\nRUN chown -R app:app $APP_DIR/data\n',
  ],
  invalid: [
    {
      name: 'chown -R of a folder named through a variable',
      dockerfile: 'FROM python:3.12-slim\nENV APP_DIR=/app\nCOPY . $APP_DIR\nRUN chown -R app:app $APP_DIR\n',
      errors: [{ line: 4, message: /`chown -R \/app` rewrites the files the COPY on line 3 added/ }],
    },
  ],
});

ruleTester(
  SS104,
  {
    valid: [
      `FROM python:3.12-slim\nRUN --mount=type=cache,target="/root/.cache/pip" pip install flask\n`,
      `FROM python:3.12-slim\nRUN --mount=type=cache,target='/root/.cache' pip install flask\n`,
    ],
    invalid: [
      {
        name: 'the sub-command held in an ARG default',
        dockerfile: `FROM python:3.12-slim\nARG PIP_CMD=install\nRUN pip $PIP_CMD flask\n`,
        errors: [{ line: 3, column: 5 }],
        output: `FROM python:3.12-slim\nARG PIP_CMD=install\nRUN pip $PIP_CMD --no-cache-dir flask\n`,
      },
      {
        name: 'a pip install wrapped in bash -c',
        dockerfile: `FROM python:3.12-slim\nRUN bash -c 'pip install flask'\n`,
        errors: [{ line: 2, column: 14 }],
        output: `FROM python:3.12-slim\nRUN bash -c 'pip install --no-cache-dir flask'\n`,
      },
    ],
  },
  { onbuild: 'same' },
);

ruleTester(SS202, {
  valid: [
    {
      name: 'a quoted cache target',
      dockerfile: `FROM python:3.12-slim\nCOPY requirements.txt .\nRUN --mount=type=cache,target="/root/.cache/pip" pip install -r requirements.txt\n`,
      files: { 'requirements.txt': 'flask==3.0.0\n' },
    },
  ],
  invalid: [
    {
      name: 'a pip install inside sh -c without a cache',
      dockerfile: `FROM python:3.12-slim\nCOPY requirements.txt .\nRUN sh -c "pip install -r requirements.txt"\n`,
      files: { 'requirements.txt': 'flask==3.0.0\n' },
      errors: [{ line: 3, column: 12, message: /pip downloads every package again/ }],
    },
  ],
});

ruleTester(
  SS103,
  {
    valid: [
      `FROM python:3.12-slim\nRUN --mount=type=cache,target="/var/lib/apt",sharing=locked --mount=type=cache,target="/var/cache/apt",sharing=locked \\\n    apt-get update && apt-get install -y --no-install-recommends curl\n`,
    ],
    invalid: [
      {
        name: 'the sub-command held in an ARG default',
        dockerfile: `FROM python:3.12-slim\nARG APT_CMD=install\nRUN apt-get update && apt-get $APT_CMD -y --no-install-recommends curl\n`,
        errors: [{ line: 3, column: 23 }],
        output: `FROM python:3.12-slim\nARG APT_CMD=install\nRUN apt-get update && apt-get $APT_CMD -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n`,
      },
      {
        name: 'apt inside sh -c, lists kept',
        dockerfile: `FROM python:3.12-slim\nRUN sh -c "apt-get update && apt-get install -y --no-install-recommends curl"\n`,
        errors: [{ line: 2, column: 30 }],
        output: `FROM python:3.12-slim\nRUN sh -c "apt-get update && apt-get install -y --no-install-recommends curl" && rm -rf /var/lib/apt/lists/*\n`,
      },
    ],
  },
  { onbuild: 'same' },
);

ruleTester(SS412, {
  valid: [
    {
      name: 'ARG and ENV passed down a chain of stages',
      dockerfile:
        'FROM python:3.12-slim AS base\nARG APP_HOME=/srv/app\nENV VENV=/opt/venv\nFROM base AS deps\nRUN python -m venv $VENV\nFROM deps AS runtime\nWORKDIR $APP_HOME\nCOPY . $APP_HOME\n',
    },
  ],
  invalid: [
    {
      name: 'a stage FROM an image does not inherit them',
      dockerfile:
        'FROM python:3.12-slim AS base\nARG APP_HOME=/srv/app\nFROM python:3.12-slim\nWORKDIR $APP_HOME\n',
      errors: [{ line: 4, message: /defined only in stage `base`/ }],
    },
  ],
});

ruleTester(SS207, {
  valid: [
    'FROM python:3.12-slim\nARG APT_CMD=install\nRUN apt-get update && apt-get $APT_CMD -y --no-install-recommends curl\n',
  ],
  invalid: [
    {
      name: 'an update whose install happens in a later RUN',
      dockerfile: 'FROM python:3.12-slim\nRUN apt-get update\nRUN apt-get install -y curl\n',
      errors: [{ line: 2 }],
    },
  ],
});
