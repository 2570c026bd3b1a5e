import { mkdtemp, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectImage } from './inspect-image.js';
import { defaultLimits } from './scan-layer.js';
import {
  imageConfig,
  layer,
  legacySaveMembers,
  sha256,
  tarMembers,
  tarOf,
  writeOciLayout,
} from './test-support/fixtures.js';
import { sampleImage } from './test-support/sample-image.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-hostile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function layout(name: string) {
  const { layers, config } = await sampleImage();
  const path = join(dir, name);
  await writeOciLayout(path, [{ platform: { os: 'linux', architecture: 'amd64' }, layers, config }]);
  return { path, layers };
}

/** Rewrites a tar header's size field (and checksum) to claim `size` bytes. */
function claimSize(tarBytes: Buffer, size: number): Buffer {
  const copy = Buffer.from(tarBytes);
  copy.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 12, 'ascii');
  copy.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += copy[i]!;
  copy.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return copy;
}

describe('hostile or damaged input', () => {
  it('rejects a truncated docker-save tarball with a clear error', async () => {
    const { layers, config } = await sampleImage();
    const file = join(dir, 'truncated.tar');
    const whole = await tarMembers(legacySaveMembers(layers, config));
    await writeFile(file, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(inspectImage({ tarball: file })).rejects.toMatchObject({
      name: 'UserError',
      message: /truncated/,
    });
  });

  it('rejects a layer blob whose bytes do not match its digest', async () => {
    const { path, layers } = await layout('bad-digest');
    const blob = join(path, 'blobs', 'sha256', sha256(layers[2]!.data).slice(7));
    const bytes = await readFile(blob);
    bytes[1030] = bytes[1030]! ^ 0xff; // inside a file body, so only the digest can notice
    await writeFile(blob, bytes);
    await expect(inspectImage({ oci: path })).rejects.toThrow(/does not match/);
  });

  it.each([
    ['the first', 0],
    ['the last', 2],
  ])(
    'refuses a docker-save tarball whose large layer (%s, hashed while the analyzers run) has one byte changed',
    async (_which, corrupt) => {
      // Three uncompressed layers above the hashing thread's threshold, each with a model-like
      // file: the scan seeks past its body, so only the digest can notice the change.
      const layers = await Promise.all(
        [0, 1, 2].map(async (i) => {
          const body = Buffer.alloc(6 << 20, 0x61 + i);
          body.write(`MARKER-${i}`, 3 << 20, 'ascii');
          return layer(await tarOf([{ path: `models/m${i}.bin`, content: body }]));
        }),
      );
      const config = imageConfig(layers);
      const file = join(dir, `large-corrupt-${corrupt}.tar`);
      const whole = await tarMembers(legacySaveMembers(layers, config));
      const at = whole.indexOf(`MARKER-${corrupt}`);
      expect(at).toBeGreaterThan(0);
      await writeFile(file, whole);
      // Untouched, the same archive reads and verifies.
      const report = await inspectImage({ tarball: file });
      expect(report.layers.map((l) => l.diffId)).toEqual(layers.map((l) => sha256(l.data)));
      whole[at] = whole[at]! ^ 0xff;
      await writeFile(file, whole);
      await expect(inspectImage({ tarball: file })).rejects.toMatchObject({
        name: 'UserError',
        message: new RegExp(`layer ${corrupt + 1} .* does not match diff_id`),
      });
    },
  );

  it('rejects a layout with a missing blob', async () => {
    const { path, layers } = await layout('missing');
    await unlink(join(path, 'blobs', 'sha256', sha256(layers[1]!.data).slice(7)));
    await expect(inspectImage({ oci: path })).rejects.toThrow(/missing layer blob/);
  });

  it('rejects a blob shorter than its descriptor says', async () => {
    const { path, layers } = await layout('short');
    const blob = join(path, 'blobs', 'sha256', sha256(layers[0]!.data).slice(7));
    await truncate(blob, 10);
    await expect(inspectImage({ oci: path })).rejects.toThrow(/its manifest says/);
  });

  it('rejects a layer entry claiming a huge size without reading past the stream', async () => {
    const inner = claimSize(await tarOf([{ path: 'huge.bin', size: 10 }]), 8 * 1024 ** 3);
    const layers = [layer(inner, 'gzip')];
    const file = join(dir, 'huge.tar');
    await writeFile(file, await tarMembers(legacySaveMembers(layers, imageConfig(layers))));
    await expect(inspectImage({ tarball: file })).rejects.toThrow(/truncated/);
  });

  it('stops a gzip layer that expands like a decompression bomb', async () => {
    const inner = await tarOf([{ path: 'zeros', size: 24 << 20 }]);
    const bomb = { tar: inner, data: gzipSync(inner, { level: 9 }), compression: 'gzip' as const };
    const file = join(dir, 'bomb.tar');
    await writeFile(file, await tarMembers(legacySaveMembers([bomb], imageConfig([bomb]))));
    const limits = { ...defaultLimits, ratioCheckAfter: 4 << 20, maxExpansionRatio: 100 };
    await expect(inspectImage({ tarball: file }, { limits })).rejects.toThrow(/decompression bomb/);
  });

  it('stops a zstd layer that expands like a decompression bomb, while decoding', async () => {
    // 64 KiB of RLE blocks that expand to 2 GiB; the guard must see them as they are decoded.
    const blocks = 16 * 1024;
    const body = Buffer.alloc(blocks * 4);
    for (let i = 0; i < blocks; i++)
      body.writeUIntLE(((128 * 1024) << 3) | 2 | (i === blocks - 1 ? 1 : 0), i * 4, 3);
    const data = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3]), body]);
    const bomb = { tar: Buffer.alloc(0), data, compression: 'zstd' as const };
    const file = join(dir, 'zstd-bomb.tar');
    await writeFile(file, await tarMembers(legacySaveMembers([bomb], imageConfig([bomb]))));
    const limits = { ...defaultLimits, ratioCheckAfter: 4 << 20, maxExpansionRatio: 100 };
    const before = process.memoryUsage().arrayBuffers;
    await expect(inspectImage({ tarball: file }, { limits })).rejects.toThrow(/decompression bomb/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 << 20);
  });

  it('rejects a file that is not an image archive at all', async () => {
    const file = join(dir, 'not-a-tar.txt');
    await writeFile(file, 'hello'.repeat(300));
    await expect(inspectImage({ tarball: file })).rejects.toMatchObject({ name: 'UserError' });
  });
});

describe('OCI index fan-out', () => {
  it('reads each nested index once: 60 wide, 5 indexes deep, every index listing all of the next level', async () => {
    const { path } = await layout('fan-out');
    const indexType = 'application/vnd.oci.image.index.v1+json';
    const put = async (value: unknown) => {
      const data = Buffer.from(JSON.stringify(value));
      await writeFile(join(path, 'blobs', 'sha256', sha256(data).slice(7)), data);
      return { mediaType: indexType, digest: sha256(data), size: data.length };
    };
    // The layout's own nested index (the one holding the real manifests) is the bottom level.
    let level = (JSON.parse(await readFile(join(path, 'index.json'), 'utf8')) as { manifests: unknown[] })
      .manifests;
    for (let depth = 0; depth < 3; depth++) {
      const next = [];
      for (let i = 0; i < 60; i++) {
        next.push(
          await put({
            schemaVersion: 2,
            mediaType: indexType,
            annotations: { id: `${depth}-${i}` },
            manifests: level,
          }),
        );
      }
      level = next;
    }
    await writeFile(join(path, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: level }));
    const started = Date.now();
    expect((await inspectImage({ oci: path })).layers.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.each([
    ['{"manifests": 5}', /index\.json: "manifests" is not a list\./],
    ['null', /index\.json is not an image index\./],
    ['[[]]', /index\.json is not an image index\./],
    ['{"manifests": [null]}', /index\.json: an entry of "manifests" is not a descriptor with a digest\./],
  ])('an index.json of the wrong shape (%s) is one sentence naming the file', async (text, message) => {
    const { path } = await layout(`bad-index-${text.length}`);
    await writeFile(join(path, 'index.json'), text);
    await expect(inspectImage({ oci: path })).rejects.toMatchObject({ name: 'UserError', message });
  });
});

describe('image JSON of the wrong shape', () => {
  /** A docker-save archive whose manifest.json or config is replaced by `edit`'s result. */
  async function legacyWith(
    name: string,
    edit: { manifest?: unknown; config?: (config: Record<string, unknown>) => unknown },
  ): Promise<string> {
    const { layers } = await sampleImage();
    const parsed = JSON.parse(imageConfig(layers).toString()) as Record<string, unknown>;
    const config = Buffer.from(JSON.stringify(edit.config ? edit.config(parsed) : parsed));
    const members = legacySaveMembers(layers, config).map((member) =>
      member.name === 'manifest.json' && 'manifest' in edit
        ? { ...member, data: Buffer.from(JSON.stringify(edit.manifest)) }
        : member,
    );
    const file = join(dir, `${name}.tar`);
    await writeFile(file, await tarMembers(members));
    return file;
  }

  it.each([
    ['[null]', [null], /manifest\.json is not a valid manifest\.json entry: it is not an object;/],
    [
      'Config: 5',
      [{ Config: 5, Layers: [] }],
      /manifest\.json is not a valid manifest\.json entry: "Config" is not a string;/,
    ],
    ['Layers: "x"', [{ Config: 'c.json', Layers: 'x' }], /"Layers" is not a list of strings;/],
    ['no Layers', [{ Config: 'c.json' }], /"Layers" is not present;/],
  ])(
    'a manifest.json entry of the wrong shape (%s) is one sentence naming the file',
    async (label, manifest, message) => {
      const file = await legacyWith(`manifest-${label.replace(/\W/g, '')}`, { manifest });
      await expect(inspectImage({ tarball: file })).rejects.toMatchObject({ name: 'UserError', message });
    },
  );

  it.each([
    ['a string', () => 's', /\.json is not a valid image config: it is not an object;/],
    ['a list', () => [], /it is not an object;/],
    ['null', () => null, /\.json is not a valid image config: it is not an object;/],
    [
      'Env [null]',
      (c: Record<string, unknown>) => ({ ...c, config: { Env: [null] } }),
      /"config\.Env\[0\]" is not a string;/,
    ],
    [
      'Env 5',
      (c: Record<string, unknown>) => ({ ...c, config: { Env: 5 } }),
      /"config\.Env" is not a list of strings;/,
    ],
    ['config 5', (c: Record<string, unknown>) => ({ ...c, config: 5 }), /"config" is not an object;/],
    [
      'history [null]',
      (c: Record<string, unknown>) => ({ ...c, history: [null] }),
      /"history\[0\]" is not an object;/,
    ],
    [
      'history "x"',
      (c: Record<string, unknown>) => ({ ...c, history: 'x' }),
      /"history" is not a list of objects;/,
    ],
    [
      'User 1',
      (c: Record<string, unknown>) => ({ ...c, config: { User: 1 } }),
      /"config\.User" is not a string;/,
    ],
    [
      'diff_ids {}',
      (c: Record<string, unknown>) => ({ ...c, rootfs: { diff_ids: {} } }),
      /"rootfs\.diff_ids" is not a list/,
    ],
  ])(
    'a config of the wrong shape (%s) is one sentence naming the file and field',
    async (label, config, message) => {
      const file = await legacyWith(`config-${label.replace(/\W/g, '')}`, { config });
      await expect(inspectImage({ tarball: file })).rejects.toMatchObject({ name: 'UserError', message });
    },
  );

  it('reads null optional fields as absent (Docker writes "Cmd": null)', async () => {
    const file = await legacyWith('nulls', {
      config: (c) => ({
        ...c,
        config: { Env: null, Cmd: null, User: null, Healthcheck: null },
        history: null,
      }),
    });
    const report = await inspectImage({ tarball: file });
    expect(report.security.runsAsRoot).toBe(true);
  });

  it('an OCI manifest of the wrong shape names the manifest blob', async () => {
    const { path } = await layout('bad-manifest');
    const index = JSON.parse(await readFile(join(path, 'index.json'), 'utf8')) as {
      manifests: Array<{ digest: string; size: number; mediaType: string }>;
    };
    const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, config: 5, layers: [] }));
    await writeFile(join(path, 'blobs', 'sha256', sha256(manifest).slice(7)), manifest);
    index.manifests = [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: sha256(manifest),
        size: manifest.length,
      },
    ];
    await writeFile(join(path, 'index.json'), JSON.stringify(index));
    await expect(inspectImage({ oci: path })).rejects.toMatchObject({
      name: 'UserError',
      message:
        /manifest blobs\/sha256\/[0-9a-f]{64} is not a valid image manifest: "config" is not an object;/,
    });
  });
});

describe('OCI layout selection', () => {
  it('picks linux/amd64 from a nested index, skips attestations, and honours --platform', async () => {
    const amd = [layer(await tarOf([{ path: 'amd', size: 11 }]), 'gzip')];
    const arm = [layer(await tarOf([{ path: 'arm', size: 22 }]), 'zstd')];
    const path = join(dir, 'multi');
    await writeOciLayout(path, [
      {
        platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
        layers: arm,
        config: imageConfig(arm),
      },
      { platform: { os: 'linux', architecture: 'amd64' }, layers: amd, config: imageConfig(amd) },
    ]);
    expect((await inspectImage({ oci: path })).waste.finalBytes).toBe(11);
    expect((await inspectImage({ oci: path }, { platform: 'linux/arm64' })).waste.finalBytes).toBe(22);
    await expect(inspectImage({ oci: path }, { platform: 'linux/s390x' })).rejects.toThrow(
      /linux\/arm64\/v8, linux\/amd64/,
    );
  });
});
