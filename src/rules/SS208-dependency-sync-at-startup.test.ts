import { rule } from './SS208-dependency-sync-at-startup.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nENV PATH="/app/.venv/bin:$PATH"\nCMD ["uvicorn", "app.main:app"]\n',
    {
      name: 'uv run without sync',
      dockerfile: 'FROM python:3.12-slim\nCMD ["uv", "run", "--no-sync", "uvicorn", "app:app"]\n',
    },
    {
      name: 'UV_NO_SYNC set',
      dockerfile: 'FROM python:3.12-slim\nENV UV_NO_SYNC=1\nCMD uv run uvicorn app:app\n',
    },
    {
      name: 'only the shipped stage starts',
      dockerfile:
        'FROM python:3.12-slim AS dev\nCMD ["uv", "run", "pytest"]\nFROM python:3.12-slim\nCMD ["uvicorn", "app:app"]\n',
    },
    {
      name: 'a start script that installs packages chosen at run time, and a script the image does not run',
      dockerfile:
        'FROM python:3.12-slim\nCOPY entrypoint.sh /usr/local/bin/\nENTRYPOINT ["entrypoint.sh"]\nCMD ["gunicorn", "app:app"]\n',
      files: {
        'entrypoint.sh': '#!/bin/sh\n[ -n "$EXTRA_PACKAGES" ] && pip install $EXTRA_PACKAGES\nexec "$@"\n',
        'scripts/dev.sh': '#!/bin/sh\npip install -r requirements-dev.txt\n',
      },
    },
    {
      name: 'an image without the manifests installs what is mounted at run time (a CI action)',
      dockerfile: 'FROM python:3.12-slim\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
      files: {
        'entrypoint.sh':
          '#!/bin/bash\nset -e\ncd /github/workspace\npip install -r requirements.txt\npip-licenses\n',
      },
    },
  ],
  invalid: [
    {
      name: 'the entrypoint script installs the requirements at every start',
      dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCOPY docker-entrypoint.sh /\nENTRYPOINT ["/docker-entrypoint.sh"]\nCMD ["gunicorn", "app:app"]\n',
      files: {
        'docker-entrypoint.sh':
          '#!/bin/bash\nset -e\npip install --no-cache-dir -r requirements.txt\npython manage.py migrate\nexec "$@"\n',
      },
      errors: [
        {
          line: 5,
          column: 13,
          endColumn: 36,
          message:
            '`docker-entrypoint.sh` runs `pip install --no-cache-dir -r requirements.txt` (line 3) at every container start: install the dependencies at build time, in the image, and start the server directly.',
        },
      ],
    },
    {
      dockerfile: 'FROM python:3.12-slim\nCMD ["uv", "run", "uvicorn", "src.main:app", "--port", "8080"]\n',
      errors: [
        {
          line: 2,
          column: 6,
          endColumn: 17,
          message:
            "`uv run` checks and syncs the venv at every container start: put the venv's bin folder on PATH and run the program directly.",
        },
      ],
    },
    {
      name: 'shell form poetry run behind exec',
      dockerfile: 'FROM python:3.12-slim\nENTRYPOINT exec poetry run gunicorn app:app\n',
      errors: [
        { line: 2, column: 17, endColumn: 27, message: /`poetry run` starts Poetry before the server/ },
      ],
    },
    {
      name: 'pdm run: every manager with a runner in the table',
      dockerfile: 'FROM python:3.12-slim\nCMD ["pdm", "run", "gunicorn", "app:app"]\n',
      errors: [{ line: 2, column: 6, message: /`pdm run` starts PDM before the server/ }],
    },
    {
      name: 'uv run behind the wrappers of the model (gosu, timeout), as entrypoint-style images start it',
      dockerfile:
        'FROM python:3.12-slim\nENTRYPOINT ["gosu", "app", "uv", "run", "--frozen", "gunicorn", "app:app"]\nCMD timeout 3600 uv run python -m worker\n',
      errors: [
        { line: 2, column: 28, message: /`uv run` checks and syncs/ },
        { line: 3, column: 18, message: /`uv run` checks and syncs/ },
      ],
    },
    {
      name: 'pipenv run inside sh -c',
      dockerfile: 'FROM python:3.12-slim\nCMD ["sh", "-c", "pipenv run python app.py"]\n',
      errors: [{ line: 2, column: 19, message: /`pipenv run` starts Pipenv/ }],
    },
  ],
});
