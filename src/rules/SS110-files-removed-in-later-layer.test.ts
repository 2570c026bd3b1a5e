import { rule } from './SS110-files-removed-in-later-layer.js';
import { ruleTester } from './test-support/tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'downloaded and deleted in the same RUN',
      dockerfile:
        'FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz && tar -xzf /tmp/tool.tgz -C /opt && rm /tmp/tool.tgz\n',
    },
    {
      name: 'a bind mount instead of a COPY',
      dockerfile:
        'FROM python:3.12-slim\nRUN --mount=type=bind,source=wheels,target=/tmp/wheels pip install --no-cache-dir /tmp/wheels/*.whl\n',
    },
    {
      name: 'deleting something no earlier step added',
      dockerfile: 'FROM python:3.12-slim\nCOPY app/ /app/\nRUN rm -rf /root/.cache\n',
    },
    {
      name: 'a builder stage cleans up after itself in vain, but it does not ship',
      dockerfile:
        'FROM python:3.12-slim AS builder\nCOPY wheels/ /wheels/\nRUN rm -rf /wheels\n\nFROM python:3.12-slim\nCOPY --from=builder /usr/local /usr/local\n',
    },
    {
      name: 'piped download writes nothing',
      dockerfile:
        'FROM debian:bookworm-slim\nRUN wget -qO- https://example.com/x.tgz | tar -xz -C /opt\nRUN rm -rf /opt/x.tgz\n',
    },
  ],
  invalid: [
    {
      name: 'COPY then rm in a later RUN',
      dockerfile:
        'FROM python:3.12-slim\nCOPY wheels/ /tmp/wheels/\nRUN pip install --no-cache-dir /tmp/wheels/*.whl\nRUN rm -rf /tmp/wheels\n',
      errors: [
        {
          line: 4,
          column: 12,
          endColumn: 23,
          message:
            '`/tmp/wheels` was added by the COPY on line 2: deleting it in a later layer does not shrink the image — remove it in the step that adds it, or use a bind mount or builder stage.',
        },
      ],
    },
    {
      name: 'relative paths follow WORKDIR and cd',
      dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nRUN cd /app && rm requirements.txt\n',
      errors: [{ line: 5, column: 19, endColumn: 35, message: /COPY on line 3/ }],
    },
    {
      name: 'a download kept by one RUN and deleted by the next',
      dockerfile:
        'FROM debian:bookworm-slim\nWORKDIR /opt\nRUN wget https://example.com/big.tar.gz && tar -xzf big.tar.gz\nRUN rm -f /opt/*.tar.gz\n',
      errors: [{ line: 4, column: 11, endColumn: 24, message: /download on line 3/ }],
    },
    {
      name: 'COPY . then removing tests',
      dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nRUN rm -rf /app/tests\n',
      files: { 'tests/test_x.py': 'def test_x():\n    pass\n', 'app.py': 'print(1)\n' },
      errors: [{ line: 3, column: 12, message: /COPY \. on line 2/ }],
    },
  ],
});
