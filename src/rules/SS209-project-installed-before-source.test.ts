import { rule } from './SS209-project-installed-before-source.js';
import { ruleTester } from './test-support/tester.js';

const PACKAGE = {
  'pyproject.toml':
    '[project]\nname = "app"\nversion = "0.1.0"\ndependencies = ["fastapi"]\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
};
const NOT_A_PACKAGE = {
  'pyproject.toml': '[project]\nname = "app"\nversion = "0.1.0"\ndependencies = ["fastapi"]\n',
};
const POETRY_PACKAGE = {
  'pyproject.toml':
    '[tool.poetry]\nname = "app"\nversion = "0.1.0"\n\n[tool.poetry.dependencies]\npython = "^3.12"\n\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n',
};

ruleTester(rule, {
  valid: [
    {
      dockerfile:
        'FROM python:3.12-slim\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-install-project\nCOPY src/ ./src/\nRUN uv sync --locked\n',
      files: PACKAGE,
    },
    {
      name: 'not a package: uv installs no project',
      dockerfile: 'FROM python:3.12-slim\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked\n',
      files: NOT_A_PACKAGE,
    },
    {
      name: 'the context is bind-mounted',
      dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nRUN --mount=type=bind,target=/app uv sync --locked --no-editable\n',
      files: PACKAGE,
    },
    {
      name: 'poetry --no-root',
      dockerfile:
        'FROM python:3.12-slim\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root --only main\n',
      files: POETRY_PACKAGE,
    },
    {
      name: "the package's __init__.py stub is copied first, so Poetry can install the project",
      dockerfile:
        'FROM python:3.12-slim\nCOPY pyproject.toml poetry.lock ./\nCOPY app/__init__.py app/\nRUN poetry install --only main\nCOPY app/ app/\n',
      files: POETRY_PACKAGE,
    },
  ],
  invalid: [
    {
      dockerfile:
        'FROM python:3.12-slim\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --all-extras\nCOPY src/ ./src/\n',
      files: PACKAGE,
      errors: [
        {
          line: 3,
          column: 5,
          endColumn: 25,
          message:
            '`uv sync` installs the project itself before its source is copied: add `--no-install-project` here and install the project after the source COPY.',
        },
      ],
    },
    {
      name: 'poetry install without --no-root',
      dockerfile:
        'FROM python:3.12-slim\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --only main\nCOPY . .\n',
      files: POETRY_PACKAGE,
      errors: [{ line: 3, column: 5, endColumn: 31, message: /add `--no-root`/ }],
    },
  ],
});
