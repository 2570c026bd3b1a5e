import { describe, expect, it } from 'vitest';
import { imagePythonVersion, satisfiesRequiresPython } from './lib/runtime-python-version.js';
import { rule } from './SS406-python-version-mismatch.js';
import { ruleTester } from './test-support/tester.js';

const pyproject = (requires: string) =>
  `[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = "${requires}"\ndependencies = []\n`;

ruleTester(rule, {
  valid: [
    {
      dockerfile: 'FROM python:3.12-slim\n',
      files: { 'pyproject.toml': pyproject('>=3.11') },
    },
    {
      name: 'a patch floor is met by the current patch of the line',
      dockerfile: 'FROM python:3.11-slim\n',
      files: { 'pyproject.toml': pyproject('>=3.11.4,<3.13') },
    },
    {
      name: 'a tag without a minor version says nothing',
      dockerfile: 'FROM python:3-slim\n',
      files: { 'pyproject.toml': pyproject('>=3.12') },
    },
    {
      name: 'builder and runtime on the same Python',
      dockerfile:
        'FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS builder\nRUN uv sync\nFROM python:3.12-slim\nCOPY --from=builder /app/.venv /app/.venv\n',
    },
    {
      name: 'copying non-environment files across versions is fine',
      dockerfile:
        'FROM python:3.11-slim AS assets\nRUN echo hi > /out.txt\nFROM python:3.12-slim\nCOPY --from=assets /out.txt /out.txt\n',
    },
  ],
  invalid: [
    {
      dockerfile: 'FROM python:3.11-slim\nCOPY . /app\n',
      files: { 'pyproject.toml': pyproject('>=3.12') },
      errors: [
        {
          line: 1,
          column: 6,
          endColumn: 22,
          message: /ships Python 3\.11, which the project's Python requirement `>=3\.12` excludes/,
        },
      ],
    },
    {
      name: 'the base image comes from an earlier stage',
      dockerfile: 'FROM python:3.13-slim AS base\nFROM base\n',
      files: { '.python-version': '3.12\n' },
      errors: [{ line: 1, column: 6 }],
    },
    {
      name: 'a venv copied from a stage on another Python',
      dockerfile:
        'FROM python:3.12-slim AS builder\nRUN python -m venv /opt/venv\nFROM python:3.11-slim\nCOPY --from=builder /opt/venv /opt/venv\n',
      errors: [
        {
          line: 4,
          column: 6,
          endColumn: 20,
          message: /built on Python 3\.12 into an image that runs Python 3\.11/,
        },
      ],
    },
    {
      name: 'site-packages of a named version',
      dockerfile:
        'FROM python:3.11-slim AS build\nRUN pip install flask\nFROM python:3.11-slim\nCOPY --from=build /usr/local/lib/python3.10/site-packages /usr/local/lib/python3.11/site-packages\n',
      errors: [{ line: 4, column: 19, message: /installed for Python 3\.10/ }],
    },
  ],
});

describe('requires-python against a release line', () => {
  const v = (text: string) => imagePythonVersion(text)!;
  it.each([
    ['python:3.11-slim', '>=3.9,<3.12', true],
    ['python:3.12-slim', '>=3.9,<3.12', false],
    ['python:3.12', '~=3.11', true],
    ['python:3.12', '~=3.11.2', false],
    ['python:3.12', '^3.10', true],
    ['python:3.12', '>=3.8,<3.11 || >=3.12', true],
    ['python:3.12', '==3.11.*', false],
    ['python:3.12', '!=3.12.*', false],
    ['python:3.12', '3.12', true],
    ['pypy:3.10-slim', '>=3.11', false],
  ])('%s with %s → %s', (image, spec, expected) => {
    expect(satisfiesRequiresPython(v(image), spec)).toBe(expected);
  });
  it('cannot read nonsense', () => {
    expect(satisfiesRequiresPython({ major: 3, minor: 12 }, 'banana')).toBeNull();
  });
  it('reads versions from image tags only where they mean Python', () => {
    expect(imagePythonVersion('docker.io/library/python:3.13.0b3-alpine')).toEqual({ major: 3, minor: 13 });
    expect(imagePythonVersion('mcr.microsoft.com/playwright/python:v1.48.0-jammy')).toBeNull();
    expect(imagePythonVersion('debian:12')).toBeNull();
  });
});
