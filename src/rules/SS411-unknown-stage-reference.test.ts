import { rule } from './SS411-unknown-stage-reference.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim AS builder\nFROM python:3.12-slim\nCOPY --from=builder /app /app\nCOPY --from=0 /app /app\n',
    {
      name: 'images by reference',
      dockerfile:
        'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.8.15 /uv /bin/\nCOPY --from=docker:27-cli /usr/local/bin/docker /usr/local/bin/\nCOPY --from=busybox /bin/busybox /bin/\n',
    },
    {
      name: 'a stage named by a variable',
      dockerfile:
        'ARG SRC=builder\nFROM python:3.12-slim AS builder\nFROM python:3.12-slim\nARG SRC\nCOPY --from=${SRC} /app /app\n',
    },
    {
      name: 'a mount from an earlier stage',
      dockerfile:
        'FROM python:3.12-slim AS wheels\nFROM python:3.12-slim\nRUN --mount=type=bind,from=wheels,target=/w pip install /w/*.whl\n',
    },
  ],
  invalid: [
    {
      dockerfile: 'FROM python:3.12-slim AS builder\nFROM python:3.12-slim\nCOPY --from=biulder /app /app\n',
      errors: [
        {
          line: 3,
          column: 13,
          endColumn: 20,
          message:
            'No stage is named `biulder` (did you mean `builder`?): BuildKit would try to pull an image of that name.',
        },
      ],
    },
    {
      name: 'own stage by name and index, index out of range',
      dockerfile:
        'FROM python:3.12-slim AS app\nCOPY --from=app /a /b\nCOPY --from=0 /a /b\nCOPY --from=3 /a /b\n',
      errors: [
        { line: 2, column: 13, message: 'Stage `app` cannot copy from itself: name an earlier stage.' },
        { line: 3, column: 13, message: /Stage 0 cannot copy from itself/ },
        { line: 4, column: 13, message: /There is no stage 3 \(the Dockerfile has 1\)/ },
      ],
    },
    {
      name: 'an unknown mount source',
      dockerfile: 'FROM python:3.12-slim\nRUN --mount=type=bind,from=deps,target=/d ls /d\n',
      errors: [{ line: 2, column: 23, message: /No stage is named `deps`: BuildKit/ }],
    },
  ],
});
