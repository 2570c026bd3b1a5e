import { rule } from './SS413-venv-path-moved.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim AS builder\nWORKDIR /app\nRUN uv sync --locked\nFROM python:3.12-slim\nCOPY --from=builder /app/.venv /app/.venv\n',
    {
      name: 'the whole project folder to the same place',
      dockerfile:
        'FROM python:3.12-slim AS builder\nWORKDIR /app\nRUN uv sync\nFROM python:3.12-slim\nWORKDIR /app\nCOPY --from=builder /app .\n',
    },
    {
      name: 'a relocatable venv',
      dockerfile:
        'FROM python:3.12-slim AS b\nRUN uv venv --relocatable /build/venv\nFROM python:3.12-slim\nCOPY --from=b /build/venv /opt/venv\n',
      // Under ONBUILD the venv is not built in this build at all: the case loses its point.
      onbuild: false,
    },
    {
      name: 'site-packages alone',
      dockerfile:
        'FROM python:3.12-slim AS b\nRUN python -m venv /venv\nFROM python:3.12-slim\nCOPY --from=b /venv/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages\n',
    },
  ],
  invalid: [
    {
      dockerfile:
        'FROM python:3.12-slim AS builder\nRUN python -m venv /build/venv\nFROM python:3.12-slim\nCOPY --from=builder /build/venv /opt/venv\n',
      errors: [
        {
          line: 4,
          column: 33,
          endColumn: 42,
          message:
            "The venv built at /build/venv lands at /opt/venv, but its scripts' shebangs still point at /build/venv/bin/python: copy it to /build/venv or build it at /opt/venv.",
        },
      ],
    },
    {
      name: 'the project folder with its .venv moved',
      dockerfile:
        'FROM python:3.12-slim AS builder\nWORKDIR /app\nRUN uv sync --locked\nFROM python:3.12-slim\nCOPY --from=builder /app /srv/app\n',
      errors: [{ line: 5, column: 26, message: /built at \/app\/\.venv lands at \/srv\/app\/\.venv/ }],
    },
    {
      name: 'a .venv copied into a folder (its contents land there)',
      dockerfile:
        'FROM python:3.12-slim AS builder\nWORKDIR /app\nRUN poetry config virtualenvs.in-project true && poetry install --only main\nFROM python:3.12-slim\nCOPY --from=builder /app/.venv /app/\n',
      errors: [{ line: 5, column: 32, message: /lands at \/app,/ }],
    },
  ],
});
