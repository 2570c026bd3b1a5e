import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
import { describeWithEngine } from '../test-support/docker.js';
import { optimize } from './index.js';

/**
 * Every generated Dockerfile (slim variant) builds, runs as non-root and answers its health
 * route. One build at a time: the machine has two cores.
 */
const FIXTURES = [
  'examples/guide-app',
  'fixtures/projects/uv-fastapi',
  'fixtures/projects/flask-requirements',
  'fixtures/projects/django-poetry',
  'fixtures/projects/pdm-app',
  'fixtures/projects/pipenv-app',
  'fixtures/projects/psycopg-compiled',
  'fixtures/projects/playwright-style',
  'fixtures/projects/no-dockerfile',
].filter((dir) => existsSync(dir));

const cleanups: Array<() => Promise<void>> = [];

async function buildAndRun(dir: string) {
  const project = await load(dir);
  const result = await optimize(project, { syntaxDirective: false });
  const context = mkdtempSync(join(tmpdir(), 'shipshape-optimize-e2e-'));
  cleanups.push(async () => rmSync(context, { recursive: true, force: true }));
  cpSync(dir, context, { recursive: true });
  writeFileSync(join(context, 'Dockerfile'), result.dockerfile);
  writeFileSync(join(context, '.dockerignore'), result.dockerignore);
  const tag = `shipshape-e2e-optimized-${dir.split('/').pop()}:${process.pid}`;
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
  const uid = await exec(container.id, ['id', '-u']);
  expect(uid.stdout.trim()).not.toBe('0');
  return { container, result };
}

describeWithEngine('optimized images build, run as non-root and answer their health route', () => {
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  }, 120_000);

  for (const dir of FIXTURES) {
    it(dir, async () => {
      const { container } = await buildAndRun(dir);
      if (dir !== 'examples/guide-app') return;
      // The guide app keeps what the guide's own multi-stage version lost.
      const status = await probeHttp(`http://127.0.0.1:${container.hostPorts[8080]}/api/mcp/status`);
      expect(status).toMatchObject({ ok: true, status: 200 });
      expect((await probeTcp('127.0.0.1', container.hostPorts[8051]!)).ok).toBe(true);
      const docker = await exec(container.id, ['docker', '--version']);
      expect(docker.stdout).toMatch(/^Docker version/);
    }, 900_000);
  }
});
