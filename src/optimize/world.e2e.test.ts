import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import {
  build,
  exec,
  formatBuildFailure,
  imageInspect,
  logs,
  remove,
  removeImage,
  run,
  waitForHealthy,
} from '../engine/index.js';
import { load } from '../project/index.js';
import { describeWithEngine } from '../test-support/docker.js';
import { copyProject, removeProjectCopies } from '../test-support/project-copies.js';
import { type FixtureRun, worldFixtures } from '../test-support/world-fixtures.js';
import { optimize } from './index.js';

const cleanups: Array<() => Promise<void>> = [];

/**
 * Runs the image's HEALTHCHECK command in the container now, as Docker would on its schedule
 * (which starts 30 s or more after start-up): its exit status is the verdict.
 */
async function runHealthcheck(image: string, containerId: string): Promise<string> {
  const test = (await imageInspect(image)).config.healthcheck?.test ?? [];
  if (test.length === 0 || test[0] === 'NONE') return 'none';
  const argv = test[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', test[1] ?? ''] : test.slice(1);
  for (let attempt = 0; attempt < 10; attempt++) {
    const result = await exec(containerId, argv).catch(() => ({ exitCode: 1 }));
    if (result.exitCode === 0) return 'healthy';
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return 'unhealthy';
}

/** Build the rewritten Dockerfile, serve it, and run the fixture's checks in the container. */
async function buildAndCheck(context: string, fixture: string, spec: FixtureRun): Promise<void> {
  const tag = `shipshape-e2e-world-${fixture}-${spec.target ?? spec.dockerfile.toLowerCase().replace(/[^a-z0-9]/g, '')}:${process.pid}`;
  cleanups.push(() => removeImage(tag));
  const built = await build({
    context,
    dockerfile: join(context, spec.dockerfile),
    tag,
    progress: 'plain',
    buildArgs: spec.buildArgs,
    ...(spec.target ? { target: spec.target } : {}),
  });
  expect(built.ok, built.ok ? '' : formatBuildFailure(built.failure)).toBe(true);
  const container = await run({ image: tag, ports: [spec.port], env: spec.env });
  cleanups.push(() => remove(container.id));
  const hostPort = container.hostPorts[spec.port]!;
  const waited = await waitForHealthy({
    containerId: container.id,
    strategy: spec.health
      ? { kind: 'http', url: `http://127.0.0.1:${hostPort}${spec.health}` }
      : { kind: 'tcp', host: '127.0.0.1', port: hostPort },
    timeoutMs: 90_000,
  });
  expect(waited.healthy, `${waited.lastError}\n${await logs(container.id, 40)}`).toBe(true);
  for (const check of spec.checks) {
    const result = await exec(container.id, check.exec).catch((error: Error) => ({
      stdout: '',
      stderr: error.message,
      exitCode: -1,
    }));
    expect(`${result.stdout}${result.stderr}`, `check ${JSON.stringify(check.exec)}`).toContain(check.expect);
  }
  // The image's HEALTHCHECK (kept from the original or written by optimize) must pass too.
  expect(['healthy', 'none']).toContain(await runHealthcheck(tag, container.id));
}

/**
 * The real-world-shaped fixtures (fixtures/optimize): each rewrite builds, serves, passes the
 * fixture's own checks (files, imports, users, writable folders) and its HEALTHCHECK, for the
 * default build and every variant (another Dockerfile of the project, another --target).
 */
describeWithEngine('optimized real-world-shaped fixtures build, serve and pass their checks', () => {
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    removeProjectCopies();
  }, 120_000);

  for (const fixture of worldFixtures()) {
    it(`${fixture.name}: ${fixture.shape.split(';')[0]}`, async () => {
      const context = copyProject(fixture.dir);
      const dockerfiles = [...new Set(fixture.runs.map((r) => r.dockerfile))];
      for (const dockerfile of dockerfiles) {
        const result = await optimize(await load(context, { dockerfile: join(context, dockerfile) }), {
          syntaxDirective: false,
        });
        writeFileSync(join(context, dockerfile), result.dockerfile);
        writeFileSync(join(context, '.dockerignore'), result.dockerignore);
      }
      for (const spec of fixture.runs) await buildAndCheck(context, fixture.name, spec);
    }, 900_000);
  }
});
