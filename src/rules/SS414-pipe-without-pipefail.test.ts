import { rule } from './SS414-pipe-without-pipefail.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'echo or printf feeding a checksum check hides nothing',
      dockerfile:
        'FROM python:3.12-slim\nRUN echo "$GOSU_SHA256  /usr/local/bin/gosu" | sha256sum --check --status && printf "%s\\n" a | tee /tmp/a\n',
    },
    'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/key | gpg --dearmor -o /k.gpg\n',
    'FROM alpine:3.20\nRUN set -eo pipefail && wget -qO- https://example.com/x.tgz | tar xz\n',
    {
      name: 'SHELL from the parent stage',
      dockerfile:
        'FROM debian:bookworm-slim AS base\nSHELL ["/bin/bash", "-euo", "pipefail", "-c"]\nFROM base\nRUN ls | head -1\n',
    },
    {
      name: 'PowerShell',
      dockerfile:
        'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Get-ChildItem | Select-Object -First 1\n',
    },
    { name: 'no pipe', dockerfile: 'FROM debian:bookworm-slim\nRUN apt-get update || true\n' },
  ],
  invalid: [
    {
      dockerfile:
        'FROM debian:bookworm-slim\nRUN curl -fsSL https://example.com/key | gpg --dearmor -o /k.gpg\n',
      errors: [
        {
          line: 2,
          column: 5,
          endColumn: 39,
          message:
            'If `curl` fails, the pipe hides it (only `gpg`\'s status counts): put `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before this RUN.',
        },
      ],
    },
    {
      name: 'command substitution inside the pipe, pipefail set too late, bash without pipefail',
      dockerfile:
        'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-c"]\nRUN echo "deb $(lsb_release -cs) main" | tee /x && set -o pipefail && a | b\n',
      errors: [{ line: 3, column: 5, endColumn: 39, message: /`echo` fails.*only `tee`/ }],
    },
    {
      name: 'on Alpine the advice is ash, not bash',
      dockerfile: 'FROM python:3.12-alpine\nRUN wget -qO- https://example.com/x.tar.gz | tar -xz -C /opt\n',
      errors: [
        {
          line: 2,
          column: 5,
          message:
            'If `wget` fails, the pipe hides it (only `tar`\'s status counts): start it with `set -o pipefail &&` (Alpine\'s ash has it), or put `SHELL ["/bin/ash", "-eo", "pipefail", "-c"]` before this RUN.',
        },
      ],
    },
  ],
});
