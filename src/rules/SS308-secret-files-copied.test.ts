import { rule } from './SS308-secret-files-copied.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    {
      name: '.dockerignore keeps the secrets out',
      dockerfile: 'FROM python:3.12-slim\nCOPY . /app\n',
      files: { '.env': 'SECRET=1\n', id_rsa: 'key\n', '.dockerignore': '.env\nid_rsa\n' },
    },
    {
      name: 'templates and CA certificates are not secrets',
      dockerfile:
        'FROM python:3.12-slim\nCOPY .env.example /app/.env.example\nCOPY corp-ca.pem /usr/local/share/ca-certificates/corp-ca.crt\n',
    },
    {
      name: 'copying from another stage is not from the context',
      dockerfile:
        'FROM python:3.12-slim AS build\nFROM python:3.12-slim\nCOPY --from=build /root/.netrc /tmp/x\n',
    },
    {
      name: 'no secret files in the project',
      dockerfile: 'FROM python:3.12-slim\nCOPY . /app\n',
      files: { 'app.py': 'print(1)\n' },
    },
  ],
  invalid: [
    {
      dockerfile: 'FROM python:3.12-slim\nCOPY .env id_rsa /app/\n',
      errors: [
        { line: 2, column: 6, endColumn: 10, message: /`.env` \(dotenv file\)/ },
        { line: 2, column: 11, endColumn: 17, message: /SSH private key/ },
      ],
    },
    {
      name: 'COPY . with no .dockerignore',
      dockerfile: 'FROM python:3.12-slim\nCOPY . /app\n',
      files: { '.env': 'SECRET=1\n', 'server.pem': 'x\n' },
      errors: [
        {
          line: 2,
          column: 6,
          endColumn: 7,
          message: /copies .env \(dotenv file\), server.pem .* create a .dockerignore/,
        },
      ],
    },
    {
      name: 'a .dockerignore that re-includes the file',
      dockerfile: 'FROM python:3.12-slim\nCOPY ./ /app\n',
      files: { '.netrc': 'machine x\n', '.dockerignore': '.*\n!.netrc\n' },
      errors: [{ line: 2, column: 6, message: /\.netrc \(netrc credentials\).* add it to \.dockerignore/ }],
    },
    {
      name: 'ADD of the .aws folder',
      dockerfile: 'FROM python:3.12-slim\nADD .aws /root/.aws\n',
      errors: [{ line: 2, column: 5, message: /AWS credentials/ }],
    },
  ],
});
