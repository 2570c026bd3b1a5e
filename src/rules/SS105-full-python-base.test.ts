import { describe, expect, it } from 'vitest';
import { rule, slimTag } from './SS105-full-python-base.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\n',
    'FROM python:3.12-slim-bookworm\n',
    'FROM python:3.12-alpine\n',
    {
      name: 'the full image in a builder stage only',
      dockerfile:
        'FROM python:3.12 AS builder\nRUN pip wheel -w /w lxml\nFROM python:3.12-slim\nCOPY --from=builder /w /w\n',
    },
    {
      name: 'a global ARG that resolves to slim',
      dockerfile: 'ARG PY=3.12-slim\nFROM python:${PY}\n',
    },
    'FROM debian:bookworm\n',
  ],
  invalid: [
    {
      dockerfile: 'FROM python:3.12\nCMD ["python"]\n',
      errors: [{ line: 1, column: 6, endLine: 1, endColumn: 17, message: /`python:3.12-slim`/ }],
    },
    {
      name: 'through a named base stage, with a Debian release tag',
      dockerfile: 'FROM python:3.11-bookworm AS base\nRUN true\nFROM base\nCMD ["python"]\n',
      errors: [{ line: 1, column: 6, endColumn: 26, message: /`python:3.11-slim-bookworm`/ }],
    },
    {
      name: 'no tag at all',
      dockerfile: 'FROM docker.io/library/python\n',
      errors: [{ line: 1, column: 6, message: /`python:slim`/ }],
    },
  ],
});

describe('slimTag', () => {
  it('keeps the version and Debian release', () => {
    expect(slimTag('3.12')).toBe('3.12-slim');
    expect(slimTag('3.12.4-bookworm')).toBe('3.12.4-slim-bookworm');
    expect(slimTag('bookworm')).toBe('slim-bookworm');
    expect(slimTag(null)).toBe('slim');
  });
});
