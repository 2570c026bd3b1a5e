import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build, removeImage } from '../engine/index.js';
import { describeWithEngine } from '../test-support/docker.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(repo, 'dist/cli.js');
// A file written and deleted in the next layer: 1 MiB of waste the image still carries.
const DOCKERFILE = `FROM python:3.11-slim
RUN head -c 1048576 /dev/urandom > /tmp/blob
RUN rm /tmp/blob
`;

describeWithEngine('shipshape check --image against the engine', () => {
  const tag = `shipshape-e2e-check:${process.pid}`;
  let context: string;
  const check = (args: string[]) =>
    execa('node', [cli, 'check', '--image', tag, ...args], { reject: false, cwd: context });

  beforeAll(async () => {
    context = mkdtempSync(join(tmpdir(), 'shipshape-check-e2e-'));
    writeFileSync(join(context, 'Dockerfile'), DOCKERFILE);
    const built = await build({ context, tag, progress: 'plain' });
    if (!built.ok) throw new Error(built.failure.message);
  });
  afterAll(async () => {
    await removeImage(tag);
    rmSync(context, { recursive: true, force: true });
  });

  it('fails a 1MB size budget with exit 1 and says by how much', async () => {
    const result = await check(['--max-size', '1MB']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/BROKEN\s+max-size\s+at most 1\.00 MB\s+(\d+\.\d) MB\s+\d+\.\d MB/);
    const actual = Number(/max-size\s+at most 1\.00 MB\s+(\d+\.\d) MB/.exec(result.stdout)![1]);
    // python:3.11-slim is roughly 120–160 MB uncompressed.
    expect(actual).toBeGreaterThan(50);
    expect(actual).toBeLessThan(400);
  }, 60_000);

  it('passes a 1GB size budget with exit 0', async () => {
    const result = await check(['--max-size', '1GB']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/ok\s+max-size\s+at most 1\.00 GB/);
  }, 60_000);

  it('reads the exported image for waste budgets: the deleted 1 MiB blob breaks a 1 MB budget', async () => {
    const result = await check(['--max-wasted', '1MB', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(1);
    const [wasted] = JSON.parse(result.stdout).budgets;
    expect(wasted).toMatchObject({ name: 'max-wasted', status: 'broken' });
    expect(wasted.actual).toBeGreaterThanOrEqual(1_048_576);
    const holds = await check(['--max-wasted', '50MB']);
    expect(holds.exitCode).toBe(0);
  }, 240_000);
});
