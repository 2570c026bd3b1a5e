import { rule } from './SS409-repeated-cmd-or-entrypoint.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nENTRYPOINT ["tini", "--"]\nCMD ["uvicorn", "app:app"]\n',
    {
      name: 'one per stage',
      dockerfile:
        'FROM python:3.12-slim AS dev\nCMD ["pytest"]\nFROM python:3.12-slim\nCMD ["uvicorn", "app:app"]\n',
    },
  ],
  invalid: [
    {
      dockerfile:
        'FROM python:3.12-slim\nCMD ["gunicorn", "app:app"]\nEXPOSE 8000\nCMD ["uvicorn", "app:app"]\n',
      errors: [
        {
          line: 2,
          column: 1,
          endColumn: 4,
          message: 'This CMD has no effect: the CMD on line 4 replaces it; remove one of them.',
        },
      ],
    },
    {
      name: 'three health checks',
      dockerfile: 'FROM python:3.12-slim\nHEALTHCHECK CMD true\nhealthcheck CMD false\nHEALTHCHECK NONE\n',
      errors: [
        { line: 2, column: 1, message: /HEALTHCHECK on line 4/ },
        { line: 3, column: 1, endColumn: 12, message: /HEALTHCHECK on line 4/ },
      ],
    },
  ],
});
