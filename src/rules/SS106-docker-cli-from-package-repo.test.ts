import { rule } from './SS106-docker-cli-from-package-repo.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM docker:27-cli AS docker-cli\nFROM python:3.12-slim\nCOPY --from=docker-cli /usr/local/bin/docker /usr/local/bin/docker\n',
    {
      name: 'the docker Python SDK is not the CLI',
      dockerfile: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir docker\n',
    },
    {
      name: 'a builder stage that does not ship',
      dockerfile:
        'FROM debian:bookworm-slim AS tools\nRUN apt-get install -y docker.io\nFROM python:3.12-slim\n',
    },
  ],
  invalid: [
    {
      name: "the guide's Docker client",
      dockerfile:
        'FROM python:3.12-slim\nRUN apt-get update \\\n    && apt-get install -y docker-ce-cli \\\n    && rm -rf /var/lib/apt/lists/*\n',
      errors: [
        { line: 3, column: 27, endLine: 3, endColumn: 40, message: /COPY --from=docker:<version>-cli/ },
      ],
    },
    {
      name: 'the convenience script',
      dockerfile: 'FROM python:3.12-slim\nRUN curl -fsSL https://get.docker.com | sh\n',
      errors: [
        { line: 2, column: 16, endColumn: 38, message: /get\.docker\.com installs the whole Docker engine/ },
      ],
    },
    {
      name: 'apk',
      dockerfile: 'FROM python:3.12-alpine\nRUN apk add --no-cache docker-cli\n',
      errors: [{ line: 2, column: 24, endColumn: 34 }],
    },
  ],
});
