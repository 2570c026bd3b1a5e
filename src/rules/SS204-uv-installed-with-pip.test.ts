import { rule } from './SS204-uv-installed-with-pip.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.8.15 /uv /uvx /bin/\n',
    {
      name: 'a package whose name starts with uv',
      dockerfile: 'FROM python:3.12-slim\nRUN pip install uvicorn uvloop\n',
    },
    {
      name: 'uv pip installing other things',
      dockerfile: 'FROM python:3.12-slim\nRUN uv pip install --system flask\n',
    },
    {
      name: 'the app runs `python -m uv` at start: the PyPI package is needed',
      dockerfile: 'FROM python:3.12-slim\nRUN pip install uv\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n',
      files: {
        'start.sh': '#!/bin/bash\npython -m uv pip install --system $EXTRA_PACKAGES\nexec gunicorn app:app\n',
      },
    },
  ],
  invalid: [
    {
      name: 'an entrypoint running the uv binary can use the copied binary',
      dockerfile: 'FROM python:3.12-slim\nRUN pip install uv\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n',
      files: { 'start.sh': '#!/bin/bash\nuv pip install --system $EXTRA_PACKAGES\nexec gunicorn app:app\n' },
      errors: [{ line: 2, column: 17, message: /installed with pip/ }],
    },
    {
      dockerfile: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir uv\n',
      errors: [
        {
          line: 2,
          column: 32,
          endColumn: 34,
          message:
            'uv is installed with pip: copy its static binary instead with `COPY --from=ghcr.io/astral-sh/uv:<version> /uv /uvx /bin/`.',
        },
      ],
    },
    {
      name: 'a pinned version is carried into the advice',
      dockerfile: 'FROM python:3.12-slim\nRUN python -m pip install "uv==0.5.4" poetry\n',
      errors: [{ line: 2, column: 27, endColumn: 38, message: /ghcr\.io\/astral-sh\/uv:0\.5\.4 / }],
    },
    {
      name: 'pipx',
      dockerfile: 'FROM python:3.12-slim\nRUN pipx install uv\n',
      errors: [{ line: 2, column: 18, message: /installed with pipx/ }],
    },
  ],
});
