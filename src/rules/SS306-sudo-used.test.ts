import { rule } from './SS306-sudo-used.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(
  rule,
  {
    valid: [
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends sudo\n',
      'FROM debian:bookworm-slim\nRUN echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app\n',
    ],
    invalid: [
      {
        dockerfile: 'FROM debian:bookworm-slim\nUSER app\nRUN sudo apt-get install -y curl\n',
        errors: [{ line: 3, column: 5, endColumn: 9, message: /before `USER`/ }],
      },
      {
        dockerfile: 'FROM debian:bookworm-slim\nRUN mkdir /x && sudo -E chown app /x\n',
        errors: [{ line: 2, column: 17 }],
      },
    ],
  },
  { onbuild: 'same' },
);
