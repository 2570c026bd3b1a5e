import { rule } from './SS102-apt-recommends-installed.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(
  rule,
  {
    valid: [
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
      'FROM debian:bookworm-slim\nRUN apt-get -o APT::Install-Recommends=false install -y curl\n',
      {
        name: 'recommends turned off in apt.conf.d by an earlier RUN of the lineage',
        dockerfile:
          'FROM debian:bookworm-slim AS base\nRUN echo \'APT::Install-Recommends "false";\' > /etc/apt/apt.conf.d/00-no-recommends\n\nFROM base\nRUN apt-get update && apt-get install -y curl\n',
      },
      {
        name: 'apk has no recommends',
        dockerfile: 'FROM python:3.12-alpine\nRUN apk add --no-cache curl\n',
      },
    ],
    invalid: [
      {
        dockerfile: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n',
        errors: [{ line: 2, column: 23, endLine: 2, endColumn: 38, message: /--no-install-recommends/ }],
        output:
          'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n',
      },
      {
        name: 'flags before the sub-command, and apt',
        dockerfile:
          'FROM debian:bookworm-slim\nRUN apt-get -y install curl \\\n && DEBIAN_FRONTEND=noninteractive apt install tzdata\n',
        errors: [
          { line: 2, column: 5, endColumn: 23 },
          { line: 3, column: 36, endColumn: 47 },
        ],
        output:
          'FROM debian:bookworm-slim\nRUN apt-get -y install --no-install-recommends curl \\\n && DEBIAN_FRONTEND=noninteractive apt install --no-install-recommends tzdata\n',
      },
      {
        name: 'builder stages count too: recommends slow every build',
        dockerfile: 'FROM python:3.12-slim AS builder\nRUN apt-get install -y gcc\nFROM python:3.12-slim\n',
        errors: [{ line: 2, column: 5 }],
        output:
          'FROM python:3.12-slim AS builder\nRUN apt-get install --no-install-recommends -y gcc\nFROM python:3.12-slim\n',
      },
      {
        name: 'apt-get behind sudo, on a base whose user is not root (code-server)',
        dockerfile:
          'FROM codercom/code-server:4.20.0\nRUN sudo apt-get -y update && sudo apt-get -y install python3-pip python3-venv\n',
        errors: [{ line: 2, column: 36, endColumn: 54 }],
        output:
          'FROM codercom/code-server:4.20.0\nRUN sudo apt-get -y update && sudo apt-get -y install --no-install-recommends python3-pip python3-venv\n',
      },
    ],
  },
  { onbuild: 'same' },
);
