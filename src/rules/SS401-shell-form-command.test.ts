import { rule } from './SS401-shell-form-command.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0"]\n',
    'FROM python:3.12-slim\nCMD exec gunicorn app:app\n',
    {
      name: 'only the stage that ships counts',
      dockerfile:
        'FROM python:3.12-slim AS test\nCMD pytest -q\nFROM python:3.12-slim\nCMD ["python", "-m", "app"]\n',
    },
    {
      name: 'PowerShell stages are left alone',
      dockerfile: 'FROM python:3-windowsservercore\nSHELL ["powershell", "-Command"]\nCMD python app.py\n',
    },
  ],
  invalid: [
    {
      dockerfile: 'FROM python:3.12-slim\nCMD uvicorn app.main:app --host 0.0.0.0 --port 8000\n',
      errors: [{ line: 2, column: 5, endColumn: 52, message: /not PID 1/ }],
      output:
        'FROM python:3.12-slim\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]\n',
    },
    {
      name: 'plain quotes and line continuations are fine to rewrite',
      dockerfile: "FROM python:3.12-slim\nENTRYPOINT gunicorn \\\n    --bind '0.0.0.0:8000' app:app\n",
      errors: [{ line: 2, column: 12, endLine: 3, endColumn: 34 }],
      output: 'FROM python:3.12-slim\nENTRYPOINT ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n',
    },
    {
      name: 'a variable needs the shell: reported without a fix',
      dockerfile: 'FROM python:3.12-slim\nCMD uvicorn app:app --port $PORT\n',
      errors: [{ line: 2, column: 5, message: /e\.g\. `CMD \["program", "arg"\]`, or start it with `exec`/ }],
    },
    {
      name: 'a chain of commands: no fix',
      dockerfile: 'FROM python:3.12-slim\nCMD python manage.py migrate && gunicorn app.wsgi\n',
      errors: [{ line: 2, column: 5 }],
    },
  ],
});
