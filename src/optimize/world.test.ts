import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
