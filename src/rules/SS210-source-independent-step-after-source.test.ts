import { rule } from './SS210-source-independent-step-after-source.js';
import { ruleTester } from './test-support/tester.js';

const WITH_SETUP_SCRIPT = {
  'pyproject.toml':
    '[project]\nname = "app"\nversion = "0.1.0"\ndependencies = ["crawl4ai"]\n\n[project.scripts]\napp-setup = "app.setup:main"\nserve = "app.main:run"\nbrowsers-setup = "crawl4ai.install:post_install"\n',
};

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked\nRUN uv run crawl4ai-setup\nCOPY src/ ./src/\n',
    {
      name: 'a project script that is not a setup step',
      dockerfile: 'FROM python:3.12-slim\nCOPY . .\nRUN uv run serve --check\n',
      files: WITH_SETUP_SCRIPT,
    },
    {
      name: "the project's own setup script (from [project.scripts]) imports the source",
      dockerfile: 'FROM python:3.12-slim\nCOPY . .\nRUN uv sync --locked && uv run --frozen app-setup\n',
      files: WITH_SETUP_SCRIPT,
    },
    {
      name: 'installs from the copied requirements are SS201',
      dockerfile: 'FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\n',
    },
    {
      name: 'apt after the source is SS205',
      dockerfile: 'FROM python:3.12-slim\nCOPY . .\nRUN apt-get update && apt-get install -y libpq5\n',
    },
  ],
  invalid: [
    {
      dockerfile:
        'FROM python:3.12-slim\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked\nCOPY src/ ./src/\nRUN uv run crawl4ai-setup\n',
      errors: [
        {
          line: 5,
          column: 5,
          endColumn: 26,
          message:
            'This post-install setup does not depend on your code but runs after `COPY src/ ./src/` (line 4), so every code change reruns it: move it before that COPY (copying first only the files it needs).',
        },
      ],
    },
    {
      name: "a project script whose entry point is a dependency's module",
      dockerfile: 'FROM python:3.12-slim\nCOPY . .\nRUN uv sync --locked && uv run --frozen browsers-setup\n',
      files: WITH_SETUP_SCRIPT,
      errors: [
        { line: 3, column: 25, endColumn: 55, message: /post-install setup .* `COPY \. \.` \(line 2\)/ },
      ],
    },
    {
      name: 'playwright, a model download and a named install',
      dockerfile:
        'FROM python:3.12-slim\nCOPY app/ /app/\nRUN python -m playwright install --with-deps chromium\nRUN huggingface-cli download BAAI/bge-small-en\nRUN pip install gunicorn\n',
      errors: [
        { line: 3, column: 5, message: /This browser download/ },
        { line: 4, column: 5, message: /This model download/ },
        { line: 5, column: 5, endColumn: 25, message: /install of packages named on the command line/ },
      ],
    },
  ],
});
