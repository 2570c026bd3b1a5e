import { rule } from './SS303-secret-in-arg-or-env.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1 APP_HOME=/app\nARG VERSION=1.0\n',
    {
      name: 'names about a secret, not the secret',
      dockerfile:
        'FROM python:3.12-slim\nENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\nARG PUBLIC_KEY\nENV POSTGRES_PASSWORD_FILE=/run/secrets/db\nENV AUTH_URL=https://auth.example.com\n',
    },
    {
      name: 'secret words only count as whole parts of the name',
      dockerfile: 'FROM python:3.12-slim\nENV MONKEY=1 TOKENIZERS_PARALLELISM=false KEYBOARD=us\n',
    },
    {
      name: 'an empty ENV only names the variable the app reads at run time',
      dockerfile: 'FROM python:3.12-slim\nENV OPENAI_API_KEY="" ANTHROPIC_API_KEY=\'\' HF_TOKEN=\n',
    },
    {
      name: 'ARG and ENV of a builder stage the image is not built FROM',
      dockerfile:
        'FROM node:20-slim AS frontend\nARG NPM_TOKEN\nENV SENTRY_AUTH_TOKEN=abc\nRUN npm ci\n\nFROM python:3.12-slim\nCOPY --from=frontend /dist /app/static\n',
    },
    {
      name: 'front-end keys the bundler ships to the browser by design',
      dockerfile:
        'FROM node:20-slim AS web\nFROM python:3.12-slim\nARG VITE_MAPS_API_KEY\nENV NEXT_PUBLIC_STRIPE_KEY=pk_live_x REACT_APP_FIREBASE_API_KEY=x\n',
    },
  ],
  invalid: [
    {
      name: 'an empty ARG default still waits for --build-arg, and a builder parent ships',
      dockerfile:
        'FROM python:3.12-slim AS base\nENV DJANGO_SECRET_KEY=changeme\nFROM base\nARG OPENAI_API_KEY=""\nENV VITE_MAPS_KEY_X=1 API_TOKEN=$OPENAI_API_KEY\n',
      errors: [
        { line: 2, column: 5, message: /ENV `DJANGO_SECRET_KEY`/ },
        { line: 4, column: 5, message: /ARG `OPENAI_API_KEY`/ },
        { line: 5, column: 23, message: /ENV `API_TOKEN`/ },
      ],
    },
    {
      name: 'a front-end variable that names a real secret ships it to the browser too',
      dockerfile:
        'FROM python:3.12-slim\nARG VITE_GOOGLE_CLIENT_SECRET\nRUN cd frontend && npm ci && npm run build\n',
      errors: [
        {
          line: 2,
          column: 5,
          message: /ARG `VITE_GOOGLE_CLIENT_SECRET`.*inlines it into the JavaScript every browser downloads/,
        },
      ],
    },
    {
      dockerfile: 'FROM python:3.12-slim\nARG PYPI_TOKEN\n',
      errors: [{ line: 2, column: 5, endColumn: 15, message: /ARG `PYPI_TOKEN` looks like a secret/ }],
    },
    {
      name: 'one finding per name, never the value',
      dockerfile: 'FROM python:3.12-slim\nENV DB_PASSWORD=hunter2 DEBUG=0 SECRET_KEY="abc def"\n',
      errors: [
        {
          line: 2,
          column: 5,
          endColumn: 16,
          message:
            'ENV `DB_PASSWORD` looks like a secret and would be kept in the image config: pass it with `RUN --mount=type=secret` instead (or at run time).',
        },
        { line: 2, column: 33, endColumn: 43 },
      ],
    },
    {
      name: 'global ARG and the legacy ENV syntax',
      dockerfile: 'ARG GITHUB_TOKEN\nFROM python:3.12-slim\nENV AWS_SECRET_ACCESS_KEY value\n',
      errors: [
        { line: 1, column: 5 },
        { line: 3, column: 5 },
      ],
    },
  ],
});
