import { rule } from './SS107-dev-dependencies-installed.js';
import { ruleTester } from './test-support/tester.js';

const UV_PROJECT = {
  'pyproject.toml': `[project]
name = "app"
version = "0.1.0"
dependencies = ["fastapi"]

[project.optional-dependencies]
server = ["uvicorn"]
test = ["pytest-cov"]

[dependency-groups]
dev = ["pytest", "ruff"]
docs = ["mkdocs"]
`,
};

const UV_NO_DEV_GROUP = {
  'pyproject.toml': '[project]\nname = "app"\nversion = "0.1.0"\ndependencies = ["fastapi"]\n',
};

const POETRY_PROJECT = {
  'pyproject.toml': `[tool.poetry]
name = "app"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.12"
fastapi = "*"

[tool.poetry.group.dev.dependencies]
pytest = "*"

[tool.poetry.group.docs]
optional = true

[tool.poetry.group.docs.dependencies]
mkdocs = "*"
`,
};

const PDM_PROJECT = {
  'pyproject.toml': `[project]
name = "app"
version = "0.1.0"
dependencies = ["fastapi"]

[tool.pdm.dev-dependencies]
lint = ["ruff"]
`,
};

const REQUIREMENTS = {
  'requirements.txt': 'fastapi\n',
  'requirements-dev.txt': '-r requirements.txt\npytest\n',
};

ruleTester(rule, {
  valid: [
    { dockerfile: 'FROM python:3.12-slim\nRUN uv sync --locked --no-dev\n', files: UV_PROJECT },
    {
      name: 'no dev group in the project',
      dockerfile: 'FROM python:3.12-slim\nRUN uv sync --locked\n',
      files: UV_NO_DEV_GROUP,
    },
    {
      name: 'only a production group',
      dockerfile: 'FROM python:3.12-slim\nRUN uv sync --locked --only-group server --extra server\n',
      files: UV_PROJECT,
    },
    {
      name: 'UV_NO_DEV in the environment',
      dockerfile: 'FROM python:3.12-slim\nENV UV_NO_DEV=1\nRUN uv sync --locked\n',
      files: UV_PROJECT,
    },
    {
      name: "the guide's ENVIRONMENT switch: the dev branch is guarded",
      dockerfile:
        'FROM python:3.12-slim\nARG ENVIRONMENT=production\nRUN if [ "$ENVIRONMENT" = "production" ]; then \\\n        uv sync --no-dev; \\\n    else \\\n        uv sync --all-extras; \\\n    fi\n',
      files: UV_PROJECT,
    },
    {
      name: 'an INSTALL_DEV switch with &&',
      dockerfile:
        'FROM python:3.12-slim\nARG INSTALL_DEV=false\nRUN [ "$INSTALL_DEV" = "true" ] && uv sync || uv sync --no-dev\n',
      files: UV_PROJECT,
    },
    {
      name: 'a test stage that does not ship',
      dockerfile:
        'FROM python:3.12-slim AS test\nRUN uv sync\nRUN pytest\n\nFROM python:3.12-slim\nRUN uv sync --no-dev\n',
      files: UV_PROJECT,
    },
    {
      dockerfile: 'FROM python:3.12-slim\nRUN poetry install --only main --no-root\n',
      files: POETRY_PROJECT,
    },
    { dockerfile: 'FROM python:3.12-slim\nRUN poetry install --without dev\n', files: POETRY_PROJECT },
    { dockerfile: 'FROM python:3.12-slim\nRUN pdm install --prod\n', files: PDM_PROJECT },
    { dockerfile: 'FROM python:3.12-slim\nRUN pipenv install --system --deploy\n', files: {} },
    {
      dockerfile: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n',
      files: REQUIREMENTS,
    },
    { dockerfile: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir ".[server]"\n', files: UV_PROJECT },
  ],
  invalid: [
    {
      name: 'uv sync installs the dev group by default',
      dockerfile: 'FROM python:3.12-slim\nRUN uv sync --locked\n',
      files: UV_PROJECT,
      errors: [
        {
          line: 2,
          column: 5,
          endColumn: 12,
          message:
            '`uv sync` installs the dev-only group `dev` (pytest, ruff) into the shipped image: add `--no-dev`.',
        },
      ],
    },
    {
      name: "the guide's --all-extras pulls the test extra too; a copied builder venv ships",
      dockerfile:
        'FROM python:3.12-slim AS builder\nRUN uv sync --all-extras --no-dev\n\nFROM python:3.12-slim\nCOPY --from=builder /app/.venv /app/.venv\n',
      files: UV_PROJECT,
      errors: [{ line: 2, column: 13, endColumn: 25, message: /extra `test` \(pytest-cov\).*--all-extras/ }],
    },
    {
      name: '--all-groups and --group docs',
      dockerfile:
        'FROM python:3.12-slim\nRUN uv sync --all-groups --no-dev\nRUN uv sync --no-dev --group docs\n',
      files: UV_PROJECT,
      errors: [
        { line: 2, column: 13, endColumn: 25, message: /group `docs`/ },
        { line: 3, column: 30, endColumn: 34, message: /group `docs` \(mkdocs\)/ },
      ],
    },
    {
      name: 'the production branch is not guarded',
      dockerfile:
        'FROM python:3.12-slim\nARG ENVIRONMENT=production\nRUN if [ "$ENVIRONMENT" = "development" ]; then uv sync --all-groups; else uv sync; fi\n',
      files: UV_PROJECT,
      errors: [{ line: 3, column: 76, endColumn: 83 }],
    },
    {
      name: 'tool.uv dev-dependencies are the dev group',
      dockerfile: 'FROM python:3.12-slim\nRUN uv sync --frozen\n',
      files: {
        'pyproject.toml':
          '[project]\nname = "app"\nversion = "0.1.0"\ndependencies = []\n\n[tool.uv]\ndev-dependencies = ["pytest"]\n',
      },
      errors: [{ line: 2, column: 5, message: /group `dev` \(pytest\).*--no-dev/ }],
    },
    {
      name: 'poetry install with dev groups on by default',
      dockerfile: 'FROM python:3.12-slim\nRUN poetry install --no-root\n',
      files: POETRY_PROJECT,
      errors: [{ line: 2, column: 5, endColumn: 19, message: /group `dev` \(pytest\).*--only main/ }],
    },
    {
      name: 'poetry install --with an optional dev group',
      dockerfile: 'FROM python:3.12-slim\nRUN poetry install --without dev --with docs\n',
      files: POETRY_PROJECT,
      errors: [{ line: 2, column: 41, endColumn: 45, message: /group `docs`/ }],
    },
    {
      name: 'pdm without --prod',
      dockerfile: 'FROM python:3.12-slim\nRUN pdm install --no-self\n',
      files: PDM_PROJECT,
      errors: [{ line: 2, column: 5, endColumn: 16, message: /group `lint`.*--prod/ }],
    },
    {
      name: 'pipenv --dev',
      dockerfile: 'FROM python:3.12-slim\nRUN pipenv install --system --dev\n',
      errors: [{ line: 2, column: 29, endColumn: 34, message: /dev-packages/ }],
    },
    {
      name: 'a dev requirements file and a dev extra of the project',
      dockerfile:
        'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements-dev.txt\nRUN pip install --no-cache-dir -e ".[server,test]"\n',
      files: { ...REQUIREMENTS, ...UV_PROJECT },
      errors: [
        { line: 2, column: 35, endColumn: 55, message: /`requirements-dev\.txt`/ },
        { line: 3, column: 35, endColumn: 51, message: /extra `test`/ },
      ],
    },
  ],
});
