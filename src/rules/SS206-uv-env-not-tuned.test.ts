import { rule } from './SS206-uv-env-not-tuned.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nENV UV_COMPILE_BYTECODE=1\nRUN uv sync --locked\n',
    'FROM python:3.12-slim\nENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n',
    {
      name: 'flags on the command, ENV inherited from the parent stage',
      dockerfile:
        'FROM python:3.12-slim AS base\nENV UV_LINK_MODE=copy\nFROM base\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --compile-bytecode\n',
    },
    { name: 'no uv sync', dockerfile: 'FROM python:3.12-slim\nRUN uv pip install --system flask\n' },
  ],
  invalid: [
    {
      dockerfile: 'FROM python:3.12-slim\nRUN uv sync --locked\n',
      errors: [
        {
          line: 2,
          column: 5,
          endColumn: 21,
          message:
            'This stage runs `uv sync` without `UV_COMPILE_BYTECODE=1`: set it with ENV before the sync.',
        },
      ],
    },
    {
      name: 'a cache mount without copy link mode, reported once per stage',
      dockerfile:
        'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --no-install-project\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n',
      errors: [
        {
          line: 2,
          column: 47,
          message:
            'This stage runs `uv sync` without `UV_COMPILE_BYTECODE=1` and `UV_LINK_MODE=copy`: set them with ENV before the sync.',
        },
      ],
    },
    {
      name: 'link mode set to something other than copy',
      dockerfile:
        'FROM python:3.12-slim\nENV UV_COMPILE_BYTECODE=1\nRUN --mount=type=cache,target=/root/.cache/uv UV_LINK_MODE=symlink uv sync\n',
      errors: [{ line: 3, column: 47, message: /without `UV_LINK_MODE=copy`: set it/ }],
    },
  ],
});
