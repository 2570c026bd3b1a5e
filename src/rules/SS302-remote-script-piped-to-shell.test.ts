import { rule } from './SS302-remote-script-piped-to-shell.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(
  rule,
  {
    valid: [
      'FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/install.sh https://example.com/install.sh && sha256sum -c sums && sh /tmp/install.sh\n',
      'FROM debian:bookworm-slim\nRUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg\n',
      {
        name: 'wget writing to a file is not piped anywhere',
        dockerfile: 'FROM debian:bookworm-slim\nRUN wget -q https://example.com/a.tar.gz | tee log\n',
      },
      {
        name: 'a shell running a script file reads no stdin',
        dockerfile: 'FROM debian:bookworm-slim\nRUN curl -fsSL https://example.com/list | sh ./process.sh\n',
      },
    ],
    invalid: [
      {
        dockerfile: 'FROM debian:bookworm-slim\nRUN curl -fsSL https://get.example.com | sh\n',
        errors: [{ line: 2, column: 5, endLine: 2, endColumn: 44, message: /piped straight into `sh`/ }],
      },
      {
        name: 'wget -qO- into bash -s after another command',
        dockerfile:
          'FROM debian:bookworm-slim\nRUN apt-get update && wget -qO- https://x.example/setup | bash -s -- --yes\n',
        errors: [{ line: 2, column: 23, endColumn: 75, message: /`bash`/ }],
      },
      {
        name: 'the Poetry installer piped into python3 -, through sudo',
        dockerfile:
          'FROM python:3.12-slim\nRUN curl -sSL https://install.python-poetry.org | sudo python3 -\n',
        errors: [{ line: 2, column: 5, message: /`python3`/ }],
      },
      {
        name: 'command substitution',
        dockerfile: 'FROM debian:bookworm-slim\nRUN sh -c "$(curl -fsSL https://example.com/install.sh)"\n',
        errors: [{ line: 2, column: 5, endColumn: 57, message: /`sh` runs a script fetched/ }],
      },
      {
        name: 'piped into mksh, a shell like the others',
        dockerfile: 'FROM debian:bookworm-slim\nRUN curl -fsSL https://get.example.com | mksh\n',
        errors: [{ line: 2, column: 5, message: /piped straight into `mksh`/ }],
      },
      {
        name: 'behind wrappers on either side of the pipe, each reported once',
        dockerfile:
          'FROM debian:bookworm-slim\nRUN timeout 60 curl -fsSL https://get.example.com | sudo -E bash -s -- --yes\nRUN sudo sh -c "$(curl -fsSL https://example.com/install.sh)"\n',
        errors: [
          { line: 2, column: 5, message: /piped straight into `bash`/ },
          { line: 3, column: 5, message: /`sh` runs a script fetched/ },
        ],
      },
    ],
  },
  { onbuild: 'same' },
);
