import { rule } from './SS205-system-packages-after-source.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5\nCOPY . /app\n',
    {
      name: 'only manifests copied before',
      dockerfile:
        'FROM python:3.12-slim\nCOPY requirements.txt pyproject.toml ./\nRUN apt-get update && apt-get install -y libpq5\n',
    },
    {
      name: 'a package list read from the copied source',
      dockerfile:
        'FROM python:3.12-slim\nCOPY . /app\nRUN apt-get update && apt-get install -y $(cat /app/apt.txt)\n',
    },
  ],
  invalid: [
    {
      dockerfile:
        'FROM python:3.12-slim\nCOPY . /app\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5\n',
      errors: [
        {
          line: 3,
          column: 23,
          endColumn: 72,
          message:
            'These apt packages are reinstalled on every code change because `COPY . /app` (line 2) copies the source before them: install them before that COPY.',
        },
      ],
    },
    {
      name: 'apk after a code folder',
      dockerfile: 'FROM python:3.12-alpine\nCOPY app ./app\nRUN apk add --no-cache libpq\n',
      errors: [
        { line: 3, column: 5, endColumn: 29, message: /These apk packages .* `COPY app \.\/app` \(line 2\)/ },
      ],
    },
  ],
});
