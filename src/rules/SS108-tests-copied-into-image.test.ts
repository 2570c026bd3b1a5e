import { rule } from './SS108-tests-copied-into-image.js';
import { ruleTester } from './test-support/tester.js';

const WITH_TESTS = {
  'tests/test_app.py': 'def test_ok():\n    assert True\n',
  'app/main.py': 'app = None\n',
};

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nCOPY src/ ./src/\n',
    {
      name: 'tests kept out of COPY . by .dockerignore',
      dockerfile: 'FROM python:3.12-slim\nCOPY . /app\n',
      files: { ...WITH_TESTS, '.dockerignore': 'tests/\n' },
    },
    {
      name: 'tests copied into a test stage that does not ship',
      dockerfile:
        'FROM python:3.12-slim AS test\nCOPY tests/ ./tests/\nRUN pytest\n\nFROM python:3.12-slim\nCOPY app/ ./app/\n',
      files: WITH_TESTS,
    },
    {
      name: 'a folder merely named like tests inside another path',
      dockerfile: 'FROM python:3.12-slim\nCOPY --from=builder /app/latest /app/latest\n',
    },
  ],
  invalid: [
    {
      name: "the guide's COPY tests/",
      dockerfile: 'FROM python:3.12-slim\nCOPY src/ ./src/\nCOPY tests/ ./tests/\n',
      errors: [
        {
          line: 3,
          column: 6,
          endLine: 3,
          endColumn: 12,
          message: /`tests\/` is copied into the image that ships/,
        },
      ],
    },
    {
      name: 'COPY . lets tests/ and docs/ through',
      dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n',
      files: { ...WITH_TESTS, 'docs/index.md': '# Docs\n', '.dockerignore': '.git\n' },
      errors: [{ line: 3, column: 6, endColumn: 7, message: /`docs\/` and `tests\/`.*\.dockerignore/ }],
    },
    {
      name: 'several sources, one of them docs',
      dockerfile: 'FROM python:3.12-slim\nCOPY ["app", "docs", "/srv/"]\n',
      errors: [{ line: 2, column: 14, message: /`docs`/ }],
    },
  ],
});
