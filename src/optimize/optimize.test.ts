import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { load } from '../project/index.js';
import { copyProject, OPTIMIZE_FIXTURES, removeProjectCopies } from '../test-support/project-copies.js';
import { optimize } from './index.js';

afterAll(removeProjectCopies);

describe.each(OPTIMIZE_FIXTURES)('optimize %s', (dir) => {
  it('matches its golden Dockerfile and .dockerignore', async () => {
    const result = await optimize(await load(dir));
    const name = dir.split('/').pop()!;
    await expect(result.dockerfile).toMatchFileSnapshot(`__golden__/${name}.Dockerfile`);
    await expect(result.dockerignore).toMatchFileSnapshot(`__golden__/${name}.dockerignore`);
  });

  it('passes shipshape lint with no warning or error', async () => {
    const result = await optimize(await load(dir));
    expect(result.remainingFindings.map((f) => `${f.rule} line ${f.range.start.line}: ${f.message}`)).toEqual(
      [],
    );
  });

  it('is deterministic and idempotent', async () => {
    const first = await optimize(await load(dir));
    const again = await optimize(await load(dir));
    expect(again.dockerfile).toBe(first.dockerfile);
    const copy = copyProject(dir);
    writeFileSync(join(copy, 'Dockerfile'), first.dockerfile);
    writeFileSync(join(copy, '.dockerignore'), first.dockerignore);
    const second = await optimize(await load(copy));
    expect(second.dockerfile).toBe(first.dockerfile);
    expect(second.dockerignore).toBe(first.dockerignore);
  });
});

describe('optimize on the guide app', () => {
  it('follows uv’s Docker guidance and keeps the app’s behaviour', async () => {
    const { dockerfile, changes } = await optimize(await load('examples/guide-app'));
    expect(dockerfile).toContain('COPY --from=ghcr.io/astral-sh/uv:');
    expect(dockerfile).toContain('UV_COMPILE_BYTECODE=1');
    expect(dockerfile).toContain('UV_LINK_MODE=copy');
    expect(dockerfile).toMatch(/uv sync --locked --no-install-project --no-dev --extra crawl/);
    expect(dockerfile).toContain('COPY --from=docker:');
    expect(dockerfile).not.toMatch(/gnupg|lsb-release|apt-transport-https|curl /);
    expect(dockerfile).toMatch(/^USER app$/m);
    expect(dockerfile).toContain('CMD ["uvicorn","src.main:app","--host","0.0.0.0","--port","8080"]');
    expect(dockerfile).toContain('EXPOSE 8080 8051');
    expect(dockerfile).not.toContain('tests/');
    // The setup step's output must reach the shipped stage: it runs there, as the app user.
    const shipped = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(shipped).toContain('from src.setup import main');
    expect(changes.flatMap((c) => c.rules)).toEqual(
      expect.arrayContaining(['SS106', 'SS107', 'SS201', 'SS210', 'SS301']),
    );
  });

  it('leaves the syntax directive out on request', async () => {
    const project = await load('examples/guide-app');
    expect((await optimize(project)).dockerfile.startsWith('# syntax=docker/dockerfile:1\n')).toBe(true);
    expect((await optimize(project, { syntaxDirective: false })).dockerfile).not.toContain('# syntax=');
  });
});

describe('steps optimize cannot rebuild word by word', () => {
  it('keeps a redirecting step as written, marked for review', async () => {
    const dir = copyProject('fixtures/projects/uv-fastapi');
    const path = join(dir, 'Dockerfile');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        'EXPOSE 8000',
        'RUN python -m app.dump > /app/openapi.json\n\nEXPOSE 8000',
      ),
    );
    const { dockerfile, warnings } = await optimize(await load(dir));
    expect(dockerfile).toMatch(/# shipshape: review .*\nRUN python -m app\.dump > \/app\/openapi\.json\n/);
    expect(warnings.join('\n')).toMatch(/kept as written and marked for review/);
  });

  it('keeps an install behind a wrapper as written, marked for review, with its wrapper', async () => {
    const dir = copyProject('fixtures/projects/flask-requirements');
    const path = join(dir, 'Dockerfile');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        'RUN pip install -r requirements.txt',
        'RUN timeout 600 pip install -r requirements.txt',
      ),
    );
    const { dockerfile, warnings } = await optimize(await load(dir));
    expect(dockerfile).toMatch(/# shipshape: review .*\nRUN timeout 600 pip install -r requirements\.txt\n/);
    expect(warnings.join('\n')).toMatch(/kept as written and marked for review/);
  });
});

describe('playwright install --with-deps', () => {
  it('installs the system libraries as root before USER and the browsers as the app user', async () => {
    const dir = copyProject('fixtures/projects/playwright-style');
    const path = join(dir, 'Dockerfile');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        'RUN python -m renderer install',
        'RUN playwright install --with-deps chromium',
      ),
    );
    const first = await optimize(await load(dir));
    const shipped = first.dockerfile.slice(first.dockerfile.lastIndexOf('\nFROM '));
    const system = shipped.indexOf(
      'RUN playwright install-deps chromium \\\n    && rm -rf /var/lib/apt/lists/*',
    );
    const user = shipped.indexOf('\nUSER app\n');
    const browsers = shipped.indexOf('\nRUN playwright install chromium\n');
    expect(system).toBeGreaterThan(0);
    expect(user).toBeGreaterThan(system);
    expect(browsers).toBeGreaterThan(user);
    // The download reads nothing of the project: it comes before the source, cached across code changes.
    expect(browsers).toBeLessThan(shipped.indexOf('COPY --chown=app:app . .'));
    expect(first.remainingFindings.map((f) => f.rule)).toEqual([]);
    // Read back, the split stays as it is.
    writeFileSync(path, first.dockerfile);
    writeFileSync(join(dir, '.dockerignore'), first.dockerignore);
    expect((await optimize(await load(dir))).dockerfile).toBe(first.dockerfile);
  });
});
