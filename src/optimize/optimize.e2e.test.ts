import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import {
  build,
  exec,
  formatBuildFailure,
  logs,
  probeHttp,
  probeTcp,
  remove,
  removeImage,
  run,
  waitForHealthy,
} from '../engine/index.js';
import { load } from '../project/index.js';
import { ensureDistrolessStandin } from '../test-support/distroless-standin.js';
import { describeWithEngine } from '../test-support/docker.js';
import {
  copyOnPython313,
  copyProject,
  OPTIMIZE_FIXTURES,
  removeProjectCopies,
} from '../test-support/project-copies.js';
import { optimize, type Variant } from './index.js';

const cleanups: Array<() => Promise<void>> = [];

/**
 * Distroless ships Python 3.13: the fixtures on 3.11 (refused as they are, see variants.test.ts)
 * are moved to python:3.13-slim first, so every package manager's recipe is built once.
 */
const DISTROLESS_FIXTURES = [
  'examples/guide-app',
  'fixtures/projects/uv-fastapi',
  'fixtures/projects/flask-requirements',
  'fixtures/projects/django-poetry',
  'fixtures/projects/pdm-app',
  'fixtures/projects/pipenv-app',
];

async function buildAndRun(dir: string, variant: Variant = 'slim', name = dir.split('/').pop()) {
  const project = await load(dir);
  const result = await optimize(project, { syntaxDirective: false, variant });
  const context = copyProject(dir);
  writeFileSync(join(context, 'Dockerfile'), result.dockerfile);
  writeFileSync(join(context, '.dockerignore'), result.dockerignore);
  const tag = `shipshape-e2e-optimized-${name}-${variant}:${process.pid}`;
  cleanups.push(() => removeImage(tag));
  const built = await build({ context, tag, progress: 'plain' });
  expect(built.ok, built.ok ? '' : formatBuildFailure(built.failure)).toBe(true);
  const port = result.plan.healthcheck?.port ?? 8000;
  const ports = result.plan.expose.map((p) => Number.parseInt(p, 10)).filter((p) => Number.isFinite(p));
  const container = await run({ image: tag, ports: ports.length > 0 ? ports : [port] });
  cleanups.push(() => remove(container.id));
  const url = `http://127.0.0.1:${container.hostPorts[port]}${project.server.health ?? '/'}`;
  const waited = await waitForHealthy({
    containerId: container.id,
    strategy: { kind: 'http', url },
    timeoutMs: 90_000,
  });
  expect(waited.healthy, `${waited.lastError}\n${await logs(container.id, 40)}`).toBe(true);
  // The image's own Python answers: distroless has no `id`.
  const uid = await exec(container.id, ['python', '-c', 'import os; print(os.getuid())']);
  expect(uid.stdout.trim()).toMatch(/^\d+$/);
  expect(uid.stdout.trim()).not.toBe('0');
  return { container, result };
}

async function expectGuideAppExtras(containerId: string, hostPorts: Record<number, number>) {
  // The guide app keeps what the guide's own multi-stage version lost.
  const status = await probeHttp(`http://127.0.0.1:${hostPorts[8080]}/api/mcp/status`);
  expect(status).toMatchObject({ ok: true, status: 200 });
  expect((await probeTcp('127.0.0.1', hostPorts[8051]!)).ok).toBe(true);
  const docker = await exec(containerId, ['docker', '--version']);
  expect(docker.stdout).toMatch(/^Docker version/);
}

/**
 * Every generated Dockerfile (slim variant, and distroless where it applies) builds, runs as
 * non-root and answers its health route. One build at a time: the machine has two cores.
 */
describeWithEngine('optimized images build, run as non-root and answer their health route', () => {
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    removeProjectCopies();
  }, 120_000);

  for (const dir of OPTIMIZE_FIXTURES) {
    it(dir, async () => {
      const { container } = await buildAndRun(dir);
      if (dir === 'examples/guide-app') await expectGuideAppExtras(container.id, container.hostPorts);
    }, 900_000);
  }

  for (const dir of DISTROLESS_FIXTURES) {
    it(`${dir} (distroless, on a local stand-in of its image)`, async () => {
      ensureDistrolessStandin();
      const { container, result } = await buildAndRun(
        copyOnPython313(dir),
        'distroless',
        dir.split('/').pop(),
      );
      expect(result.plan.baseImage).toMatch(/^gcr\.io\/distroless\/python3-debian13/);
      expect(result.plan.user.uid).toBe(65532);
      const shell = await exec(container.id, ['/bin/sh', '-c', 'true']).catch((error: Error) => error);
      // No shell in the image: the exec fails because /bin/sh does not exist.
      expect(
        shell instanceof Error ? shell.message : `${shell.exitCode} ${shell.stdout}${shell.stderr}`,
      ).toMatch(/no such file/);
      if (dir === 'examples/guide-app') await expectGuideAppExtras(container.id, container.hostPorts);
    }, 900_000);
  }
});
