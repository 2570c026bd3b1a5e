import { rule } from './SS415-server-bound-to-localhost.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]\n',
    'FROM python:3.12-slim\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n',
    'FROM python:3.12-slim\nENV UVICORN_HOST=0.0.0.0\nCMD ["uvicorn", "app.main:app"]\n',
    'FROM python:3.12-slim\nCMD ["fastapi", "run", "app/main.py"]\n',
    {
      name: 'gunicorn reads gunicorn.conf.py',
      dockerfile: 'FROM python:3.12-slim\nCMD ["gunicorn", "app:app"]\n',
      files: { 'gunicorn.conf.py': 'bind = "0.0.0.0:8000"\n' },
    },
    'FROM python:3.12-slim\nCMD uvicorn app.main:app --host=0.0.0.0\n',
    {
      name: 'the config file named on the command line in one JSON element binds it',
      dockerfile:
        'FROM python:3.12-slim\nCOPY gunicorn_config.py /etc/app/\nCMD ["gunicorn", "-c /etc/app/gunicorn_config.py", "app.wsgi"]\n',
    },
    {
      name: '--config= and a config named inside sh -c',
      dockerfile:
        'FROM python:3.12-slim\nCMD ["sh", "-c", "python manage.py migrate && gunicorn --config=python:app.gunicorn app.wsgi"]\n',
    },
    {
      name: 'argparse reads --conf as --config',
      dockerfile:
        'FROM python:3.12-slim\nWORKDIR /code/app\nCOPY ./app /code/app\nCMD ["gunicorn", "--conf", "gunicorn_conf.py"]\n',
    },
    {
      name: 'a gunicorn.conf.py copied into the working folder',
      dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY docker/gunicorn.conf.py ./\nCMD ["gunicorn", "app.wsgi"]\n',
    },
  ],
  invalid: [
    {
      name: 'one JSON element holding the short option and a loopback address',
      dockerfile: 'FROM python:3.12-slim\nCMD ["gunicorn", "app.wsgi", "-b 127.0.0.1:8000"]\n',
      errors: [{ line: 2, column: 30, message: /gunicorn listens on 127\.0\.0\.1:8000/ }],
    },
    {
      dockerfile: 'FROM python:3.12-slim\nCMD ["uvicorn", "app.main:app", "--port", "8000"]\n',
      errors: [{ line: 2, column: 6, endColumn: 15, message: /uvicorn listens on 127\.0\.0\.1 by default/ }],
    },
    {
      name: 'explicit loopback, shell form',
      dockerfile: 'FROM python:3.12-slim\nCMD gunicorn -b 127.0.0.1:8000 app:app\n',
      errors: [{ line: 2, column: 17, message: /listens on 127\.0\.0\.1:8000/ }],
    },
    {
      name: 'flask run without --host',
      dockerfile: 'FROM python:3.12-slim\nENTRYPOINT ["flask", "run", "--port", "5000"]\n',
      errors: [{ line: 2, column: 13 }],
    },
  ],
});
