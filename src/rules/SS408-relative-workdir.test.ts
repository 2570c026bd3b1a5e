import { rule } from './SS408-relative-workdir.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nWORKDIR /app\n',
    {
      name: 'relative after an absolute one',
      dockerfile: 'FROM python:3.12-slim\nWORKDIR /srv\nWORKDIR app\n',
    },
    {
      name: 'absolute in the parent stage',
      dockerfile: 'FROM python:3.12-slim AS base\nWORKDIR /srv\nFROM base\nWORKDIR app\n',
    },
    {
      name: 'a variable resolving to an absolute path',
      dockerfile: 'FROM python:3.12-slim\nARG HOME_DIR=/home/app\nWORKDIR $HOME_DIR\n',
    },
    {
      name: 'a quoted absolute path (Docker removes the quotes)',
      dockerfile: 'FROM python:3.12-slim\nWORKDIR "/app"\n',
    },
    {
      name: 'Windows drive path',
      dockerfile: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\\\app\n',
    },
  ],
  invalid: [
    {
      dockerfile: 'FROM python:3.12-slim\nWORKDIR app\n',
      errors: [
        {
          line: 2,
          column: 9,
          endColumn: 12,
          message:
            "WORKDIR `app` is relative to the base image's working directory: write it as an absolute path (e.g. `/app`).",
        },
      ],
    },
    {
      name: 'each stage on its own',
      dockerfile: 'FROM python:3.12-slim AS a\nWORKDIR /app\nFROM python:3.12-slim\nWORKDIR ./srv\n',
      errors: [{ line: 4, column: 9, message: /e\.g\. `\/srv`/ }],
    },
  ],
});
