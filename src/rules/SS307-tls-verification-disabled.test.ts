import { rule } from './SS307-tls-verification-disabled.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(
  rule,
  {
    valid: [
      'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt && curl -fsSL https://example.com -o /tmp/x\n',
      {
        name: 'curl -H takes a value: the k belongs to it',
        dockerfile: 'FROM debian:bookworm-slim\nRUN curl -Hk https://example.com\n',
      },
      'FROM python:3.12-slim\nENV PYTHONHTTPSVERIFY=1 PIP_TRUSTED_HOST=\n',
    ],
    invalid: [
      {
        dockerfile:
          'FROM python:3.12-slim\nRUN pip install --trusted-host pypi.internal -r requirements.txt\n',
        errors: [{ line: 2, column: 17, endColumn: 31, message: /`--trusted-host` lets the installer/ }],
      },
      {
        name: 'behind a wrapper, each word once: the wrapped command shares its wrapper’s words and variables',
        dockerfile:
          'FROM python:3.12-slim\nRUN PIP_TRUSTED_HOST=x timeout 600 pip install --trusted-host x flask\nRUN sudo -E env PYTHONHTTPSVERIFY=0 nohup curl -fsSL https://example.com/x -o /tmp/x\nRUN nice -n 5 pip config set global.trusted-host example.com\n',
        errors: [
          { line: 2, column: 5, message: /`PIP_TRUSTED_HOST`/ },
          { line: 2, column: 48, message: /`--trusted-host`/ },
          { line: 3, column: 17, message: /`PYTHONHTTPSVERIFY=0`/ },
          { line: 4, column: 30, message: /`trusted-host` in the pip config/ },
        ],
      },
      {
        name: 'curl -k in a cluster, wget --no-check-certificate',
        dockerfile:
          'FROM debian:bookworm-slim\nRUN curl -fsSLk https://a.example/x -o x && wget --no-check-certificate https://b.example/y\n',
        errors: [
          { line: 2, column: 10, endColumn: 16, message: /curl `-fsSLk`/ },
          { line: 2, column: 50, message: /wget/ },
        ],
      },
      {
        name: 'variables in ENV and as a command prefix',
        dockerfile:
          'FROM python:3.12-slim\nENV PIP_TRUSTED_HOST=pypi.internal\nRUN GIT_SSL_NO_VERIFY=1 git clone https://git.internal/x.git\n',
        errors: [
          { line: 2, column: 5, endColumn: 35, message: /PIP_TRUSTED_HOST/ },
          { line: 3, column: 5, endColumn: 24, message: /GIT_SSL_NO_VERIFY/ },
        ],
      },
      {
        name: 'pip config and git config',
        dockerfile:
          'FROM python:3.12-slim\nRUN pip config set global.trusted-host pypi.internal && git config --global http.sslVerify false\n',
        errors: [
          { line: 2, column: 20, message: /pip config/ },
          { line: 2, column: 77, message: /sslVerify/ },
        ],
      },
    ],
  },
  { onbuild: 'same' },
);
