import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithEngine } from '../test-support/docker.js';
import { build } from './build.js';
import { logs, remove, run } from './containers.js';
import { removeImage } from './images.js';
import { probeHttp, waitForHealthy } from './probe.js';
import { formatBuildFailure } from './progress.js';
import type { BuildResult, RunningContainer } from './types.js';

/**
 * The proof that CI builds real images: the bundled example, built exactly as it is,
 * runs and answers on its health route through a random loopback port.
 */
const guideApp = fileURLToPath(new URL('../../examples/guide-app/', import.meta.url));

describeWithEngine('examples/guide-app builds, runs and answers /health', () => {
  const tag = `shipshape-e2e-guide-app:${process.pid}`;
  let built: BuildResult | undefined;
  let container: RunningContainer | undefined;

  beforeAll(async () => {
    built = await build({ context: guideApp, tag, progress: 'plain' });
  }, 1_200_000);

  afterAll(async () => {
    if (container) await remove(container.id);
    await removeImage(tag);
  }, 120_000);

  it('has the project files the build needs', () => {
    expect(existsSync(`${guideApp}Dockerfile`)).toBe(true);
    expect(existsSync(`${guideApp}uv.lock`)).toBe(true);
  });

  it('builds with docker buildx', () => {
    expect(built?.ok, built && !built.ok ? formatBuildFailure(built.failure) : '').toBe(true);
    const install = built?.steps.find((step) => step.instruction?.startsWith('RUN uv sync'));
    expect(install?.status).toMatch(/^(done|cached)$/);
  });

  it('answers HTTP 200 on /health from a random loopback port', async () => {
    expect(built?.ok).toBe(true);
    container = await run({ image: tag, ports: [8080] });
    const port = container.hostPorts[8080];
    expect(port).toBeGreaterThan(0);
    const url = `http://127.0.0.1:${port}/health`;
    const waited = await waitForHealthy({
      containerId: container.id,
      strategy: { kind: 'http', url },
      timeoutMs: 90_000,
    });
    const containerLogs = waited.healthy ? '' : await logs(container.id, 50);
    expect(waited.healthy, `${waited.lastError}\n${containerLogs}`).toBe(true);
    expect(await probeHttp(url)).toMatchObject({ ok: true, status: 200 });
  }, 120_000);
});
