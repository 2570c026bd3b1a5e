import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDockerfile } from '../dockerfile/index.js';
import { load } from '../project/index.js';
import { copyProject, removeProjectCopies } from '../test-support/project-copies.js';
import { worldFixtures } from '../test-support/world-fixtures.js';
import { analyzeOriginal } from './analyze.js';
import { conservationProblems } from './conserve.js';
import { optimize } from './index.js';
import { planWithFacts } from './plan.js';

afterAll(removeProjectCopies);

const FIXTURES = 'fixtures/optimize';

async function optimized(name: string, dockerfile = 'Dockerfile') {
  const dir = join(FIXTURES, name);
  const project = await load(dir, { dockerfile: join(dir, dockerfile) });
  return { project, result: await optimize(project, { syntaxDirective: false }) };
}

/** The shipped stage's text (after the last FROM). */
function shipped(text: string): string {
  return text.slice(text.lastIndexOf('\nFROM '));
}

describe.each(
  worldFixtures().flatMap((f) =>
    [...new Set(f.runs.map((r) => r.dockerfile))].map((d) => [f.name, d] as const),
  ),
)('optimize %s (%s)', (name, dockerfile) => {
  it('is lint-clean, names every original line in its ledger, and is idempotent', async () => {
    const { project, result } = await optimized(name, dockerfile);
    expect(result.remainingFindings.map((f) => `${f.rule} line ${f.range.start.line}: ${f.message}`)).toEqual(
      [],
    );
    const lines = project.dockerfile!.model.instructions.map((i) => i.range.start.line);
    expect(result.ledger.map((e) => e.line).sort((a, b) => a - b)).toEqual(lines);
    const copy = copyProject(join(FIXTURES, name));
    writeFileSync(join(copy, dockerfile), result.dockerfile);
    writeFileSync(join(copy, '.dockerignore'), result.dockerignore);
    const again = await optimize(await load(copy, { dockerfile: join(copy, dockerfile) }), {
      syntaxDirective: false,
    });
    expect(again.dockerfile).toBe(result.dockerfile);
    expect(again.dockerignore).toBe(result.dockerignore);
  });
});

describe('what broke real projects', () => {
  it('1. dependency groups are kept: `uv sync --group api` with an empty project list installs the group', async () => {
    const { result } = await optimized('uv-groups-only');
    expect(result.plan.recipe.sets).toContain('group:api');
    expect(result.dockerfile).toMatch(/uv sync --locked --no-install-project --no-dev --group api/);
    const api = await optimized('api-and-worker', 'Dockerfile.api');
    const worker = await optimized('api-and-worker', 'Dockerfile.worker');
    expect(api.result.dockerfile).toMatch(/--group api/);
    expect(api.result.dockerfile).not.toMatch(/--group worker/);
    expect(worker.result.dockerfile).toMatch(/--group worker/);
  });

  it('2. builder-stage steps stay in the builder: nothing of `FROM python:3.11 AS builder` lands after USER', async () => {
    const { result } = await optimized('multistage-builder');
    const final = shipped(result.dockerfile);
    expect(final).not.toMatch(/apt-get|pip install uv|uv venv/);
    expect(result.dockerfile.slice(0, result.dockerfile.lastIndexOf('\nFROM '))).toMatch(/build-essential/);
    expect(result.ledger.filter((e) => e.stage === 'builder').every((e) => e.fate !== 'kept')).toBe(true);
  });

  it('3. ARG defaults are carried: `ARG PORT=8181` reaches ENV, EXPOSE, CMD and HEALTHCHECK', async () => {
    const { result } = await optimized('arg-port');
    const final = shipped(result.dockerfile);
    expect(final).toMatch(/^ARG PORT=8181$/m);
    expect(final.indexOf('ARG PORT=8181')).toBeLessThan(final.indexOf('PORT="${PORT}"'));
    expect(final).toContain('EXPOSE ${PORT}');
    expect(final).toContain('--port ${PORT}');
    expect(final).toMatch(/HEALTHCHECK --interval=15s/);
  });

  it('4. the original HEALTHCHECK stays when the code has no health route', async () => {
    const { result } = await optimized('healthcheck-custom');
    expect(result.dockerfile).toMatch(/HEALTHCHECK .*\n?.*\/ping/);
  });

  it('5. the app user owns where the app writes: WORKDIR, STATIC_ROOT, data and asset folders', async () => {
    const django = (await optimized('django-collectstatic')).result.plan;
    expect(django.ownedFolders).toContain(django.workdir);
    const assets = (await optimized('playwright-path')).result.plan;
    expect(assets.ownedFolders).toContain('/ms-assets');
    const sqlite = (await optimized('sqlite-writer')).result;
    expect(shipped(sqlite.dockerfile)).toMatch(/RUN install -d -o app -g app \/app/);
  });

  it('6. gcc without build-essential keeps libc6-dev under --no-install-recommends', async () => {
    const { result } = await optimized('gcc-libpq');
    expect(result.plan.buildPackages).toEqual(expect.arrayContaining(['gcc', 'libc6-dev', 'libpq-dev']));
    expect(result.plan.runtimePackages).toContain('libpq5');
  });

  it('7. a dev-server flag is dropped and named: `uvicorn --reload`', async () => {
    const { result } = await optimized('uvicorn-reload');
    expect(result.dockerfile).not.toContain('--reload');
    expect(result.changes.some((c) => c.description.includes('dropped: --reload'))).toBe(true);
  });

  it('8. installs beyond the main one are kept: a second `pip install gunicorn`', async () => {
    const { result } = await optimized('second-pip-install');
    expect(result.plan.recipe.sets).toEqual(
      expect.arrayContaining(['requirements:requirements.txt', 'package:gunicorn']),
    );
    expect(result.dockerfile).toMatch(/install -r requirements\.txt && .*install gunicorn/);
  });

  it('9. `pip install -e ".[server]"` installs the project with its extra, and the console script path still works', async () => {
    const { result } = await optimized('editable-extra-console-script');
    expect(result.dockerfile).toMatch(/install '\.\[server\]'/);
    expect(result.plan.links).toEqual(['/usr/local/bin/metricsd']);
    expect(result.dockerfile).toContain('RUN for link in /usr/local/bin/metricsd; do');
    expect(result.dockerfile).toContain('ENTRYPOINT ["/usr/local/bin/metricsd"]');
  });

  it("10. the project's allow-list .dockerignore is merged and lets through every file the build reads", async () => {
    const { result, project } = await optimized('allowlist-dockerignore');
    expect(result.dockerignore.startsWith(project.dockerignore!.text)).toBe(true);
    const { isIgnored, parseDockerIgnore } = await import('../project/dockerignore.js');
    const ignore = parseDockerIgnore(result.dockerignore, '.dockerignore');
    for (const file of [
      ...result.plan.recipe.manifests,
      ...result.plan.sourceCopies.flatMap((c) => c.sources),
    ])
      expect(isIgnored(ignore, file), file).toBe(false);
  });

  it('11. an unversioned base stays unversioned, and the explanation says so', async () => {
    const { result } = await optimized('unversioned-slim');
    expect(result.plan.baseImage).toBe('python:slim');
    expect(result.changes.map((c) => c.description).join('\n')).not.toMatch(/same Python version/);
  });

  it("12. root-only setup keeps its effect: the original's user, uid/gid ARGs, /data owned, SHELL kept", async () => {
    const { result } = await optimized('own-nonroot-user');
    expect(result.plan.user).toEqual({ name: 'appuser', uid: 1001, gid: 1001 });
    expect(result.plan.ownedFolders).toContain('/data');
    const pipefail = (await optimized('shell-pipefail')).result.dockerfile;
    expect(shipped(pipefail)).toContain('SHELL ["/bin/bash", "-o", "pipefail", "-c"]');
    expect(pipefail).toContain('CMD ["/bin/bash","-o","pipefail","-c",');
  });

  it('13. other build targets survive: `--target dev`', async () => {
    const { result } = await optimized('dev-target');
    const model = await parseDockerfile(result.dockerfile);
    expect(model.stages.map((s) => s.name)).toEqual(expect.arrayContaining(['base', 'dev']));
    expect(result.dockerignore).not.toMatch(/^tests\/$/m);
  });

  it('14. a tool the app uses is not removed as a repository helper: curl in the entrypoint', async () => {
    const { result } = await optimized('curl-entrypoint');
    expect(result.plan.runtimePackages).toContain('curl');
    // Installed and never seen used: the app may call it, so it stays; used only by a replaced health check, it goes.
    const unused = copyProject('fixtures/projects/flask-requirements', (text) =>
      text.replace(/HEALTHCHECK .*\n/, ''),
    );
    expect((await optimize(await load(unused))).plan.runtimePackages).toContain('curl');
    expect(
      (await optimize(await load('fixtures/projects/flask-requirements'))).plan.runtimePackages,
    ).not.toContain('curl');
  });

  it('15. the venv carries no second pip, and the base image’s ca-certificates are not installed again', async () => {
    const { result } = await optimized('hashed-requirements');
    expect(result.dockerfile).toContain('-m venv --without-pip');
    expect(result.dockerfile).toContain('--require-hashes');
    const guide = await optimize(await load('fixtures/projects/flask-requirements'));
    expect(guide.plan.runtimePackages).not.toContain('ca-certificates');
  });
});

describe('conservation checks', () => {
  it('stop a rewrite that loses an ARG default, a port, the health check or a build target', async () => {
    const dir = join(FIXTURES, 'arg-port');
    const project = await load(dir);
    const { plan, facts } = planWithFacts(project, { syntaxDirective: false });
    const broken = await parseDockerfile(
      'FROM python:3.11-slim\nENV PORT="${PORT}"\nEXPOSE 8000\nUSER app\nRUN apt-get install -y curl\nCMD ["sh","-c","exec uvicorn main:app --port ${PORT}"]\n',
    );
    const problems = conservationProblems(project, plan, facts, project.dockerfile!.model, broken);
    const checks = new Set(problems.map((p) => p.check));
    expect(checks).toEqual(new Set(['environment', 'ports', 'command', 'healthcheck', 'user', 'folders']));
    expect(problems.find((p) => p.check === 'environment')!.message).toMatch(/PORT is "" instead of "8181"/);
  });

  it('stop a rewrite whose command lost an argument (named changes aside)', async () => {
    const project = await load(join(FIXTURES, 'uvicorn-reload'));
    const { plan, facts } = planWithFacts(project);
    const output = await parseDockerfile('FROM python:3.11-slim\nCMD ["uvicorn", "main:app"]\n');
    const shortened = { ...plan, cmd: ['uvicorn', 'main:app'] };
    const problems = conservationProblems(project, shortened, facts, project.dockerfile!.model, output);
    expect(problems.find((p) => p.check === 'command')?.message).toMatch(
      /runs `uvicorn main:app` instead of `uvicorn main:app --host 0\.0\.0\.0 --port 8000`/,
    );
    // Dropping --reload is a named change, not a difference.
    expect(
      conservationProblems(project, plan, facts, project.dockerfile!.model, output).some(
        (p) => p.check === 'command',
      ),
    ).toBe(false);
  });

  it('stop a rewrite that leaves out a runtime dependency set', async () => {
    const project = await load(join(FIXTURES, 'second-pip-install'));
    const { plan, facts } = planWithFacts(project);
    const output = await parseDockerfile('FROM python:3.11-slim\n');
    const problems = conservationProblems(
      project,
      { ...plan, recipe: { ...plan.recipe, sets: ['requirements:requirements.txt'] } },
      facts,
      null,
      output,
    );
    expect(problems.filter((p) => p.check === 'dependencies').map((p) => p.message)).toEqual([
      expect.stringMatching(/^line \d+ installs package gunicorn, which the rewrite does not$/),
    ]);
    expect(analyzeOriginal(project, project.dockerfile!.model).installs.length).toBe(2);
  });
});

/** A copy of a fixture with another Dockerfile (and extra files), optimized. */
async function rewrite(fixture: string, dockerfile: string, files: Record<string, string> = {}) {
  const dir = copyProject(join(FIXTURES, fixture));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const result = await optimize(await load(dir), { syntaxDirective: false });
  // Every one of these stays a fixpoint.
  writeFileSync(join(dir, 'Dockerfile'), result.dockerfile);
  writeFileSync(join(dir, '.dockerignore'), result.dockerignore);
  expect((await optimize(await load(dir), { syntaxDirective: false })).dockerfile).toBe(result.dockerfile);
  return result;
}

const FLASK = 'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\n';
const SERVE = '\nCOPY . .\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "weather.app:app"]\n';

describe('what a review of the rewrite found', () => {
  it("keeps a builder step that runs what was installed after the install, as the guide's multi-stage build has it", async () => {
    const result = await rewrite(
      'uv-groups-only',
      [
        'FROM python:3.11-slim AS builder',
        'COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /uvx /bin/',
        'WORKDIR /app',
        'COPY pyproject.toml uv.lock ./',
        'RUN uv sync --locked --no-install-project --group api',
        'COPY . .',
        'RUN uv run python -m compileall -q app',
        'FROM python:3.11-slim',
        'WORKDIR /app',
        'COPY --from=builder /app/.venv /app/.venv',
        'COPY . .',
        'ENV PATH="/app/.venv/bin:$PATH"',
        'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]',
        '',
      ].join('\n'),
    );
    const start = result.dockerfile.indexOf('\nFROM ');
    const builder = result.dockerfile.slice(start, result.dockerfile.indexOf('\nFROM ', start + 1));
    const install = builder.indexOf('uv sync --locked --no-install-project');
    const step = builder.indexOf('uv run python -m compileall -q app');
    expect(install).toBeGreaterThan(0);
    expect(step).toBeGreaterThan(install);
    // The venv is complete by then: `uv run` must not sync the dev group back into it.
    expect(builder.slice(install, step)).toMatch(/ENV UV_NO_SYNC=1/);
  });

  it('reads a production/development switch by its condition, whichever branch comes first', async () => {
    const result = await rewrite(
      'second-pip-install',
      `${FLASK}COPY requirements-dev.txt .\nARG ENVIRONMENT=production\nRUN if [ "$ENVIRONMENT" = "development" ]; then pip install -r requirements-dev.txt; else pip install -r requirements.txt; fi${SERVE}`,
      { 'requirements-dev.txt': '-r requirements.txt\npytest\n' },
    );
    expect(result.plan.recipe.sets).toContain('requirements:requirements.txt');
    expect(result.plan.recipe.sets).not.toContain('requirements:requirements-dev.txt');
  });

  it('keeps what a builder stage makes besides the venv, copied from the new builder', async () => {
    const result = await rewrite(
      'second-pip-install',
      `FROM python:3.11-slim AS builder\nWORKDIR /build\nCOPY requirements.txt .\nRUN pip install --prefix=/install -r requirements.txt\nRUN mkdir -p /build/static && python -c "open('/build/static/v.txt', 'w').write('1')"\n\nFROM python:3.11-slim\nCOPY --from=builder /install /usr/local\nCOPY --from=builder /build/static /app/static\nWORKDIR /app${SERVE}`,
    );
    expect(result.dockerfile).toMatch(/^COPY --from=builder \/build\/static \/app\/static$/m);
    expect(result.dockerfile).toMatch(/python -c "open\('\/build\/static\/v\.txt'/);
  });

  it('keeps a redirected command of an && chain (`mkdir -p /data && echo x > /data/seed`)', async () => {
    const result = await rewrite(
      'second-pip-install',
      `${FLASK}RUN pip install -r requirements.txt && echo seeded > /app/SEED${SERVE}`,
    );
    expect(result.dockerfile).toContain('echo seeded > /app/SEED');
  });

  it('lands a copy made before a WORKDIR change where it landed', async () => {
    const result = await rewrite(
      'second-pip-install',
      `${FLASK}RUN pip install -r requirements.txt\nCOPY . .\nWORKDIR /app/weather\nCMD ["python", "-c", "print(1)"]\n`,
    );
    expect(result.dockerfile).toMatch(/^COPY --chown=app:app \. \/app\/$/m);
  });

  it('keeps COPY and ADD options: --chmod, and ADD unpacking archives', async () => {
    const result = await rewrite(
      'second-pip-install',
      `${FLASK}RUN pip install -r requirements.txt\nCOPY --chmod=755 start.sh /start.sh\nADD vendor.tar.gz /opt/\n${SERVE}`,
      { 'start.sh': '#!/bin/sh\nexec "$@"\n', 'vendor.tar.gz': '' },
    );
    expect(result.dockerfile).toMatch(/^COPY --chown=app:app --chmod=755 start\.sh \/start\.sh$/m);
    expect(result.dockerfile).toMatch(/^ADD --chown=app:app vendor\.tar\.gz \/opt\/$/m);
  });

  it('keeps the order of the steps it keeps and the ones it rebuilds', async () => {
    const result = await rewrite(
      'second-pip-install',
      `${FLASK}RUN pip install -r requirements.txt\nCOPY . .\nRUN cp weather/__init__.py weather/copy.py\nRUN python -m weather.app --check || true\nCMD ["gunicorn", "weather.app:app"]\n`,
    );
    expect(result.dockerfile.indexOf('cp weather/__init__.py')).toBeLessThan(
      result.dockerfile.indexOf('weather.app --check'),
    );
  });

  it('runs the venv’s Python for a command naming the system one, keeps PATH additions and quoted values', async () => {
    const result = await rewrite(
      'second-pip-install',
      `${FLASK}RUN pip install -r requirements.txt\nENV PATH=/opt/tool/bin:$PATH GREETING='hello $USER'\nCOPY . .\nCMD ["/usr/local/bin/python", "-m", "weather.app"]\n`,
    );
    expect(result.plan.cmd).toEqual(['python', '-m', 'weather.app']);
    expect(result.dockerfile).toContain('PATH="/app/.venv/bin:/opt/tool/bin:$PATH"');
    expect(result.dockerfile).toContain(`GREETING='hello $USER'`);
  });

  it('mounts the local packages a requirements file names, writable for the build', async () => {
    const result = await rewrite(
      'second-pip-install',
      `${FLASK}RUN pip install -r requirements.txt${SERVE}`,
      {
        'requirements.txt': 'flask\n./libs/mylib\n',
        'libs/mylib/pyproject.toml': '[project]\nname = "mylib"\nversion = "1"\n',
      },
    );
    expect(result.dockerfile).toContain('--mount=type=bind,source=libs/mylib,target=libs/mylib,rw');
  });

  it('reads a manifest another stage generates (poetry export) from that stage, kept as written', async () => {
    const result = await rewrite(
      'second-pip-install',
      `FROM python:3.11-slim AS export\nWORKDIR /app\nCOPY requirements.txt in.txt\nRUN sort in.txt > requirements.txt\n\nFROM python:3.11-slim\nWORKDIR /app\nCOPY --from=export /app/requirements.txt /app/requirements.txt\nRUN pip install -r requirements.txt${SERVE}`,
    );
    expect(result.dockerfile).toMatch(/^FROM python:3\.11-slim AS export$/m);
    expect(result.dockerfile).toContain(
      '--mount=type=bind,from=export,source=/app/requirements.txt,target=requirements.txt',
    );
  });

  it('keeps an install’s secret mount (a private index’s credentials)', async () => {
    const result = await rewrite(
      'second-pip-install',
      `${FLASK}RUN --mount=type=secret,id=pipconf,target=/etc/pip.conf pip install -r requirements.txt${SERVE}`,
    );
    expect(result.dockerfile).toContain('--mount=type=secret,id=pipconf,target=/etc/pip.conf');
  });

  it('leaves out a CMD that a shell-form ENTRYPOINT ignored, and keeps a replaced probe’s timings', async () => {
    const result = await rewrite(
      'second-pip-install',
      `${FLASK}RUN pip install -r requirements.txt\nCOPY . .\nHEALTHCHECK --interval=5s --retries=10 CMD curl -f http://localhost:8000/\nENTRYPOINT gunicorn -b 0.0.0.0:8000 weather.app:app\nCMD ["--verbose"]\n`,
    );
    expect(result.plan.cmd).toBeNull();
    expect(result.dockerfile).toMatch(/HEALTHCHECK --interval=5s --retries=10 \\\n/);
  });

  it('keeps an instruction written in lower case as an instruction', async () => {
    const result = await rewrite(
      'second-pip-install',
      `${FLASK}RUN pip install -r requirements.txt\nonbuild run echo hi${SERVE}`,
    );
    expect(result.dockerfile).toMatch(/^onbuild run echo hi$/m);
  });

  it('installs a packaged uv project the original installed, keeping --frozen', async () => {
    const result = await rewrite(
      'uv-groups-only',
      'FROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /bin/\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen --group api\nCMD ["uvicorn", "app.main:app"]\n',
      {
        'pyproject.toml': `${readFileSync(join(FIXTURES, 'uv-groups-only', 'pyproject.toml'), 'utf8')}\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n`,
      },
    );
    expect(result.dockerfile).toContain('uv sync --frozen --no-install-project --no-dev --group api');
    expect(result.dockerfile).toContain('uv pip install --python /app/.venv/bin/python --no-deps .');
  });
});
