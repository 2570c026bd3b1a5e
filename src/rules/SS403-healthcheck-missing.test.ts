import { rule } from './SS403-healthcheck-missing.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir build\n',
    {
      name: 'a worker image that serves nothing',
      dockerfile: 'FROM python:3.12-slim\nCMD ["celery", "-A", "app", "worker"]\n',
    },
    'FROM python:3.12-slim\nEXPOSE 8000\nHEALTHCHECK NONE\n',
    {
      name: 'a HEALTHCHECK in the parent stage is inherited',
      dockerfile:
        'FROM python:3.12-slim AS base\nHEALTHCHECK CMD python -c "import urllib.request as u; u.urlopen(\'http://localhost:8000/\')"\nFROM base\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0"]\n',
    },
  ],
  invalid: [
    {
      dockerfile:
        'FROM python:3.12-slim\nEXPOSE 8080\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8080"]\n',
      errors: [{ line: 3, column: 1, endColumn: 4, message: /serves port 8080 but has no HEALTHCHECK/ }],
    },
    {
      name: 'EXPOSE alone is enough to call it a server',
      dockerfile: 'FROM python:3.12-slim\nEXPOSE 5000\n',
      errors: [{ line: 2, column: 1, message: /port 5000/ }],
    },
    {
      name: 'the route the code serves goes into the advice',
      dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["gunicorn", "-b", "0.0.0.0:9000", "app:app"]\n',
      files: {
        'pyproject.toml': '[project]\nname = "app"\nversion = "0"\ndependencies = ["flask"]\n',
        'app.py':
          'from flask import Flask\napp = Flask(__name__)\n\n@app.get("/healthz")\ndef health():\n    return "ok"\n',
      },
      errors: [{ line: 3, column: 1, message: /probes http:\/\/localhost:9000\/healthz/ }],
    },
    {
      name: 'an SMTP port gets a connection probe, not an HTTP one',
      dockerfile:
        'FROM python:3.12-slim\nEXPOSE 25\nCMD ["python", "-m", "aiosmtpd", "-n", "-l", "0.0.0.0:25"]\n',
      errors: [
        {
          line: 3,
          column: 1,
          message:
            "This image serves port 25 but has no HEALTHCHECK: port 25 does not speak HTTP, so add one that opens a connection to it, e.g. `HEALTHCHECK CMD python -c \"import socket; socket.create_connection(('localhost', 25), 3)\"`, or the server's own check command.",
        },
      ],
    },
    {
      name: 'an image without Python gets a curl or wget probe',
      dockerfile: 'FROM node:20-alpine\nCOPY dist /app/dist\nEXPOSE 3000\nCMD ["serve", "-s", "/app/dist"]\n',
      errors: [
        {
          line: 4,
          column: 1,
          message: /probes http:\/\/localhost:3000\/, e\.g\. with `curl -f` or `wget -q --spider`/,
        },
      ],
    },
    {
      name: 'waitress serves its default port without an EXPOSE',
      dockerfile: 'FROM python:3.12-slim\nCMD ["waitress-serve", "--call", "flaskr:create_app"]\n',
      errors: [{ line: 2, column: 1, message: /serves port 8080 but has no HEALTHCHECK/ }],
    },
    {
      name: "Celery's flower subcommand serves a web UI on 5555",
      dockerfile: 'FROM python:3.12-slim\nCMD ["celery", "flower"]\n',
      errors: [{ line: 2, column: 1, message: /serves port 5555 but has no HEALTHCHECK/ }],
    },
  ],
});
