import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build, removeImage } from '../engine/index.js';
import { describeWithEngine } from '../test-support/docker.js';
import type { ImageReport } from './types.js';

const BLOB_BYTES = 512 * 1024;
// A pip cache left behind (no --no-cache-dir) and a file added in one layer, deleted in the next.
// Building six from its sdist makes pip store the wheel it built in /root/.cache/pip/wheels;
// plain downloads are not cached on this machine (the egress proxy makes responses uncacheable).
const DOCKERFILE = `FROM python:3.11-slim
RUN pip install --disable-pip-version-check --use-pep517 --no-binary six --use-feature=no-binary-enable-wheel-cache six==1.16.0
RUN head -c ${BLOB_BYTES} /dev/urandom > /tmp/blob
RUN rm /tmp/blob
`;

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describeWithEngine('shipshape inspect against an image from the engine', () => {
  const tag = `shipshape-e2e-inspect:${process.pid}`;
  let context: string;
  let report: ImageReport;
  let pipCacheBytes: number;

  beforeAll(async () => {
    context = mkdtempSync(join(tmpdir(), 'shipshape-inspect-e2e-'));
    writeFileSync(join(context, 'Dockerfile'), DOCKERFILE);
    const built = await build({ context, tag, progress: 'plain' });
    if (!built.ok) throw new Error(built.failure.message);
    // The truth to compare with: the regular file bytes under the cache, measured inside the image.
    const du = await execa('docker', [
      'run',
      '--rm',
      tag,
      'sh',
      '-c',
      "find /root/.cache/pip -type f -printf '%s\\n'",
    ]);
    pipCacheBytes = du.stdout
      .split('\n')
      .filter(Boolean)
      .reduce((sum, n) => sum + Number(n), 0);
    const result = await execa('node', [join(repo, 'dist/cli.js'), 'inspect', tag, '--format', 'json'], {
      reject: false,
    });
    if (result.exitCode !== 0) throw new Error(result.stderr);
    report = JSON.parse(result.stdout) as ImageReport;
  });

  afterAll(async () => {
    await removeImage(tag);
    rmSync(context, { recursive: true, force: true });
  });

  it('finds the pip cache with its exact bytes', () => {
    expect(pipCacheBytes).toBeGreaterThan(0);
    const pip = report.pythonWaste.find((item) => item.kind === 'pip-cache');
    expect(pip?.bytes).toBe(pipCacheBytes);
    expect(pip?.paths[0]?.path).toBe('/root/.cache/pip');
  });

  it('counts the file added then deleted as wasted, attributed to its path', () => {
    expect(report.waste.removedBytes).toBeGreaterThanOrEqual(BLOB_BYTES);
    expect(report.waste.wastedBytes).toBe(report.waste.addedBytes - report.waste.finalBytes);
    const removing = report.layers.at(-1)!;
    expect(report.waste.topWaste).toContainEqual({
      path: '/tmp/blob',
      bytes: BLOB_BYTES,
      note: `removed in layer ${removing.index}`,
    });
    expect(removing.createdBy).toMatch(/rm \/tmp\/blob/);
    expect(removing.filesRemoved).toBe(1);
    expect(removing.wastedBytes).toBe(BLOB_BYTES);
  });

  it('sees the Python distributions and the Debian packages of the base', () => {
    expect(report.distributions.map((d) => d.name)).toContain('six');
    expect(report.security.dpkgPackages).toBeGreaterThan(50);
    expect(report.security.runsAsRoot).toBe(true);
  });
});
