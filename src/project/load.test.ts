import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isUserError } from '../errors.js';
import { removeProjectCopies, writeProject } from '../test-support/project-copies.js';
import { copyAllLetsThrough } from './dockerignore.js';
import { isIgnoredFor } from './queries.js';
import { load } from './read.js';

afterAll(removeProjectCopies);

const project = (files: Record<string, string | Buffer>) => writeProject(files, 'shipshape-project-');

async function loadError(dir: string, options = {}): Promise<string> {
  try {
    await load(dir, options);
  } catch (error) {
    expect(isUserError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected load to fail');
}

describe('load: a uv + FastAPI project', () => {
  it('finds manager, dev sets, dev-only packages through the lock, and the server', async () => {
    const dir = project({
      'pyproject.toml': `[project]
name = "svc"
version = "0.1.0"
requires-python = ">=3.12"
dependencies = ["fastapi", "uvicorn"]
[project.optional-dependencies]
docs = ["mkdocs"]
[dependency-groups]
dev = ["pytest"]
`,
      'uv.lock': `version = 1
requires-python = ">=3.12"
[[package]]
name = "svc"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "fastapi" }, { name = "uvicorn" }]
[[package]]
name = "fastapi"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "anyio" }]
[[package]]
name = "uvicorn"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
[[package]]
name = "anyio"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
[[package]]
name = "pytest"
version = "8.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "pluggy" }, { name = "anyio" }]
[[package]]
name = "pluggy"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
[[package]]
name = "mkdocs"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
`,
      'app/main.py': `import os
from fastapi import FastAPI
import uvicorn

app = FastAPI()

@app.get("/healthz")
def healthz():
    return {"ok": True}

@app.get('/items/{id}')
def item(id: int):
    return {}

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.getenv("PORT", "9000")))
`,
      'tests/test_main.py': 'from fastapi.testclient import TestClient\n',
      Dockerfile: 'FROM python:3.12-slim\nCOPY . .\nEXPOSE 9000\nCMD python -m app.main\n',
      '.dockerignore': '.git\n**/__pycache__\n',
    });
    const loaded = await load(dir);
    expect(loaded.manager.name).toBe('uv');
    expect(loaded.requiresPython).toBe('>=3.12');
    expect(loaded.lock?.kind).toBe('uv');
    expect(loaded.devSets).toEqual(['extra:docs', 'group:dev']);
    // anyio is shared with fastapi, so only pytest's own tree and mkdocs are dev-only.
    expect(loaded.devOnlyPackages).toEqual(['mkdocs', 'pluggy', 'pytest']);
    expect(loaded.server.framework).toBe('fastapi');
    expect(loaded.server.app).toBe('app.main:app');
    expect(loaded.server.ports).toEqual([9000]);
    expect(loaded.server.health).toBe('/healthz');
    expect(loaded.server.healthRoutes).toEqual([{ path: '/healthz', file: 'app/main.py', line: 7 }]);
    expect(loaded.server.command).toMatchObject({ program: 'python', origin: 'CMD', line: 4 });
    expect(loaded.dockerfile?.path).toBe('Dockerfile');
    expect(isIgnoredFor(loaded, '.git/config')).toBe(true);
    expect(copyAllLetsThrough(loaded.dockerignore, '.venv')).toBe(true);
  });
});

describe('load: server detection', () => {
  it('reads a Flask app, gunicorn bind port and a Procfile when there is no Dockerfile', async () => {
    const dir = project({
      'requirements.txt': 'flask==3.0\ngunicorn\n',
      'requirements-dev.txt': '-r requirements.txt\npytest\n',
      'wsgi.py':
        "from flask import Flask\napp = Flask(__name__)\n\n@app.route('/ping')\ndef ping():\n    return 'ok'\n",
      Procfile: 'web: gunicorn wsgi:app --bind 0.0.0.0:${PORT:-5000}\n',
    });
    const loaded = await load(dir);
    expect(loaded.manager.name).toBe('pip');
    expect(loaded.dockerfiles).toEqual([]);
    expect(loaded.devOnlyPackages).toEqual(['pytest']);
    expect(loaded.server).toMatchObject({
      framework: 'flask',
      app: 'wsgi:app',
      ports: [5000],
      health: '/ping',
    });
    expect(loaded.server.command).toMatchObject({ origin: 'Procfile', program: 'gunicorn' });
  });

  it('reads Django urls and manage.py runserver', async () => {
    const dir = project({
      'requirements.txt': 'Django>=5\n',
      'site/urls.py':
        "from django.urls import path\nurlpatterns = [\n    path('health/', views.health),\n]\n",
      'site/wsgi.py':
        'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n',
      Dockerfile: 'FROM python:3.12-slim\nCMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]\n',
    });
    const loaded = await load(dir);
    expect(loaded.server).toMatchObject({
      framework: 'django',
      app: 'site.wsgi:application',
      ports: [8000],
      health: '/health/',
    });
  });

  it('reads an MCP server port from FastMCP(port=…) and a Celery worker', async () => {
    const dir = project({
      'pyproject.toml': '[project]\nname = "x"\ndependencies = ["mcp", "celery"]\n',
      'server.py':
        'from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("tools", host="0.0.0.0", port=8051)\n',
      'tasks.py': 'from celery import Celery\ncelery_app = Celery("tasks")\n',
      'Dockerfile.worker': 'FROM python:3.12-slim\nCMD ["celery", "-A", "tasks", "worker"]\n',
    });
    const loaded = await load(dir);
    expect(loaded.server.frameworks.map((f) => f.name)).toEqual(['celery', 'mcp']);
    expect(loaded.server.app).toBe('tasks');
    expect(loaded.server.ports).toEqual([8051]);
    const mcpOnly = await load(
      project({ 'server.py': 'from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("t", port=8051)\n' }),
    );
    expect(mcpOnly.server).toMatchObject({ framework: 'mcp', app: 'server:mcp', ports: [8051] });
  });
});

describe('load: Dockerfiles and fewer facts', () => {
  it('finds Dockerfile, Dockerfile.* and *.Dockerfile, and their own ignore files', async () => {
    const dir = project({
      Dockerfile: 'FROM python:3.12-slim\n',
      'Dockerfile.dev': 'FROM python:3.12\n',
      'api.Dockerfile': 'FROM python:3.12-alpine\n',
      'Dockerfile.orig': 'FROM python:3.9\n',
      'api.Dockerfile.dockerignore': 'tests\n',
      '.dockerignore': '.git\n',
    });
    const loaded = await load(dir);
    expect(loaded.dockerfiles.map((d) => d.path)).toEqual(['Dockerfile', 'Dockerfile.dev', 'api.Dockerfile']);
    expect(loaded.dockerfile?.path).toBe('Dockerfile');
    const api = loaded.dockerfiles[2]!;
    expect(api.dockerignore).toBe('api.Dockerfile.dockerignore');
    expect(isIgnoredFor(loaded, 'tests/x.py', api)).toBe(true);
    expect(isIgnoredFor(loaded, 'tests/x.py')).toBe(false);
    expect(loaded.manager.name).toBe('unknown');
    expect(loaded.pyproject).toBeNull();
    expect(loaded.server.framework).toBeNull();
    const named = await load(dir, { dockerfile: 'Dockerfile.dev' });
    expect(named.dockerfiles.map((d) => d.path)).toEqual(['Dockerfile.dev']);
  });

  it('finds a lower-case `*.dockerfile` (python3.11-slim.dockerfile) but not its ignore file', async () => {
    const loaded = await load(
      project({
        'python3.11-slim.dockerfile': 'FROM python:3.11-slim\n',
        'python3.11-slim.dockerfile.dockerignore': 'tests\n',
        'notes.dockerfile.bak': 'FROM python:3.9\n',
      }),
    );
    expect(loaded.dockerfiles.map((d) => d.path)).toEqual(['python3.11-slim.dockerfile']);
    expect(loaded.dockerfile?.path).toBe('python3.11-slim.dockerfile');
    expect(loaded.dockerfiles[0]!.dockerignore).toBe('python3.11-slim.dockerfile.dockerignore');
  });

  it('reads shell scripts into commands with the same grammar as RUN', async () => {
    const loaded = await load(
      project({
        'docker/entrypoint.sh':
          '#!/bin/sh\nset -e\nif [ -n "$EXTRA" ]; then\n  pip install \\\n    -r requirements.txt\nfi\nexec "$@"\n',
      }),
    );
    const script = loaded.shellScripts.find((s) => s.path === 'docker/entrypoint.sh')!;
    const pip = script.commands.find((c) => c.name === 'pip')!;
    expect(pip.args.map((a) => a.value)).toEqual(['install', '-r', 'requirements.txt']);
    expect(pip.range.start.line).toBe(4);
    expect(script.commands.map((c) => c.name)).toContain('exec');
  });

  it('loads an empty folder', async () => {
    const loaded = await load(project({}));
    expect(loaded.dockerfile).toBeNull();
    expect(loaded.dependencySets).toEqual([]);
  });
});

describe('load: bad input is one sentence naming the file', () => {
  it('refuses a missing folder and a missing named Dockerfile', async () => {
    expect(await loadError('/nonexistent/shipshape')).toMatch(
      /folder \/nonexistent\/shipshape does not exist/,
    );
    expect(await loadError(project({}), { dockerfile: 'Nope.Dockerfile' })).toMatch(
      /Dockerfile Nope\.Dockerfile does not exist/,
    );
  });

  it('refuses a binary Dockerfile and one over 1 MiB', async () => {
    expect(await loadError(project({ Dockerfile: Buffer.from([0x46, 0x00, 0x01]) }))).toMatch(
      /^Dockerfile is a binary file/,
    );
    expect(await loadError(project({ Dockerfile: `FROM x\n${'#'.repeat(1024 * 1024)}` }))).toMatch(
      /^Dockerfile is 1 MiB, larger than/,
    );
  });

  it('refuses malformed TOML and locks with the line', async () => {
    expect(await loadError(project({ 'pyproject.toml': '[project]\nname = \n' }))).toMatch(
      /^pyproject\.toml:2:\d+: malformed TOML/,
    );
    expect(await loadError(project({ 'uv.lock': 'version = 1\n[[package]\n' }))).toMatch(
      /^uv\.lock:2:\d+: malformed TOML/,
    );
  });

  it('refuses an unreadable file', async () => {
    if (process.getuid?.() === 0) return; // root reads everything; the message path is covered by the CLI test below.
    const dir = project({ 'pyproject.toml': '[project]\n' });
    const { chmodSync } = await import('node:fs');
    chmodSync(path.join(dir, 'pyproject.toml'), 0o000);
    expect(await loadError(dir)).toMatch(/pyproject\.toml: permission denied/);
  });
});
