import { rule } from './SS410-from-as-casing.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim AS builder\nFROM python:3.12-slim\n',
    'from python:3.12-slim as builder\n',
    { name: 'mixed-case FROM is left alone', dockerfile: 'From python:3.12-slim as builder\n' },
  ],
  invalid: [
    {
      dockerfile: 'FROM python:3.12-slim as builder\nFROM python:3.12-slim\n',
      errors: [
        {
          line: 1,
          column: 23,
          endColumn: 25,
          message: '`as` does not match the case of `FROM`: write `AS`.',
        },
      ],
      output: 'FROM python:3.12-slim AS builder\nFROM python:3.12-slim\n',
    },
    {
      name: 'with a platform flag, and lower-case from',
      dockerfile: 'FROM --platform=$BUILDPLATFORM python:3.12-slim As build\nfrom build AS final\n',
      errors: [
        { line: 1, column: 49, endColumn: 51 },
        { line: 2, column: 12, message: /write `as`/ },
      ],
      output: 'FROM --platform=$BUILDPLATFORM python:3.12-slim AS build\nfrom build as final\n',
    },
  ],
});
