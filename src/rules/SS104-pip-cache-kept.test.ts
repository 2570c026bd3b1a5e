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
        name: 'a docker-stacks image installs as jovyan with --no-cache-dir',
        dockerfile:
          'FROM quay.io/jupyter/scipy-notebook:2024-05-27\nRUN pip install --no-cache-dir altair vega_datasets && fix-permissions "${CONDA_DIR}"\n',
      },
      {
        name: "a cache mount on the user's own folder, or one pip cannot write (it then keeps no cache; SS202 says so)",
        dockerfile:
          'FROM python:3.12-slim\nRUN useradd -m -u 1000 app\nUSER app\nRUN --mount=type=cache,target=/home/app/.cache/pip,uid=1000 pip install --user flask\nRUN --mount=type=cache,target=/home/app/.cache pip install --user httpx\n',
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
        // Under ONBUILD the useradd runs in the child build and the triggers run as the image's last USER.
        onbuild: false,
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
        name: 'pip run as app, by USER, su and gosu: the cache is in its home, the mount needs its uid; the fix applies the same',
        // Under ONBUILD the useradd runs in the child build and the triggers run as the image's last USER.
        onbuild: false,
        dockerfile:
          'FROM python:3.11-slim\nRUN useradd -m -u 1000 app\nUSER app\nRUN pip install --user flask\nRUN su app -c "pip install django"\nUSER root\nRUN gosu app pip install requests\nCMD ["python", "app.py"]\n',
        errors: [
          {
            line: 4,
            column: 5,
            message:
              'pip keeps its download cache in the layer: add `--no-cache-dir` or mount a cache on /home/app/.cache/pip with `uid=1000` (pip runs as `app`).',
          },
          { line: 5, column: 16, message: /mount a cache on \/home\/app\/\.cache\/pip with `uid=1000`/ },
          { line: 7, column: 14, message: /mount a cache on \/home\/app\/\.cache\/pip with `uid=1000`/ },
        ],
        output:
          'FROM python:3.11-slim\nRUN useradd -m -u 1000 app\nUSER app\nRUN pip install --no-cache-dir --user flask\nRUN su app -c "pip install --no-cache-dir django"\nUSER root\nRUN gosu app pip install --no-cache-dir requests\nCMD ["python", "app.py"]\n',
      },
      {
        name: "a mount on root's folder does not keep app's cache out of the layer; an unknown home is said so",
        // Under ONBUILD the useradd runs in the child build and the triggers run as the image's last USER.
        onbuild: false,
        dockerfile:
          'FROM python:3.12-slim\nRUN adduser --system --uid 999 app\nUSER app\nRUN --mount=type=cache,target=/root/.cache/pip pip install --user flask\n',
        errors: [
          {
            line: 4,
            message:
              "pip keeps its download cache in the layer: add `--no-cache-dir` or mount a cache on pip's cache folder in the home of `app` (`~/.cache/pip`) with `uid=999` (pip runs as `app`).",
          },
        ],
        output:
          'FROM python:3.12-slim\nRUN adduser --system --uid 999 app\nUSER app\nRUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir --user flask\n',
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
