import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'vitest';
import {
  type FileSpec,
  imageConfig,
  type LayerBlob,
  layer,
  legacySaveMembers,
  type Member,
  sha256,
  tarMembers,
  tarOf,
  writeOciLayout,
} from '../image/test-support/fixtures.js';
import type { CaseRoot, CaseRun, HostileCase } from './harness.js';

// Images built to hang, explode or crash inspect and check: docker-save tarballs and OCI
// layouts with damaged archives, JSON of the wrong shape, bombs, fan-out and hostile names.

const AMD64 = { os: 'linux', architecture: 'amd64' };
const GiB = 1024 ** 3;

/** A docker-save tarball in the case's work folder; inspect runs on it. */
async function tarball(
  root: CaseRoot,
  members: Member[] | Buffer,
  run: Partial<CaseRun> = {},
  command: 'inspect' | 'check' = 'inspect',
): Promise<CaseRun> {
  const bytes = Buffer.isBuffer(members) ? members : await tarMembers(members);
  writeFileSync(path.join(root.work, 'image.tar'), bytes);
  const budget = command === 'check' ? ['--max-size', '1GB'] : [];
  return { args: [command, '--tarball', 'image.tar', ...budget], exit: 2, ...run };
}

/** The members of a plain image whose manifest or config `edit` replaces. */
async function imageWith(edit: { manifest?: unknown; config?: unknown; files?: FileSpec[] } = {}) {
  const layers = [layer(await tarOf(edit.files ?? [{ path: 'app/main.py', content: 'print(1)\n' }]), 'gzip')];
  const config = 'config' in edit ? Buffer.from(JSON.stringify(edit.config)) : imageConfig(layers);
  return legacySaveMembers(layers, config).map((m) =>
    m.name === 'manifest.json' && 'manifest' in edit
      ? { ...m, data: Buffer.from(JSON.stringify(edit.manifest)) }
      : m,
  );
}

async function ociLayout(root: CaseRoot, layers: LayerBlob[], config?: Buffer): Promise<string> {
  const dir = path.join(root.work, 'layout');
  await writeOciLayout(dir, [{ platform: AMD64, layers, config: config ?? imageConfig(layers) }]);
  return dir;
}

const blobPath = (dir: string, digest: string) => path.join(dir, 'blobs', 'sha256', digest.slice(7));

/** A tar header claiming one file of `size` bytes (base-256 size field past 8 GiB). */
function headerClaiming(name: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write('0000644\0', 100, 8, 'ascii');
  header.write('0000000\0', 108, 8, 'ascii');
  header.write('0000000\0', 116, 8, 'ascii');
  header[124] = 0x80;
  header.writeBigUInt64BE(BigInt(size), 128);
  header.write('00000000000\0', 136, 12, 'ascii');
  header.write('0', 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += header[i]!;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

/** A zstd frame: the raw header block, then RLE blocks of zeros adding up to `size` bytes. */
function zstdBomb(header: Buffer, size: number): Buffer {
  const block = 128 * 1024;
  const count = Math.ceil(size / block);
  const rle = Buffer.alloc(count * 4);
  for (let i = 0; i < count; i++) rle.writeUIntLE((block << 3) | 2 | (i === count - 1 ? 1 : 0), i * 4, 3);
  const raw = Buffer.concat([
    Buffer.from([(header.length << 3) & 0xff, (header.length << 3) >> 8, 0]),
    header,
  ]);
  return Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3]), raw, rle]);
}

const ESC = '\u001b';
/** inspect's text output carries no raw control character but newline. */
const noRawControls = (result: { stdout: string }) =>
  expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);

export const imageCases: HostileCase[] = [
  {
    name: 'a file that is not an archive',
    make: (root) => tarball(root, Buffer.from('hello '.repeat(1000))),
  },
  {
    name: 'an empty file',
    make: (root) => tarball(root, Buffer.alloc(0)),
  },
  {
    name: 'a tarball cut in half',
    make: async (root) => {
      const whole = await tarMembers(await imageWith());
      return tarball(root, whole.subarray(0, whole.length >> 1), { stderr: /truncated/ });
    },
  },
  {
    name: 'a FIFO as the tarball: refused at once',
    make: (root) => {
      execFileSync('mkfifo', [path.join(root.work, 'image.tar')]);
      return { args: ['inspect', '--tarball', 'image.tar'], exit: 2, ms: 8_000 };
    },
  },
  {
    name: 'a link to /dev/zero as the tarball, and a folder',
    make: (root) => {
      symlinkSync('/dev/zero', path.join(root.work, 'image.tar'));
      return { args: ['inspect', '--tarball', 'image.tar'], exit: 2, ms: 8_000 };
    },
  },
  {
    name: 'a folder as the tarball',
    make: (root) => {
      mkdirSync(path.join(root.work, 'image.tar'));
      return { args: ['check', '--tarball', 'image.tar', '--max-size', '1GB'], exit: 2 };
    },
  },
  ...(
    [
      ['manifest.json [null]', { manifest: [null] }, /manifest\.json/],
      ['manifest.json Config: 5', { manifest: [{ Config: 5, Layers: [] }] }, /"Config" is not a string/],
      ['manifest.json {}', { manifest: {} }, /manifest\.json/],
      ['config "s"', { config: 's' }, /not a valid image config/],
      ['config []', { config: [] }, /not a valid image config/],
      ['config null', { config: null }, /not a valid image config/],
      [
        'config Env [null]',
        { config: { config: { Env: [null] }, rootfs: { diff_ids: [] } } },
        /config\.Env\[0\]/,
      ],
      ['config history [null]', { config: { history: [null], rootfs: { diff_ids: [] } } }, /history\[0\]/],
    ] as const
  ).flatMap(([label, edit, message]): HostileCase[] => [
    {
      name: `inspect: ${label}`,
      make: async (root) => tarball(root, await imageWith(edit), { stderr: message }),
    },
    {
      name: `check: ${label}`,
      make: async (root) => tarball(root, await imageWith(edit), { stderr: message }, 'check'),
    },
  ]),
  ...(
    [
      ['null', /index\.json/],
      ['{"manifests": 5}', /index\.json/],
      [
        '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]',
        /index\.json/,
      ],
    ] as const
  ).map(
    ([text, message]): HostileCase => ({
      name: `OCI index.json ${text.slice(0, 20)}`,
      make: async (root) => {
        const dir = await ociLayout(root, [layer(await tarOf([{ path: 'a', content: 'a' }]))]);
        writeFileSync(path.join(dir, 'index.json'), text);
        return { args: ['inspect', '--oci', 'layout'], exit: 2, stderr: message };
      },
    }),
  ),
  {
    name: 'OCI index.json: JSON nested 200,000 deep',
    make: async (root) => {
      const dir = await ociLayout(root, [layer(await tarOf([{ path: 'a', content: 'a' }]))]);
      writeFileSync(path.join(dir, 'index.json'), `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
      return { args: ['inspect', '--oci', 'layout'], exit: 2, stderr: /index\.json/ };
    },
  },
  {
    name: 'OCI index fan-out: 60 wide, 5 deep (exponential before)',
    make: async (root) => {
      const dir = await ociLayout(root, [layer(await tarOf([{ path: 'a', content: 'a' }]))]);
      const indexType = 'application/vnd.oci.image.index.v1+json';
      let level = (JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as { manifests: unknown[] })
        .manifests;
      for (let depth = 0; depth < 3; depth++) {
        const next = [];
        for (let i = 0; i < 60; i++) {
          const data = Buffer.from(
            JSON.stringify({
              schemaVersion: 2,
              mediaType: indexType,
              annotations: { id: `${depth}-${i}` },
              manifests: level,
            }),
          );
          writeFileSync(blobPath(dir, sha256(data)), data);
          next.push({ mediaType: indexType, digest: sha256(data), size: data.length });
        }
        level = next;
      }
      writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: level }));
      return { args: ['inspect', '--oci', 'layout'], exit: 0 };
    },
  },
  {
    name: 'a zstd layer that expands to 10 GiB: stopped while decoding',
    make: async (root) => {
      const data = zstdBomb(headerClaiming('zeros', 10 * GiB), 10 * GiB);
      const bomb: LayerBlob = { tar: Buffer.alloc(0), data, compression: 'zstd' };
      return tarball(root, legacySaveMembers([bomb], imageConfig([bomb])), {
        stderr: /decompression bomb/,
        ms: 30_000,
      });
    },
  },
  {
    name: 'a gzip layer of 64 repeated members expanding to 4 GiB: stopped',
    make: async (root) => {
      const member = gzipSync(Buffer.alloc(64 << 20), { level: 1 });
      const first = gzipSync(Buffer.concat([headerClaiming('zeros', 4 * GiB), Buffer.alloc(64 << 20)]), {
        level: 1,
      });
      const data = Buffer.concat([first, ...Array.from({ length: 63 }, () => member)]);
      const bomb: LayerBlob = { tar: Buffer.alloc(0), data, compression: 'gzip' };
      return tarball(root, legacySaveMembers([bomb], imageConfig([bomb])), {
        stderr: /decompression bomb/,
        ms: 30_000,
      });
    },
  },
  {
    name: 'a layer entry claiming 8 GiB in a small layer',
    make: async (root) => {
      const tar = Buffer.concat([headerClaiming('huge.bin', 8 * GiB), Buffer.alloc(4096)]);
      const layers = [layer(tar, 'gzip')];
      return tarball(root, legacySaveMembers(layers, imageConfig(layers)), { stderr: /truncated/ });
    },
  },
  {
    name: 'a layer blob whose bytes do not match its digest, and a missing blob',
    make: async (root) => {
      const layers = [
        layer(await tarOf([{ path: 'a', size: 2000 }])),
        layer(await tarOf([{ path: 'b', content: 'b' }])),
      ];
      const dir = await ociLayout(root, layers);
      const blob = blobPath(dir, sha256(layers[0]!.data));
      const bytes = readFileSync(blob);
      bytes[1030] = bytes[1030]! ^ 0xff;
      writeFileSync(blob, bytes);
      rmSync(blobPath(dir, sha256(layers[1]!.data)));
      return { args: ['inspect', '--oci', 'layout'], exit: 2 };
    },
  },
  {
    name: 'a layer blob that is a FIFO: refused at once',
    make: async (root) => {
      const layers = [layer(await tarOf([{ path: 'a', content: 'a' }]))];
      const dir = await ociLayout(root, layers);
      const blob = blobPath(dir, sha256(layers[0]!.data));
      rmSync(blob);
      execFileSync('mkfifo', [blob]);
      return { args: ['inspect', '--oci', 'layout'], exit: 2, ms: 8_000 };
    },
  },
  {
    name: 'an index.json that links to /dev/zero',
    make: async (root) => {
      const dir = await ociLayout(root, [layer(await tarOf([{ path: 'a', content: 'a' }]))]);
      rmSync(path.join(dir, 'index.json'));
      symlinkSync('/dev/zero', path.join(dir, 'index.json'));
      return { args: ['inspect', '--oci', 'layout'], exit: 2, ms: 8_000 };
    },
  },
  {
    name: 'escape sequences and newlines in file names and history: written as escapes',
    make: async (root) => {
      const files: FileSpec[] = [
        { path: `app/${ESC}[31mred${ESC}[0m.bin`, size: 5000 },
        { path: `app/${ESC}]0;pwned\u0007\nfake line\u202e.txt`, size: 6000 },
        { path: 'root/.cache/pip/x', size: 7000 },
      ];
      const layers = [layer(await tarOf(files), 'gzip')];
      const config = imageConfig(layers, { user: `${ESC}[2J`, history: [`RUN echo ${ESC}[2J\nUSER evil`] });
      return tarball(root, legacySaveMembers(layers, config), { exit: 0, check: noRawControls });
    },
  },
  {
    name: 'paths past PATH_MAX, 2,000 components deep, links out of the root, odd whiteouts',
    make: async (root) => {
      const layers = [
        layer(
          await tarOf([
            { path: `${'d/'.repeat(2_000)}f`, size: 10 },
            { path: `${'x'.repeat(5_000)}/f`, size: 10 },
            { path: 'app/up', type: 'symlink', linkname: '../../../../etc/passwd' },
            { path: 'app/hard', type: 'link', linkname: 'does/not/exist' },
            { path: 'app/abs', type: 'symlink', linkname: '/proc/self/environ' },
          ]),
        ),
        layer(
          await tarOf([
            { path: '.wh..wh..opq', size: 0 },
            { path: '.wh.', size: 0 },
            { path: 'app/.wh.hard', size: 0 },
            { path: 'app/.wh..wh..opq', size: 0 },
            ...Array.from({ length: 2_000 }, (_, i): FileSpec => ({ path: 'app/same', size: i })),
          ]),
        ),
      ];
      return tarball(root, legacySaveMembers(layers, imageConfig(layers)), { exit: 0, check: noRawControls });
    },
  },
  {
    name: '300 layers',
    make: async (root) => {
      const layers: LayerBlob[] = [];
      for (let i = 0; i < 300; i++) layers.push(layer(await tarOf([{ path: `l/${i}`, size: 600 }])));
      await ociLayout(root, layers);
      return { args: ['inspect', '--oci', 'layout'], exit: 0, ms: 30_000 };
    },
  },
  {
    name: 'a layer of 20,000 files',
    make: async (root) => {
      const files = Array.from(
        { length: 20_000 },
        (_, i): FileSpec => ({ path: `site/p${i % 100}/m${i}.py`, size: 1 }),
      );
      const layers = [layer(await tarOf(files), 'gzip')];
      return tarball(root, legacySaveMembers(layers, imageConfig(layers)), { exit: 0, ms: 30_000 });
    },
  },
];
