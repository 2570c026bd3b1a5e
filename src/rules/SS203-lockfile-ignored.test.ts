import { rule } from './SS203-lockfile-ignored.js';
import { ruleTester } from './test-support/tester.js';

const PYPROJECT = '[project]\nname = "app"\nversion = "0.1.0"\ndependencies = ["fastapi"]\n';
const UV = { 'pyproject.toml': PYPROJECT, 'uv.lock': 'version = 1\nrequires-python = ">=3.12"\n' };
const POETRY = {
  'pyproject.toml':
    '[tool.poetry]\nname = "app"\nversion = "0.1.0"\n\n[tool.poetry.dependencies]\npython = "^3.12"\n',
  'poetry.lock': '[metadata]\nlock-version = "2.0"\npython-versions = "^3.12"\ncontent-hash = "x"\n',
};

ruleTester(rule, {
  valid: [
    { dockerfile: 'FROM python:3.12-slim\nRUN uv sync --locked --no-dev\n', files: UV },
    { dockerfile: 'FROM python:3.12-slim\nENV UV_FROZEN=1\nRUN uv sync --no-dev\n', files: UV },
    {
      name: 'no lock in the project',
      dockerfile: 'FROM python:3.12-slim\nRUN uv sync --no-dev\n',
      files: { 'pyproject.toml': PYPROJECT },
    },
    {
      name: 'the project installed after its exported requirements',
      dockerfile: 'FROM python:3.12-slim\nRUN pip install -r requirements.txt\nCOPY . .\nRUN pip install .\n',
      files: UV,
    },
    {
      name: 'poetry install reads the lock',
      dockerfile: 'FROM python:3.12-slim\nRUN poetry install --only main\n',
      files: POETRY,
    },
  ],
  invalid: [
    {
      dockerfile: 'FROM python:3.12-slim\nRUN uv sync --all-extras\n',
      files: UV,
      errors: [
        {
          line: 2,
          column: 5,
          endColumn: 25,
          message:
            '`uv sync` without `--locked` re-locks whenever uv.lock is out of date instead of failing: add `--locked` (or `--frozen`).',
        },
      ],
    },
    {
      name: 'pip and uv pip install of the project next to uv.lock',
      dockerfile: 'FROM python:3.12-slim\nCOPY . .\nRUN pip install . && uv pip install --system -e .\n',
      files: UV,
      errors: [
        { line: 3, column: 5, endColumn: 18, message: /`pip install` of the project .* ignores uv\.lock/ },
        { line: 3, column: 22, message: /`uv pip install` of the project/ },
      ],
    },
    {
      name: 'uv pip install of a dependency group, and of -r pyproject.toml, next to uv.lock',
      dockerfile:
        'FROM python:3.12-slim\nCOPY pyproject.toml uv.lock ./\nRUN uv pip install --system --group server\nRUN uv pip install --system -r pyproject.toml --extra api\n',
      files: UV,
      errors: [
        {
          line: 3,
          column: 5,
          message:
            '`uv pip install --group` resolves the group from pyproject.toml afresh and ignores uv.lock: install it with `uv sync --locked --group <name>` (or from `uv export --frozen --group <name>` output).',
        },
        {
          line: 4,
          column: 5,
          message: /`uv pip install` of the project resolves its dependencies afresh and ignores uv\.lock/,
        },
      ],
    },
    {
      name: 'poetry lock in the build',
      dockerfile: 'FROM python:3.12-slim\nRUN poetry lock && poetry install\n',
      files: POETRY,
      errors: [{ line: 2, column: 5, endColumn: 16, message: /`poetry lock` re-resolves/ }],
    },
  ],
});
