import { rule } from './SS207-apt-update-alone.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(
  rule,
  {
    valid: [
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get -y upgrade\n',
      'FROM alpine:3.20\nRUN apk update && apk add curl\n',
      {
        name: 'a script may install',
        dockerfile: 'FROM debian:bookworm-slim\nRUN apt-get update && ./install-deps.sh\n',
      },
      {
        name: 'a script handed to ksh may install (every shell the model knows counts)',
        dockerfile: 'FROM debian:bookworm-slim\nRUN apt-get update && ksh /tmp/install-deps\n',
      },
      {
        name: 'xargs installs from a list',
        dockerfile:
          'FROM debian:bookworm-slim\nRUN apt-get update && xargs apt-get install -y < /tmp/packages.txt\n',
      },
    ],
    invalid: [
      {
        dockerfile: 'FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y curl\n',
        errors: [
          {
            line: 2,
            column: 5,
            endColumn: 19,
            message:
              '`apt-get update` installs nothing in this RUN, so its index is cached stale for later installs: update and install in the same RUN.',
          },
        ],
      },
      {
        name: 'install before the update does not count',
        dockerfile: 'FROM alpine:3.20\nRUN apk add curl && apk update\n',
        errors: [{ line: 2, column: 21, endColumn: 31, message: /`apk update` installs nothing/ }],
      },
    ],
  },
  { onbuild: 'same' },
);
