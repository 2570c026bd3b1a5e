import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectImage } from './inspect-image.js';
import { legacySaveMembers, ociSaveMembers, tarMembers, writeOciLayout } from './test-support/fixtures.js';
import { expected, RECORD, sampleImage } from './test-support/sample-image.js';
import type { ImageReport } from './types.js';

let dir: string;
const reports: Record<string, ImageReport> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-inspect-'));
  const { layers, config } = await sampleImage();
  await writeFile(join(dir, 'legacy.tar'), await tarMembers(legacySaveMembers(layers, config)));
  await writeFile(join(dir, 'oci-save.tar'), await tarMembers(ociSaveMembers(layers, config)));
  await writeOciLayout(join(dir, 'layout'), [
    { platform: { os: 'linux', architecture: 'amd64' }, layers, config },
  ]);
  reports.legacy = await inspectImage({ tarball: join(dir, 'legacy.tar') });
  reports.ociSave = await inspectImage({ tarball: join(dir, 'oci-save.tar') });
  reports.layout = await inspectImage({ oci: join(dir, 'layout') });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const [l1, l2, l3] = expected.layerSizes as [number, number, number];
const added = l1 + l2 + l3;
const wasted = expected.overwritten + expected.removed;

describe.each(['legacy', 'ociSave', 'layout'])('inspect of the sample image (%s)', (format) => {
  const report = () => reports[format]!;

  it('sizes each layer and names the step that made it, masking secrets', () => {
    expect(report().layers.map((l) => l.size)).toEqual([l1, l2, l3]);
    expect(report().layers.map((l) => l.compression)).toEqual(['gzip', 'zstd', 'none']);
    expect(report().layers.map((l) => l.createdBy)).toEqual([
      'ADD rootfs.tar /',
      'RUN pip install foo',
      'COPY . /app',
    ]);
    expect(report().layers.map((l) => [l.filesAdded, l.filesChanged, l.filesRemoved])).toEqual([
      [10, 0, 0],
      [4, 1, 3],
      [9, 0, 1],
    ]);
  });

  it('counts wasted bytes as earlier copies plus everything added then removed', () => {
    const waste = report().waste;
    expect(waste.addedBytes).toBe(added);
    expect(waste.overwrittenBytes).toBe(expected.overwritten);
    expect(waste.removedBytes).toBe(expected.removed);
    expect(waste.wastedBytes).toBe(wasted);
    expect(waste.finalBytes).toBe(added - wasted);
    expect(waste.efficiency).toBeCloseTo((added - wasted) / added, 10);
    expect(waste.userWastedPercent).toBeCloseTo(wasted / (l2 + l3), 10);
    expect(waste.topWaste[0]).toEqual({ path: '/data/big.bin', bytes: 1000, note: 'overwritten in layer 2' });
    expect(waste.topWaste.map((w) => w.path)).toContain('/opq/x');
    expect(waste.topWaste.map((w) => w.path)).toContain('/data/dir/a');
  });

  it("reproduces dive's figure: all copies of repeated paths, kept one included", () => {
    // big.bin 1000+1500 and tmp/junk 250 (+0 for its file whiteout); data/dir's whiteout is seen once only.
    const dive = report().waste.dive;
    expect(dive.wastedBytes).toBe(2500 + 250);
    const cumulative = added + 500;
    expect(dive.efficiency).toBeCloseTo((cumulative - 1500 - 250) / cumulative, 10);
    expect(dive.userWastedPercent).toBeCloseTo(2750 / (l2 + l3), 10);
  });

  it('names Python and build waste with bytes and paths', () => {
    const byKind = Object.fromEntries(report().pythonWaste.map((item) => [item.kind, item]));
    expect(byKind['pip-cache']).toMatchObject({
      bytes: 700,
      count: 1,
      paths: [{ path: '/root/.cache/pip', bytes: 700 }],
    });
    expect(byKind['orphan-bytecode']).toMatchObject({
      bytes: 12,
      paths: [{ path: '/app/__pycache__', bytes: 12 }],
    });
    expect(byKind['site-packages-tests']).toMatchObject({
      bytes: 40,
      paths: [{ path: '/usr/lib/python3.11/site-packages/foo/tests', bytes: 40 }],
    });
    expect(byKind['dockerignore-material']).toMatchObject({
      bytes: 30,
      paths: [{ path: '/app/.git', bytes: 30 }],
    });
    expect(byKind['uv-cache']).toBeUndefined();
  });

  it('sizes Python distributions from RECORD', () => {
    expect(report().distributions).toEqual([
      {
        name: 'foo',
        version: '1.0',
        bytes: 5 + 40 + RECORD.length,
        files: 3,
        location: '/usr/lib/python3.11/site-packages',
      },
    ]);
  });

  it('reports the security surface with secret values masked', () => {
    const security = report().security;
    expect(security).toMatchObject({
      runsAsRoot: true,
      healthcheck: false,
      shells: ['/usr/bin/sh'],
      packageManagers: ['/usr/bin/apt-get'],
      pythonDistributions: 1,
    });
    const checks = Object.fromEntries(security.checks.map((c) => [c.id, c.details]));
    expect(checks['secret-env']).toEqual(['API_TOKEN=****']);
    expect(checks['setuid-files']).toEqual(['/usr/bin/su (setuid)']);
    expect(checks['credential-files']).toEqual(['/home/app/id_rsa']);
    expect(checks['empty-password']).toEqual(['root']);
    expect(checks['duplicate-uid']).toEqual(['1000: app, dup']);
    expect(JSON.stringify(report())).not.toContain('abc123');
  });

  it('warns about entries that climb out of the root and never keeps them', () => {
    const warnings = report().warnings.join('\n');
    expect(warnings).toMatch(/climb out of the image root \(\.\.\/evil\)/);
    expect(warnings).toMatch(/absolute paths/);
    expect(JSON.stringify(report())).not.toContain('evil"');
  });
});
