import { rule } from './SS113-package-manager-in-final-image.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'uv only in the builder stage',
      dockerfile:
        'FROM python:3.12-slim AS builder\nCOPY --from=ghcr.io/astral-sh/uv:0.8 /uv /bin/uv\nRUN pip install --no-cache-dir poetry\n\nFROM python:3.12-slim\nCOPY --from=builder /app/.venv /app/.venv\n',
    },
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir uvicorn poetry-core\n',
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n',
    {
      name: 'the entrypoint script installs extra packages with uv at every start',
      dockerfile:
        'FROM python:3.12-slim\nRUN pip install --no-cache-dir uv\nCOPY docker/entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["uvicorn", "app:app"]\n',
      files: {
        'docker/entrypoint.sh':
          '#!/bin/sh\nset -e\nif [ -n "$EXTRA_PACKAGES" ]; then\n  uv pip install --system $EXTRA_PACKAGES\nfi\nexec "$@"\n',
      },
    },
    {
      name: 'the command runs uv as a Python module',
      dockerfile:
        'FROM python:3.12-slim\nRUN pip install uv\nCMD ["sh", "-c", "python -m uv pip install --system -r /plugins.txt && exec gunicorn app:app"]\n',
    },
  ],
  invalid: [
    {
      name: 'a `uv run` prefix at start does not make uv needed (SS208 drops it)',
      dockerfile: 'FROM python:3.12-slim\nRUN pip install uv\nCMD ["uv", "run", "uvicorn", "app:app"]\n',
      errors: [{ line: 2, column: 17, message: /puts uv/ }],
    },
    {
      name: "the guide's pip install uv",
      dockerfile: 'FROM python:3.12-slim\nRUN pip install uv\n',
      errors: [
        {
          line: 2,
          column: 17,
          endColumn: 19,
          message:
            '`pip install uv` puts uv into the image that ships, where the server never needs it: install dependencies in a builder stage and copy the virtualenv.',
        },
      ],
    },
    {
      name: 'python -m pip with a pin, and pipx',
      dockerfile:
        'FROM python:3.12-slim\nRUN python -m pip install --no-cache-dir "poetry==1.8.3" && pipx install pdm\n',
      errors: [
        { line: 2, column: 42, endColumn: 57, message: /puts poetry/ },
        { line: 2, column: 74, endColumn: 77, message: /puts pdm/ },
      ],
    },
    {
      name: 'the uv image copied into the final stage',
      dockerfile: 'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.8.4 /uv /uvx /bin/\n',
      errors: [{ line: 2, column: 6, endColumn: 39, message: /puts uv/ }],
    },
    {
      name: 'the install script',
      dockerfile: 'FROM python:3.12-slim\nRUN curl -sSL https://install.python-poetry.org | python3 -\n',
      errors: [{ line: 2, column: 15, message: /install script puts poetry/ }],
    },
  ],
});
