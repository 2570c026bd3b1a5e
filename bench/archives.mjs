// Generated `docker save` archives for the inspect benchmarks: the ~1 GB mixed image and one of
// 3 million small files (dive's weak spot: a tree node per path per layer). Not a test.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

const noise = randomBytes(1 << 20);

function content(size, seed) {
  if (size <= noise.length - seed) return noise.subarray(seed, seed + size);
  const parts = [];
  for (let left = size; left > 0; left -= noise.length)
    parts.push(noise.subarray(0, Math.min(left, noise.length)));
  return Buffer.concat(parts);
}

/** Streams one layer tar to disk and returns its sha256 (the diff_id). */
async function writeLayer(file, entries) {
  const pack = tar.pack();
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  const done = pipeline(
    pack,
    async function* (source) {
      for await (const chunk of source) {
        hash.update(chunk);
        yield chunk;
      }
    },
    out,
  );
  for (const entry of entries) {
    await new Promise((ok, fail) => {
      const header = { name: entry.name, mode: 0o644, mtime: new Date(0) };
      if (entry.size === undefined)
        return pack.entry({ ...header, type: 'directory' }, (e) => (e ? fail(e) : ok()));
      const body = content(entry.size, entry.seed ?? 0);
      const stream = pack.entry({ ...header, size: body.length }, (e) => (e ? fail(e) : ok()));
      stream.end(body);
    });
  }
  pack.finalize();
  await done;
  return `sha256:${hash.digest('hex')}`;
}

function smallFiles(prefix, count, seedBase) {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}/d${Math.floor(i / 500)}/f${i}.py`,
    size: 1024 + ((i * 7919) % 7168),
    seed: (seedBase + i * 131) % 4096,
  }));
}

/** config + manifest.json for `layerNames`, as `docker save` writes them (manifest last). */
function imageDocuments(diffIds, layerNames, tag) {
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { User: 'app' },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: diffIds.map((_, i) => ({ created_by: `RUN generate layer ${i + 1}` })),
    }),
  );
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  const manifest = Buffer.from(JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: layerNames }]));
  return [
    [configName, config],
    ['manifest.json', manifest],
  ];
}

/** The ~1 GB image: 60 k small files, four 100 MB files, then overwrites and deletions. */
export async function generateOneGigabyte(dir) {
  const layers = [
    // base: ~60 k small files (~270 MB)
    smallFiles('usr/lib/python3/site-packages', 60_000, 1),
    // four large files (400 MB)
    Array.from({ length: 4 }, (_, i) => ({ name: `opt/models/m${i}.bin`, size: 100 << 20, seed: i })),
    // overwrite two large files and 10 k small ones (~245 MB), delete a folder of small ones
    [
      { name: 'opt/models/m0.bin', size: 100 << 20, seed: 9 },
      { name: 'opt/models/m1.bin', size: 100 << 20, seed: 10 },
      { name: 'usr/lib/python3/site-packages/d100/.wh..wh..opq', size: 0 },
      ...smallFiles('usr/lib/python3/site-packages', 10_000, 7),
      { name: 'usr/lib/python3/site-packages/.wh.d119', size: 0 },
    ],
  ];
  const diffIds = [];
  const names = [];
  for (const [i, entries] of layers.entries()) {
    diffIds.push(await writeLayer(join(dir, `layer${i}.tar`), entries));
    names.push(`layer${i}/layer.tar`);
  }
  const archive = join(dir, 'image-1gb.tar');
  const pack = tar.pack();
  const done = pipeline(pack, createWriteStream(archive));
  for (const [i, name] of names.entries()) {
    const file = join(dir, `layer${i}.tar`);
    await new Promise((ok, fail) => {
      const entry = pack.entry({ name, size: statSync(file).size }, (e) => (e ? fail(e) : ok()));
      createReadStream(file).pipe(entry);
    });
    await rm(file);
  }
  for (const [name, data] of imageDocuments(diffIds, names, 'bench:1gb')) {
    await new Promise((ok, fail) => pack.entry({ name }, data, (e) => (e ? fail(e) : ok())));
  }
  pack.finalize();
  await done;
  return archive;
}

// A raw ustar writer: tar-stream needs minutes for 3 million entries.
const BLOCK = 512;

function octal(block, offset, length, value) {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, 'latin1');
}

/** Writes one ustar header for `name` into `block` (512 bytes, reused). */
function header(block, name, size, type) {
  block.fill(0);
  block.write(name, 0, 'latin1');
  octal(block, 100, 8, type === '5' ? 0o755 : 0o644);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, 0);
  block[156] = type.charCodeAt(0);
  block.write('ustar\x0000', 257, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += block[i];
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
}

const padded = (size) => Math.ceil(size / BLOCK) * BLOCK;

/**
 * Layer entries of the small-files image, as a generator so 3 million of them never sit in
 * memory: folders of 1,000 files of 1–100 bytes.
 */
function* smallFileLayer(layer, files) {
  if (layer === 0) {
    for (let i = 0; i < files; i++) {
      if (i % 1000 === 0) yield { name: `srv/data/d${i / 1000}/`, size: 0, type: '5' };
      yield { name: `srv/data/d${Math.floor(i / 1000)}/f${i}.txt`, size: 1 + (i % 100), type: '0' };
    }
    return;
  }
  // The upper layer rewrites every other file of the first folders (changed, wasted), adds
  // new folders, hides one folder with a whiteout and empties another with an opaque marker.
  yield { name: 'srv/data/.wh.d7', size: 0, type: '0' };
  yield { name: 'srv/data/d8/.wh..wh..opq', size: 0, type: '0' };
  for (let i = 0; i < files; i++) {
    if (i % 2 === 0)
      yield { name: `srv/data/d${Math.floor(i / 1000)}/f${i}.txt`, size: 2 + (i % 100), type: '0' };
    else yield { name: `srv/new/n${Math.floor(i / 1000)}/g${i}.txt`, size: 1 + (i % 100), type: '0' };
  }
}

function layerSize(entries) {
  let size = 2 * BLOCK;
  for (const entry of entries) size += BLOCK + padded(entry.size);
  return size;
}

/**
 * `count` small files in two layers (5/6 in the first, 1/6 in the second), streamed straight
 * into the outer archive; each layer's diff_id is hashed as it is written.
 */
export async function generateSmallFiles(dir, count = 3_000_000) {
  const split = [Math.round((count * 5) / 6), count - Math.round((count * 5) / 6)];
  const archive = join(dir, `image-${count}-files.tar`);
  const out = createWriteStream(archive, { highWaterMark: 4 << 20 });
  const block = Buffer.alloc(BLOCK);
  const body = Buffer.alloc(BLOCK);
  let pending = [];
  let pendingBytes = 0;
  const write = async (data) => {
    pending.push(Buffer.from(data));
    pendingBytes += data.length;
    if (pendingBytes >= 4 << 20) await flush();
  };
  const flush = async () => {
    if (pending.length === 0) return;
    const chunk = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    if (!out.write(chunk)) await new Promise((ok) => out.once('drain', ok));
  };
  const diffIds = [];
  const names = [];
  for (const [layer, files] of split.entries()) {
    const name = `layer${layer}/layer.tar`;
    const size = layerSize(smallFileLayer(layer, files));
    header(block, name, size, '0');
    await write(block);
    const hash = createHash('sha256');
    for (const entry of smallFileLayer(layer, files)) {
      header(block, entry.name, entry.size, entry.type);
      hash.update(block);
      await write(block);
      if (entry.size > 0) {
        body.fill(0x61 + (entry.size % 26));
        body.fill(0, entry.size);
        hash.update(body);
        await write(body);
      }
    }
    const end = Buffer.alloc(2 * BLOCK);
    hash.update(end);
    await write(end);
    diffIds.push(`sha256:${hash.digest('hex')}`);
    names.push(name);
  }
  for (const [name, data] of imageDocuments(diffIds, names, 'bench:small-files')) {
    header(block, name, data.length, '0');
    await write(block);
    await write(Buffer.concat([data, Buffer.alloc(padded(data.length) - data.length)]));
  }
  await write(Buffer.alloc(2 * BLOCK));
  await flush();
  await new Promise((ok, fail) => out.end((e) => (e ? fail(e) : ok())));
  return archive;
}
