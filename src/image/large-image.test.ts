import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectImage } from './inspect-image.js';
import { LayerStack } from './layer-stack.js';
import { imageConfig, layer, tarOf, writeOciLayout } from './test-support/fixtures.js';

/** One 512-byte ustar header (tar-stream takes minutes to write a 900 KB name). */
function ustarHeader(name: string, size: number, type: string): Buffer {
  const block = Buffer.alloc(512);
  block.write(name.slice(0, 99), 0, 'utf8');
  block.write('0000644\0', 100);
  block.write('0000000\0', 108);
  block.write('0000000\0', 116);
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  block.write('00000000000\0', 136);
  block.write(type, 156);
  block.write('ustar\u000000', 257);
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return block;
}

function padded(data: Buffer): Buffer {
  return Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

/** A tar whose one file has a GNU long name (type L), followed by `rest`. */
function longNameTar(name: string, rest: Buffer): Buffer {
  const nameBytes = Buffer.from(`${name}\0`);
  const body = Buffer.from('x');
  return Buffer.concat([
    ustarHeader('././@LongLink', nameBytes.length, 'L'),
    padded(nameBytes),
    ustarHeader('placeholder', body.length, '0'),
    padded(body),
    rest,
  ]);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-large-image-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('large and deep images', () => {
  it('reads 1,000 layers without a thread start per layer', { timeout: 120_000 }, async () => {
    const layers = [];
    for (let i = 0; i < 1000; i++)
      layers.push(layer(await tarOf([{ path: `app/step${i}.txt`, content: `${i}` }])));
    const path = join(dir, 'thousand');
    await writeOciLayout(path, [
      { platform: { os: 'linux', architecture: 'amd64' }, layers, config: imageConfig(layers) },
    ]);
    const started = performance.now();
    const report = await inspectImage({ oci: path });
    // One Worker start per layer took 56-91 s here; a shared hashing thread takes about 2 s.
    expect((performance.now() - started) / 1000).toBeLessThan(20);
    expect(report.layers).toHaveLength(1000);
    expect(report.layers[999]).toMatchObject({ filesAdded: 1, createdBy: 'RUN step 1000' });
  });

  it('skips an entry whose path is longer than PATH_MAX, with a warning', async () => {
    const deep = `${'a/'.repeat(450_000)}file`;
    const rest = await tarOf([
      { path: 'app/ok.txt', content: 'ok' },
      { path: 'app/link', type: 'symlink', linkname: 'b'.repeat(5000) },
    ]);
    const layers = [layer(longNameTar(deep, rest))];
    const path = join(dir, 'deep');
    await writeOciLayout(path, [
      { platform: { os: 'linux', architecture: 'amd64' }, layers, config: imageConfig(layers) },
    ]);
    const report = await inspectImage({ oci: path });
    expect(report.layers[0]).toMatchObject({ filesAdded: 1 });
    const warning = report.warnings.find((w) => w.includes('longer than 4096'));
    expect(warning).toMatch(
      /ignored 2 entries that have a path or link longer than 4096 characters \(a\/a\/a/,
    );
    // The warning names the entries shortened, not 900 KB of path.
    expect(warning!.length).toBeLessThan(400);
  });

  it('keeps a path seen once as a number in the dive tally, and counts repeats as before', () => {
    const stack = new LayerStack();
    const file = (path: string, size: number) => ({
      path,
      kind: 'file' as const,
      size,
      mode: 0o644,
      uid: 0,
      gid: 0,
    });
    stack.applyEntries([file('a', 10), file('b', 5)]);
    stack.applyEntries([file('a', 4)]);
    const { dive } = stack.result();
    // a: 10 + 4 (seen twice, wasted), b: 5; minimum 4 + 5 of cumulative 19.
    expect(dive.wastedBytes).toBe(14);
    expect(dive.efficiency).toBeCloseTo(9 / 19);
  });
});
