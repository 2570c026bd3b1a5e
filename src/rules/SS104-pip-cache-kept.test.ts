import { rule } from './SS104-pip-cache-kept.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(
  rule,
  {
    valid: [
      'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n',
      'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n',
      'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n',
      {
        name: 'uv pip has its own cache rule',
        dockerfile: 'FROM python:3.12-slim\nRUN uv pip install --system flask\n',
      },
      {
        name: 'the variable handed to pip by env or sudo',
        dockerfile:
          'FROM python:3.12-slim\nRUN env PIP_NO_CACHE_DIR=1 pip install flask\nRUN sudo PIP_NO_CACHE_DIR=1 pip install gunicorn\n',
      },
    ],
    invalid: [
      {
        dockerfile: 'FROM python:3.12-slim\nRUN pip install uv\n',
        errors: [{ line: 2, column: 5, endLine: 2, endColumn: 19, message: /--no-cache-dir/ }],
        output: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir uv\n',
      },
      {
        name: 'python -m pip inside a chain',
        dockerfile:
          'FROM python:3.12-slim\nRUN apt-get update && python3 -m pip install -r requirements.txt\n',
        errors: [{ line: 2, column: 23 }],
        output:
          'FROM python:3.12-slim\nRUN apt-get update && python3 -m pip install --no-cache-dir -r requirements.txt\n',
      },
      {
        name: 'pip behind sudo, gosu and timeout, as dev-container and entrypoint-style images write it',
        dockerfile:
          'FROM python:3.12-slim\nRUN useradd -m app && echo "app ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/app\nUSER app\nRUN sudo pip3 install -r /tmp/requirements.txt\nRUN gosu app pip install --user -r requirements.txt\nRUN timeout 600 pip install -r requirements.txt\n',
        errors: [
          { line: 4, column: 10, endColumn: 47 },
          { line: 5, column: 14, endColumn: 52 },
          { line: 6, column: 17, endColumn: 48 },
        ],
        output:
          'FROM python:3.12-slim\nRUN useradd -m app && echo "app ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/app\nUSER app\nRUN sudo pip3 install --no-cache-dir -r /tmp/requirements.txt\nRUN gosu app pip install --no-cache-dir --user -r requirements.txt\nRUN timeout 600 pip install --no-cache-dir -r requirements.txt\n',
      },
      {
        name: 'sudo resets the environment: a variable set before it does not reach pip',
        dockerfile: 'FROM python:3.12-slim\nRUN PIP_NO_CACHE_DIR=1 sudo pip install flask\n',
        errors: [{ line: 2, column: 29 }],
        output: 'FROM python:3.12-slim\nRUN PIP_NO_CACHE_DIR=1 sudo pip install --no-cache-dir flask\n',
      },
    ],
  },
  { onbuild: 'same' },
);
