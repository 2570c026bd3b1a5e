import { rule } from './SS305-add-instead-of-copy.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nCOPY . /app\n',
    {
      name: 'a local tarball is unpacked: the reason ADD exists',
      dockerfile: 'FROM debian:bookworm-slim\nADD rootfs.tar.gz /\n',
    },
    'FROM debian:bookworm-slim\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/\n',
    'FROM debian:bookworm-slim\nADD https://github.com/example/repo.git#4f8a1f0e8f5b8f0c7a1e2d3c4b5a69788796a5b4 /src\n',
  ],
  invalid: [
    {
      dockerfile: 'FROM python:3.12-slim\nADD requirements.txt /app/\n',
      errors: [{ line: 2, column: 1, endColumn: 4, message: /use `COPY`/ }],
    },
    {
      dockerfile: 'FROM python:3.12-slim\nADD https://example.com/tool.tar.gz /opt/\n',
      errors: [{ line: 2, column: 5, endColumn: 36, message: /--checksum=sha256/ }],
    },
    {
      name: 'JSON form with a Git branch and a local file',
      dockerfile:
        'FROM python:3.12-slim\nADD ["https://github.com/example/repo.git#main", "setup.cfg", "/src/"]\n',
      errors: [
        { line: 2, column: 1, message: /use `COPY`/ },
        { line: 2, column: 6, endColumn: 48, message: /full commit/ },
      ],
    },
    {
      name: 'inside ONBUILD',
      dockerfile: 'FROM python:3.12-slim\nONBUILD ADD . /app\n',
      errors: [{ line: 2, column: 9, endColumn: 12 }],
    },
  ],
});
