import { rule } from './SS101-build-only-packages-shipped.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'build tools only in a builder stage',
      dockerfile:
        'FROM python:3.12-slim AS builder\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\nRUN pip wheel -w /wheels psycopg2\n\nFROM python:3.12-slim\nCOPY --from=builder /wheels /wheels\n',
    },
    {
      name: 'purged again in the same RUN',
      dockerfile:
        'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential \\\n    && pip install --no-cache-dir uwsgi \\\n    && apt-get purge -y --auto-remove build-essential \\\n    && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'apk virtual group deleted in the same RUN',
      dockerfile:
        'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev \\\n    && pip install --no-cache-dir psutil \\\n    && apk del .build-deps\n',
    },
    {
      name: "the official images' apt-mark idiom",
      dockerfile:
        'FROM debian:bookworm-slim\nRUN savedAptMark="$(apt-mark showmanual)"; \\\n    apt-get update; apt-get install -y --no-install-recommends gcc make; \\\n    make -C /src install; \\\n    apt-mark auto \'.*\' > /dev/null; apt-mark manual $savedAptMark; \\\n    apt-get purge -y --auto-remove; rm -rf /var/lib/apt/lists/*\n',
    },
    'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 curl && rm -rf /var/lib/apt/lists/*\n',
  ],
  invalid: [
    {
      name: "the guide's repository helpers",
      dockerfile:
        'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y \\\n    curl \\\n    apt-transport-https \\\n    gnupg \\\n    lsb-release\n',
      errors: [
        {
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 24,
          message: /`apt-transport-https` only helps add an apt repository/,
        },
        { line: 5, column: 5, endColumn: 10, message: /`gnupg`/ },
        { line: 6, column: 5, endColumn: 16, message: /`lsb-release`/ },
      ],
    },
    {
      name: 'compiler and headers in a single-stage image',
      dockerfile:
        'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc=4:12.2.0-3 libpq-dev \\\n    && rm -rf /var/lib/apt/lists/*\n',
      errors: [
        { line: 2, column: 66, endColumn: 80, message: /`gcc` is a build tool.*builder stage/ },
        { line: 2, column: 81, endColumn: 90, message: /`libpq-dev` holds C headers/ },
      ],
    },
    {
      name: 'installed in a parent stage the shipped one is built FROM',
      dockerfile:
        'FROM python:3.12-alpine AS base\nRUN apk add --no-cache build-base\n\nFROM base\nCMD ["python"]\n',
      errors: [{ line: 2, column: 24, endColumn: 34 }],
    },
    {
      name: 'purging only some of them',
      dockerfile: 'FROM python:3.12-slim\nRUN apt-get install -y gcc make && apt-get purge -y gcc\n',
      errors: [{ line: 2, column: 28, endColumn: 32, message: /`make`/ }],
    },
  ],
});
