import { rule } from './SS301-runs-as-root.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nRUN useradd -r app\nUSER app\nCMD ["python", "-m", "app"]\n',
    'FROM python:3.12-slim\nUSER 10001:10001\n',
    {
      name: 'USER set in the parent stage is inherited',
      dockerfile: 'FROM python:3.12-slim AS base\nUSER app\nFROM base\nCMD ["python"]\n',
    },
    {
      name: 'only the shipped stage counts',
      dockerfile: 'FROM python:3.12-slim AS builder\nRUN pip wheel .\nFROM python:3.12-slim\nUSER nobody\n',
    },
    {
      name: 'USER from a variable that is not root',
      dockerfile: 'FROM python:3.12-slim\nARG APP_USER=app\nUSER ${APP_USER}\n',
    },
    'FROM gcr.io/distroless/python3-debian12:nonroot\nCOPY app.py /app.py\n',
    {
      name: 'entrypoint drops privileges with gosu',
      dockerfile:
        'FROM python:3.12-slim\nRUN apt-get install -y gosu\nENTRYPOINT ["gosu", "app", "python", "-m", "app"]\n',
    },
    {
      name: 'the base image sets a non-root USER itself (micromamba, jupyter, chainguard)',
      dockerfile:
        'FROM mambaorg/micromamba:1.5-bookworm-slim\nCOPY env.yaml /tmp/env.yaml\nRUN micromamba install -y -n base -f /tmp/env.yaml\nCMD ["python", "-m", "app"]\n',
    },
    'FROM quay.io/jupyter/scipy-notebook:2024-05-27\nCMD ["start-notebook.py"]\n',
    'FROM cgr.dev/chainguard/python:latest\nENTRYPOINT ["python", "/app/main.py"]\n',
    {
      name: 'the Dockerfile of a GitHub Docker action, which GitHub runs as root',
      dockerfile:
        'FROM python:3.12-slim\nCOPY entrypoint.py /entrypoint.py\nENTRYPOINT ["python", "/entrypoint.py"]\n',
      files: {
        'action.yml':
          "name: 'Check links'\ndescription: 'Checks the links of the docs'\ninputs:\n  path:\n    description: 'folder'\n    default: 'docs'\nruns:\n  using: 'docker'\n  image: 'Dockerfile'\n  args:\n    - ${{ inputs.path }}\n",
      },
    },
  ],
  invalid: [
    {
      name: 'the micromamba base switched back to root',
      dockerfile: 'FROM mambaorg/micromamba:1.5\nUSER root\nRUN apt-get update\n',
      errors: [{ line: 2, column: 6, message: /last USER is root/ }],
    },
    {
      name: 'an unknown third-party base may set a USER: the message says so',
      dockerfile: 'FROM acme/python-base:3.12\nCMD ["python", "-m", "app"]\n',
      errors: [
        { line: 1, column: 6, message: /runs as root unless its base `acme\/python-base:3\.12` sets a USER/ },
      ],
    },
    {
      name: 'no USER at all: points at the base image',
      dockerfile: 'FROM python:3.12-slim\nCMD ["python", "-m", "app"]\n',
      errors: [{ line: 1, column: 6, endLine: 1, endColumn: 22, message: /runs as root/ }],
    },
    {
      name: 'the last USER switches back to root',
      dockerfile: 'FROM python:3.12-slim\nUSER app\nRUN echo hi\nUSER root\n',
      errors: [{ line: 4, column: 6, endColumn: 10, message: /last USER is root/ }],
    },
    {
      dockerfile: 'FROM python:3.12-slim\nUSER 0:0\n',
      errors: [{ line: 2, column: 6 }],
    },
    {
      name: 'an action that runs a published image does not build this Dockerfile',
      dockerfile: 'FROM python:3.12-slim\nCMD ["python", "-m", "app"]\n',
      files: { 'action.yaml': "name: x\nruns:\n  using: docker\n  image: 'docker://ghcr.io/acme/tool:1'\n" },
      errors: [{ line: 1, column: 6, message: /runs as root/ }],
    },
    {
      name: 'a JavaScript action beside a service Dockerfile',
      dockerfile: 'FROM python:3.12-slim\nCMD ["python", "-m", "app"]\n',
      files: { 'action.yml': "name: x\nruns:\n  using: 'node20'\n  main: 'dist/index.js'\n" },
      errors: [{ line: 1, column: 6, message: /runs as root/ }],
    },
    {
      name: 'a USER in a builder stage does not cover the shipped one',
      dockerfile: 'FROM python:3.12-slim AS builder\nUSER app\nFROM python:3.12-slim\nCMD ["python"]\n',
      errors: [{ line: 3, column: 6 }],
    },
  ],
});
