import { rule } from './SS104-pip-cache-kept.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(
  rule,
  {
    valid: [
      'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n',
      'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n',
      'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n',
      {
        name: 'uv pip has its own cache rule',
        dockerfile: 'FROM python:3.12-slim\nRUN uv pip install --system flask\n',
      },
    ],
    invalid: [
      {
        dockerfile: 'FROM python:3.12-slim\nRUN pip install uv\n',
        errors: [{ line: 2, column: 5, endLine: 2, endColumn: 19, message: /--no-cache-dir/ }],
        output: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir uv\n',
      },
      {
        name: 'python -m pip inside a chain',
        dockerfile:
          'FROM python:3.12-slim\nRUN apt-get update && python3 -m pip install -r requirements.txt\n',
        errors: [{ line: 2, column: 23 }],
        output:
          'FROM python:3.12-slim\nRUN apt-get update && python3 -m pip install --no-cache-dir -r requirements.txt\n',
      },
    ],
  },
  { onbuild: 'same' },
);
