import { rule } from './SS111-chown-in-separate-layer.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nCOPY --chown=app:app . /app\n',
    {
      name: 'chown of a folder created in the RUN itself',
      dockerfile:
        'FROM python:3.12-slim\nCOPY . /app\nRUN mkdir -p /app/data && chown -R app:app /app/data\n',
    },
    {
      name: 'not recursive',
      dockerfile: 'FROM python:3.12-slim\nCOPY entrypoint.sh /entrypoint.sh\nRUN chmod +x /entrypoint.sh\n',
    },
    {
      name: 'a builder stage',
      dockerfile: 'FROM python:3.12-slim AS b\nCOPY . /app\nRUN chown -R 1000 /app\nFROM python:3.12-slim\n',
    },
  ],
  invalid: [
    {
      name: 'chown -R of the workdir after COPY . .',
      dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN useradd app && chown -R app:app /app\nUSER app\n',
      errors: [
        {
          line: 4,
          column: 20,
          endColumn: 41,
          message:
            '`chown -R /app` rewrites the files the COPY on line 3 added, so they are stored twice: set the owner with `COPY --chown=app:app` instead.',
        },
      ],
    },
    {
      name: 'a venv copied from a builder',
      dockerfile:
        'FROM python:3.12-slim AS builder\nRUN python -m venv /opt/venv\nFROM python:3.12-slim\nCOPY --from=builder /opt/venv /opt/venv\nRUN chown --recursive 1000:1000 /opt\n',
      errors: [{ line: 5, column: 5, message: /COPY on line 4/ }],
    },
  ],
});
