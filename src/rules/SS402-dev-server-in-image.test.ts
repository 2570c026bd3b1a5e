import { rule } from './SS402-dev-server-in-image.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0"]\n',
    'FROM python:3.12-slim\nENV DEBUG=False FLASK_DEBUG=0\nCMD ["fastapi", "run", "app/main.py"]\n',
    {
      name: 'a dev stage that does not ship',
      dockerfile:
        'FROM python:3.12-slim AS dev\nCMD ["flask", "run"]\nFROM python:3.12-slim\nCMD ["gunicorn", "app:app"]\n',
    },
  ],
  invalid: [
    {
      name: 'each server by its own reload options (the table of server programs): gunicorn',
      dockerfile: 'FROM python:3.12-slim\nCMD ["gunicorn", "--reload-engine", "inotify", "app:app"]\n',
      errors: [{ line: 2, column: 18, message: /`gunicorn --reload-engine` watches files/ }],
    },
    {
      name: 'each server by its own reload options: granian',
      dockerfile:
        'FROM python:3.12-slim\nCMD ["granian", "--interface", "asgi", "--reload-paths", "src", "app:app"]\n',
      errors: [{ line: 2, column: 40, message: /`granian --reload-paths` watches files/ }],
    },
    {
      dockerfile: 'FROM python:3.12-slim\nCMD ["uvicorn", "app:app", "--reload", "--host", "0.0.0.0"]\n',
      errors: [{ line: 2, column: 28, endColumn: 38, message: /`uvicorn --reload` watches files/ }],
    },
    {
      name: 'through uv run, python -m and shell form',
      dockerfile: 'FROM python:3.12-slim\nCMD uv run --frozen python -m flask run --host 0.0.0.0\n',
      errors: [{ line: 2, column: 37, endColumn: 40, message: /`flask run`/ }],
    },
    {
      dockerfile: 'FROM python:3.12-slim\nCMD ["fastapi", "dev", "main.py"]\n',
      errors: [{ line: 2, column: 17, message: /`fastapi dev`/ }],
    },
    {
      name: 'runserver inside sh -c, and debug switches in ENV',
      dockerfile:
        'FROM python:3.12-slim\nENV FLASK_DEBUG=1 DJANGO_DEBUG=True\nCMD ["sh", "-c", "python manage.py migrate && python manage.py runserver 0.0.0.0:8000"]\n',
      errors: [
        { line: 2, column: 5, endColumn: 18, message: /`FLASK_DEBUG=1`/ },
        { line: 2, column: 19, message: /DJANGO_DEBUG/ },
        // The word itself inside the script string, not the whole string.
        { line: 3, column: 64, message: /`runserver`/ },
      ],
    },
  ],
});
