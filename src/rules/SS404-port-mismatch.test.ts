import { rule } from './SS404-port-mismatch.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nEXPOSE 8000\nHEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"]\n',
    {
      name: 'a probe whose port is computed at run time (`host:` + an environment variable)',
      dockerfile:
        "FROM python:3.12-slim\nENV PORT=8181\nEXPOSE 8181\nHEALTHCHECK CMD python -c \"import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['PORT'] + '/status')\"\nCMD uvicorn main:app --host 0.0.0.0 --port ${PORT}\n",
    },
    {
      name: 'a short option with its value attached (`-b0.0.0.0:9000`), as argparse reads it',
      dockerfile: 'FROM python:3.12-slim\nEXPOSE 9000\nCMD ["gunicorn", "-b0.0.0.0:9000", "app:app"]\n',
    },
    {
      name: 'a short option with its value attached (`-p5001`), as click reads it',
      dockerfile: 'FROM python:3.12-slim\nEXPOSE 5001\nCMD ["flask", "run", "-h", "0.0.0.0", "-p5001"]\n',
    },
    {
      name: 'the port variable handed to the server by `env` in the argv',
      dockerfile: 'FROM python:3.12-slim\nEXPOSE 9000\nCMD ["env", "PORT=9000", "gunicorn", "app:app"]\n',
    },
    {
      name: 'the port variable written before the server in shell form',
      dockerfile: 'FROM python:3.12-slim\nEXPOSE 9000\nCMD PORT=9000 gunicorn app:app\n',
    },
    {
      name: 'the default port of uvicorn matches',
      dockerfile: 'FROM python:3.12-slim\nEXPOSE 8000\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0"]\n',
    },
    {
      name: 'the default cannot be known when a config file may set it',
      dockerfile: 'FROM python:3.12-slim\nEXPOSE 80\nCMD ["gunicorn", "-c", "conf.py", "app:app"]\n',
    },
    {
      name: 'ports from ENV and ${PORT:-default}',
      dockerfile:
        'FROM python:3.12-slim\nENV PORT=9000\nEXPOSE $PORT\nHEALTHCHECK CMD curl -f http://127.0.0.1:${PORT}/\nCMD ["sh", "-c", "uvicorn app:app --host 0.0.0.0 --port ${PORT:-9000}"]\n',
    },
    {
      name: 'an unknown server: EXPOSE and HEALTHCHECK agree',
      dockerfile:
        'FROM python:3.12-slim\nEXPOSE 8080 8051\nHEALTHCHECK CMD curl -f http://localhost:8080/\nCMD ["/app/run.sh"]\n',
    },
    {
      name: 'uWSGI has no default port: an ini file says where it listens',
      dockerfile: 'FROM python:3.12-slim\nEXPOSE 8000\nCMD ["uwsgi", "/code/etc/uwsgi.ini"]\n',
    },
    {
      name: 'a gunicorn.conf.py copied into the working folder may set the bind',
      dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY docker/gunicorn.conf.py ./\nEXPOSE 80\nCMD ["gunicorn", "app.wsgi"]\n',
    },
    {
      name: 'a Celery worker binds no port',
      dockerfile: 'FROM python:3.12-slim\nEXPOSE 5555\nCMD ["celery", "-A", "proj", "worker"]\n',
    },
  ],
  invalid: [
    {
      name: 'the guide-style mix-up: health check and EXPOSE on 8080, server on 8000',
      dockerfile:
        'FROM python:3.12-slim\nEXPOSE 8080\nHEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"]\n',
      errors: [
        {
          line: 3,
          column: 25,
          endColumn: 46,
          message: /HEALTHCHECK probes port 8080 but the server binds 8000/,
        },
        { line: 4, column: 59, endColumn: 65, message: /binds port 8000 but EXPOSE lists 8080/ },
      ],
    },
    {
      name: "the server's default port against EXPOSE",
      dockerfile: 'FROM python:3.12-slim\nEXPOSE 80\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0"]\n',
      errors: [{ line: 2, column: 8, endColumn: 10, message: /uvicorn listens on its default port 8000/ }],
    },
    {
      name: 'gunicorn -b in one JSON element, probe in python',
      dockerfile:
        'FROM python:3.12-slim\nHEALTHCHECK CMD ["python", "-c", "import urllib.request as u; u.urlopen(\'http://localhost:5000/ping\')"]\nCMD [ "gunicorn", "web.wsgi", "-b 0.0.0.0:8000" ]\n',
      errors: [{ line: 2, column: 74, message: /probes port 5000 but the server binds 8000/ }],
    },
    {
      name: 'no known server: the probe misses every EXPOSEd port',
      dockerfile: 'FROM python:3.12-slim\nEXPOSE 8000\nHEALTHCHECK CMD wget -qO- http://localhost/health\n',
      errors: [{ line: 3, column: 27, message: /probes port 80 but EXPOSE lists 8000/ }],
    },
    {
      name: "waitress's default port against EXPOSE",
      dockerfile:
        'FROM python:3.12-slim\nEXPOSE 8000\nCMD ["waitress-serve", "--call", "flaskr:create_app"]\n',
      errors: [{ line: 2, column: 8, message: /waitress listens on its default port 8080/ }],
    },
    {
      name: "granian's default port against EXPOSE",
      dockerfile:
        'FROM python:3.12-slim\nEXPOSE 80\nCMD ["granian", "--interface", "asgi", "--host", "0.0.0.0", "app:app"]\n',
      errors: [{ line: 2, column: 8, message: /granian listens on its default port 8000/ }],
    },
    {
      name: "uWSGI's --http port against EXPOSE",
      dockerfile: 'FROM python:3.12-slim\nEXPOSE 8000\nCMD uwsgi --http :9000 --module app.wsgi\n',
      errors: [{ line: 3, column: 18, message: /binds port 9000 but EXPOSE lists 8000/ }],
    },
    {
      name: "Flower's --port against EXPOSE (celery's flower subcommand)",
      dockerfile:
        'FROM python:3.12-slim\nEXPOSE 5555\nCMD ["celery", "-A", "proj", "flower", "--port=5566"]\n',
      errors: [{ line: 3, column: 40, message: /binds port 5566 but EXPOSE lists 5555/ }],
    },
  ],
});
