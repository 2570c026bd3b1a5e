import { rule } from './SS112-tool-installed-only-for-healthcheck.js';
import { ruleTester } from './test-support/tester.js';

const INSTALL_CURL =
  'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*\n';

ruleTester(rule, {
  valid: [
    {
      name: 'curl also used by a RUN',
      dockerfile: `${INSTALL_CURL}RUN curl -fsSL https://example.com/model.bin -o /models/model.bin\nHEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1\n`,
    },
    {
      name: 'a Python probe',
      dockerfile: `${INSTALL_CURL}RUN curl -fsSLo /x https://example.com/x\nHEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"]\n`,
    },
    {
      name: 'an entrypoint script may use it',
      dockerfile: `${INSTALL_CURL}HEALTHCHECK CMD curl -f http://localhost:8000/health\nENTRYPOINT ["/docker-entrypoint.sh"]\n`,
    },
    {
      name: 'installed in a builder stage only',
      dockerfile:
        'FROM python:3.12-slim AS b\nRUN apt-get install -y curl\nFROM python:3.12-slim\nHEALTHCHECK CMD curl -f http://localhost/\n',
    },
  ],
  invalid: [
    {
      name: "the guide's multi-stage health check",
      dockerfile: `${INSTALL_CURL}HEALTHCHECK --interval=30s --timeout=3s \\\n    CMD curl -f http://localhost:8080/health || exit 1\nCMD ["uvicorn", "app:app"]\n`,
      errors: [
        {
          line: 2,
          column: 66,
          endColumn: 70,
          message:
            '`curl` is installed only for the HEALTHCHECK on line 3: probe with Python instead (`python -c "import urllib.request; urllib.request.urlopen(\'http://localhost:8080/health\')"`) and drop the package.',
        },
      ],
    },
    {
      name: 'wget on alpine, JSON-form probe',
      dockerfile:
        'FROM python:3.12-alpine\nRUN apk add --no-cache wget\nHEALTHCHECK CMD ["wget", "-q", "--spider", "http://localhost:8000/healthz"]\n',
      errors: [{ line: 2, column: 24, endColumn: 28, message: /`wget`.*localhost:8000\/healthz/ }],
    },
  ],
});
