import { rule } from './SS405-python-output-buffered.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nCMD ["python", "-m", "app"]\n',
    {
      name: 'set in a parent stage',
      dockerfile:
        'FROM python:3.12-slim AS base\nENV PYTHONUNBUFFERED=1\nFROM base\nCMD ["python", "-m", "app"]\n',
    },
    'FROM python:3.12-slim\nCMD ["python", "-u", "-m", "app"]\n',
    {
      name: 'a shipped stage that is not Python',
      dockerfile:
        'FROM python:3.12-slim AS docs\nRUN pip install --no-cache-dir mkdocs\nFROM nginx:1.27\nCOPY --from=docs /site /usr/share/nginx/html\n',
    },
  ],
  invalid: [
    {
      dockerfile: 'FROM python:3.12-slim\nCMD ["python", "-m", "app"]\n',
      errors: [{ line: 1, column: 6, endColumn: 22, message: /ENV PYTHONUNBUFFERED=1/ }],
    },
    {
      name: 'set only in the builder stage',
      dockerfile:
        'FROM python:3.12-slim AS builder\nENV PYTHONUNBUFFERED=1\nFROM python:3.12-slim\nCOPY --from=builder /opt/venv /opt/venv\n',
      errors: [{ line: 3, column: 6 }],
    },
    {
      name: 'a non-Python base that installs Python packages',
      dockerfile:
        'FROM debian:bookworm-slim\nRUN apt-get install -y python3-pip && pip3 install --break-system-packages flask\n',
      errors: [{ line: 1, column: 6 }],
    },
    {
      name: 'a Celery worker runs Python whatever the base image',
      dockerfile: 'FROM ghcr.io/acme/app-base:2024.06\nCMD ["celery", "-A", "proj", "worker"]\n',
      errors: [{ line: 1, column: 6 }],
    },
  ],
});
