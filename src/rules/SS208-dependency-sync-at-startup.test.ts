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
  ],
  invalid: [
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
      name: 'pipenv run inside sh -c',
      dockerfile: 'FROM python:3.12-slim\nCMD ["sh", "-c", "pipenv run python app.py"]\n',
      errors: [{ line: 2, column: 19, message: /`pipenv run` starts Pipenv/ }],
    },
  ],
});
