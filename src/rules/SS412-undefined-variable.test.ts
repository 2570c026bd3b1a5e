import { rule } from './SS412-undefined-variable.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'ARG PY=3.12\nFROM python:${PY}-slim\nARG PY\nENV PATH="/app/.venv/bin:$PATH" PYTHON_TAG=$PYTHON_VERSION\nLABEL python=$PY\n',
    {
      name: 'platform args in FROM, defaults, escapes and single quotes',
      dockerfile:
        "FROM --platform=$BUILDPLATFORM python:3.12-slim\nWORKDIR ${APP_DIR:-/app}\nLABEL note='$NOT_EXPANDED' price=\\$5\n",
    },
    {
      name: "RUN text is the shell's business",
      dockerfile: 'FROM python:3.12-slim\nRUN echo $HOME $UNDEFINED\n',
    },
    {
      name: 'unknown base image: its ENV may define it',
      dockerfile:
        'FROM nvidia/cuda:12.4.0-runtime-ubuntu22.04\nENV LD_LIBRARY_PATH=/opt/lib:$LD_LIBRARY_PATH\n',
    },
    {
      name: 'ENV inherited from the parent stage',
      dockerfile: 'FROM python:3.12-slim AS base\nENV APP=/srv/app\nFROM base\nWORKDIR $APP\n',
    },
    {
      name: 'ARG then a later ARG using it',
      dockerfile: 'FROM python:3.12-slim\nARG A=1 B=$A\nLABEL b=$B\n',
    },
    {
      name: 'the suggested form: the word after :+ expands only when the variable is set',
      dockerfile: 'FROM python:3.12-slim\nENV PYTHONPATH=/app${PYTHONPATH:+:$PYTHONPATH}\n',
    },
  ],
  invalid: [
    {
      dockerfile: 'ARG VERSION=1.0\nFROM python:3.12-slim\nLABEL version=$VERSION\n',
      errors: [
        {
          line: 3,
          column: 15,
          endColumn: 23,
          message:
            '`$VERSION` is a global ARG, which only FROM lines see: add `ARG VERSION` inside this stage before using it.',
        },
      ],
    },
    {
      name: 'used before a later ARG',
      dockerfile: 'FROM python:3.12-slim\nENV MODE=${INSTALL_MODE}\nARG INSTALL_MODE=prod\n',
      errors: [
        { line: 2, column: 10, endColumn: 25, message: /before ARG INSTALL_MODE on line 3 defines it/ },
      ],
    },
    {
      name: 'defined in the same ENV, in another stage, and nowhere',
      dockerfile:
        'FROM python:3.12-slim AS build\nARG TOKEN_FILE=/run/t\nFROM python:3.12-slim\nENV VENV=/opt/venv PATH=$VENV/bin:$PATH\nCOPY --chown=$APP_USER app/ /app/\nCOPY $TOKEN_FILE /t\n',
      errors: [
        { line: 4, column: 25, endColumn: 30, message: /defined in this same ENV/ },
        { line: 5, column: 14, endColumn: 23, message: /`\$APP_USER` is not defined by any ARG or ENV/ },
        { line: 6, column: 6, message: /defined only in stage `build` \(line 2\)/ },
      ],
    },
    {
      name: 'a search path extended with itself while unset: the empty entry is the problem',
      dockerfile:
        'FROM python:3.12-slim\nENV PYTHONPATH="/app:$PYTHONPATH"\nENV LD_LIBRARY_PATH=${LD_LIBRARY_PATH}:/opt/lib\n',
      errors: [
        {
          line: 2,
          column: 22,
          endColumn: 33,
          message:
            '`$PYTHONPATH` is not set before this line, so PYTHONPATH ends in an empty entry (`/app:`), which Python and the shell read as the current folder: write `PYTHONPATH=/app${PYTHONPATH:+:$PYTHONPATH}` to add the separator only when it has a value, or drop the reference.',
        },
        { line: 3, column: 21, message: /LD_LIBRARY_PATH starts with an empty entry \(`:\/opt\/lib`\)/ },
      ],
    },
    {
      name: 'FROM needs a global ARG',
      dockerfile: 'FROM python:${PY_VERSION}-slim\n',
      errors: [{ line: 1, column: 13, message: /add `ARG PY_VERSION` at the top/ }],
    },
  ],
});
