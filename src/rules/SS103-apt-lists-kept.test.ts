import { rule } from './SS103-apt-lists-kept.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(
  rule,
  {
    valid: [
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
      {
        name: 'cache mount on the lists',
        dockerfile:
          'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \\\n    --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    apt-get update && apt-get install -y --no-install-recommends curl\n',
      },
      {
        name: 'builder stage lists never ship',
        dockerfile:
          'FROM python:3.12-slim AS builder\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\n\nFROM python:3.12-slim\nCOPY --from=builder /usr/local /usr/local\n',
      },
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists\n',
    ],
    invalid: [
      {
        dockerfile:
          'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
        errors: [
          { line: 2, column: 23, endLine: 2, endColumn: 38, message: /rm -rf \/var\/lib\/apt\/lists/ },
        ],
        output:
          'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
      },
      {
        name: 'multi-line RUN keeps its layout; apt-get clean is not enough',
        dockerfile:
          'FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends \\\n        curl \\\n    && apt-get clean\nCMD ["bash"]\n',
        errors: [{ line: 3, column: 8 }],
        output:
          'FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends \\\n        curl \\\n    && apt-get clean \\\n    && rm -rf /var/lib/apt/lists/*\nCMD ["bash"]\n',
      },
      {
        name: 'no fix when the RUN ends in a way an append would break',
        dockerfile:
          'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl;\n',
        errors: [{ line: 2, column: 23 }],
      },
      {
        name: 'an install under sudo gets its cleanup under sudo: the RUN may run as a user who may not remove the lists',
        dockerfile:
          'FROM debian:bookworm-slim\nRUN sudo apt-get update && sudo apt-get install -y --no-install-recommends python3-pip\n',
        errors: [{ line: 2, column: 33 }],
        output:
          'FROM debian:bookworm-slim\nRUN sudo apt-get update && sudo apt-get install -y --no-install-recommends python3-pip && sudo rm -rf /var/lib/apt/lists/*\n',
      },
      {
        name: 'no fix when another wrapper switched users for the install',
        dockerfile:
          'FROM debian:bookworm-slim\nRUN su -c "apt-get update && apt-get install -y --no-install-recommends curl"\n',
        errors: [{ line: 2, column: 30 }],
      },
    ],
  },
  { onbuild: 'same' },
);
