import { rule } from './SS407-check-that-cannot-fail.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nRUN python -c "import app"\n',
    {
      name: 'a fallback on a step that is not a check',
      dockerfile: 'FROM python:3.12-slim\nRUN rm /tmp/x || true\nRUN python -m compileall -q /app || true\n',
    },
    {
      name: 'the fallback still fails the step',
      dockerfile:
        'FROM python:3.12-slim\nRUN python -c "import app" || (echo "import failed" && exit 1)\nRUN pytest || echo "tests failed" && exit 1\n',
    },
  ],
  invalid: [
    {
      name: "the guide's import test",
      dockerfile:
        'FROM python:3.12-slim\nRUN uv run python -c "from src.mcp_server import mcp" || \\\n    echo "import test failed - will try at runtime"\n',
      errors: [
        { line: 2, column: 5, endLine: 3, endColumn: 52, message: /swallows the failure of `python -c`/ },
      ],
    },
    {
      dockerfile:
        'FROM python:3.12-slim\nRUN pip install -r requirements.txt && python -m pytest -q || true\n',
      errors: [
        {
          line: 2,
          column: 40,
          endColumn: 67,
          message: /`true` after `\|\|` swallows the failure of `python -m`/,
        },
      ],
    },
    {
      dockerfile: 'FROM python:3.12-slim\nRUN python manage.py check --deploy || exit 0\n',
      errors: [{ line: 2, column: 5 }],
    },
  ],
});
