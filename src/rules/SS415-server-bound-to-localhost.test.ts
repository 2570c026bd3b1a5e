import { rule } from './SS415-server-bound-to-localhost.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'the variable handed to the server by `env` in the argv: UVICORN_HOST',
      dockerfile: 'FROM python:3.12-slim\nCMD ["env", "UVICORN_HOST=0.0.0.0", "uvicorn", "app:app"]\n',
    },
    {
      name: 'the variable handed to the server by `env` in the argv: PORT, which gunicorn binds on 0.0.0.0',
      dockerfile: 'FROM python:3.12-slim\nCMD ["env", "PORT=9000", "gunicorn", "app:app"]\n',
    },
    {
      name: 'the variable written before the server in shell form, as the shell hands it',
      dockerfile: 'FROM python:3.12-slim\nCMD PORT=9000 gunicorn app:app\n',
    },
    {
      name: 'shell form in a script of `sh -c`, with the host variable of uvicorn',
      dockerfile: 'FROM python:3.12-slim\nCMD ["sh", "-c", "UVICORN_HOST=0.0.0.0 exec uvicorn app:app"]\n',
    },
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
    {
      name: 'a Celery worker listens on nothing',
      dockerfile: 'FROM python:3.12-slim\nCMD ["celery", "-A", "proj", "worker", "--loglevel=INFO"]\n',
    },
    {
      name: 'gunicorn binds 0.0.0.0:$PORT when PORT is set',
      dockerfile: 'FROM python:3.12-slim\nENV PORT=8000\nCMD ["gunicorn", "app.wsgi"]\n',
    },
    {
      name: 'waitress listens on every interface by default',
      dockerfile:
        'FROM python:3.12-slim\nCMD ["waitress-serve", "--port=8080", "--call", "flaskr:create_app"]\n',
    },
    {
      name: 'uWSGI told to listen on every interface',
      dockerfile: 'FROM python:3.12-slim\nCMD ["uwsgi", "--http", ":8000", "--module", "app.wsgi"]\n',
    },
    {
      name: 'uvicorn on a socket given by its variable',
      dockerfile: 'FROM python:3.12-slim\nENV UVICORN_UDS=/run/app.sock\nCMD ["uvicorn", "app.main:app"]\n',
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
    {
      name: 'waitress told to listen on loopback',
      dockerfile: 'FROM python:3.12-slim\nCMD ["waitress-serve", "--listen=127.0.0.1:8080", "app:app"]\n',
      errors: [{ line: 2, column: 24, message: /waitress listens on 127\.0\.0\.1:8080/ }],
    },
    {
      name: 'uWSGI told to serve HTTP on loopback',
      dockerfile: 'FROM python:3.12-slim\nCMD uwsgi --http 127.0.0.1:8000 --module app.wsgi\n',
      errors: [{ line: 2, column: 18, message: /uwsgi listens on 127\.0\.0\.1:8000/ }],
    },
    {
      name: "a loopback -b on the command line wins over gunicorn's config file",
      dockerfile:
        'FROM python:3.12-slim\nCMD ["gunicorn", "-c", "conf.py", "-b", "127.0.0.1:8000", "app:app"]\n',
      errors: [{ line: 2, column: 41, message: /gunicorn listens on 127\.0\.0\.1:8000/ }],
    },
    {
      name: "daphne's -b takes the host alone, so the advice does not add a port to it",
      dockerfile: 'FROM python:3.12-slim\nCMD ["daphne", "-p", "8000", "proj.asgi:application"]\n',
      errors: [{ line: 2, column: 6, message: /pass -b 0\.0\.0\.0 \(with the port you EXPOSE\)/ }],
    },
  ],
});
