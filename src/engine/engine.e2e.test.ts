import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tar from 'tar-stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithEngine } from '../test-support/docker.js';
import { build } from './build.js';
import { exec, logs, remove, run, stop } from './containers.js';
import { imageHistory, imageInspect, removeImage, saveImage } from './images.js';
import { engineInfo } from './info.js';
import { waitForHealthy } from './probe.js';
import type { BuildResult, RunningContainer } from './types.js';

// A tiny server image on a local stand-in base: fast to build, exercises the whole adapter.
const DOCKERFILE = `FROM python:3.13-slim
WORKDIR /srv
COPY server.py ./
RUN useradd --uid 1000 --no-create-home app
USER 1000
EXPOSE 8080
HEALTHCHECK --interval=1s --timeout=2s --retries=3 CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/')"]
CMD ["python", "server.py"]
`;
const SERVER = `import http.server, signal, sys
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # PID 1 gets no default SIGTERM action
http.server.ThreadingHTTPServer(("0.0.0.0", 8080), http.server.SimpleHTTPRequestHandler).serve_forever()
`;

describeWithEngine('engine adapter against the real engine', () => {
  const tag = `shipshape-e2e-engine:${process.pid}`;
  const failTag = `shipshape-e2e-engine-fail:${process.pid}`;
  let context: string;
  let first: BuildResult;
  let container: RunningContainer | undefined;

  beforeAll(async () => {
    context = mkdtempSync(join(tmpdir(), 'shipshape-engine-e2e-'));
    writeFileSync(join(context, 'Dockerfile'), DOCKERFILE);
    writeFileSync(join(context, 'server.py'), SERVER);
    first = await build({ context, tag, progress: 'plain' });
  });

  afterAll(async () => {
    if (container) await remove(container.id);
    await removeImage(tag);
    await removeImage(failTag);
    rmSync(context, { recursive: true, force: true });
  });

  it('builds, reports the steps and the image id', () => {
    expect(first.ok, first.ok ? '' : first.failure.message).toBe(true);
    expect(first.ok && first.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    const instructions = first.steps.filter((step) => !step.internal).map((step) => step.instruction);
    expect(instructions).toEqual(
      expect.arrayContaining(['COPY server.py ./', 'RUN useradd --uid 1000 --no-create-home app']),
    );
  });

  it('rebuilds with every instruction CACHED when nothing changed', async () => {
    const again = await build({ context, tag });
    expect(again.ok).toBe(true);
    // RUN and COPY are the steps whose cache matters; BuildKit reports metadata-only steps
    // such as WORKDIR as CACHED or DONE 0.0s depending on its cache records.
    const instructions = again.steps.filter((step) => /^(RUN|COPY) /.test(step.instruction ?? ''));
    expect(instructions.length).toBeGreaterThanOrEqual(2);
    const ran = instructions.filter((step) => !step.cached).map((step) => `${step.name} (${step.status})`);
    expect(ran).toEqual([]);
  });

  it('inspects size, layers and config', async () => {
    const image = await imageInspect(tag);
    expect(image.sizeBytes).toBeGreaterThan(1_000_000);
    expect(image.layers.length).toBeGreaterThan(1);
    expect(image.config).toMatchObject({
      user: '1000',
      exposedPorts: ['8080/tcp'],
      cmd: ['python', 'server.py'],
    });
    expect(image.config.healthcheck?.test[0]).toBe('CMD');
    const history = await imageHistory(tag);
    expect(history[0]?.createdBy).toMatch(/CMD \["python" "server.py"\]/);
    expect(history.some((entry) => entry.createdBy.includes('useradd') && entry.sizeBytes > 0)).toBe(true);
  });

  it('runs on a random loopback port, becomes healthy, answers exec, logs and stops gracefully', async () => {
    container = await run({ image: tag, ports: [8080] });
    const hostPort = container.hostPorts[8080]!;
    expect(hostPort).toBeGreaterThan(0);
    const viaHttp = await waitForHealthy({
      containerId: container.id,
      strategy: { kind: 'http', url: `http://127.0.0.1:${hostPort}/` },
      timeoutMs: 30_000,
    });
    expect(viaHttp.healthy, viaHttp.lastError).toBe(true);
    const viaHealthcheck = await waitForHealthy({
      containerId: container.id,
      strategy: { kind: 'healthcheck' },
      timeoutMs: 30_000,
    });
    expect(viaHealthcheck.healthy, viaHealthcheck.lastError).toBe(true);
    expect(await exec(container.id, ['id', '-u'])).toMatchObject({ exitCode: 0, stdout: '1000' });
    expect((await exec(container.id, ['sh', '-c', 'exit 4'])).exitCode).toBe(4);
    expect(await logs(container.id)).toMatch(/"GET \/ HTTP\/1\.1" 200/);
    const stopped = await stop(container.id, 10);
    expect(stopped).toMatchObject({ exitCode: 0, graceful: true });
    expect(stopped.durationMs).toBeLessThan(10_000);
  }, 90_000);

  it('streams docker save as a tarball holding manifest.json', async () => {
    const names: string[] = [];
    const extract = tar.extract();
    extract.on('entry', (header, stream, next) => {
      names.push(header.name);
      stream.on('end', next);
      stream.resume();
    });
    await new Promise<void>((resolve, reject) => {
      extract.on('finish', resolve);
      extract.on('error', reject);
      const saved = saveImage(tag);
      saved.on('error', reject);
      saved.pipe(extract);
    });
    expect(names).toContain('manifest.json');
    expect(names.some((name) => name.startsWith('blobs/sha256/') || name.endsWith('layer.tar'))).toBe(true);
  });

  it('returns a failing RUN as data with its last log lines', async () => {
    writeFileSync(
      join(context, 'Dockerfile.fail'),
      'FROM debian:bookworm-slim\nRUN echo before-failure && exit 7\n',
    );
    const failed = await build({ context, dockerfile: join(context, 'Dockerfile.fail'), tag: failTag });
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.failure.step?.instruction).toBe('RUN echo before-failure && exit 7');
    expect(failed.failure.logTail).toContain('before-failure');
    expect(failed.failure.message).toMatch(/exit code: 7/);
  });

  it('describes the machine', async () => {
    const info = await engineInfo();
    expect(info.cores).toBeGreaterThan(0);
    expect(info.memoryBytes).toBeGreaterThan(0);
    expect(info.serverVersion).toMatch(/^\d+\./);
    expect(info.buildxVersion).toMatch(/\d+\.\d+/);
  });
});
