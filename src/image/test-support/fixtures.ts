import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

/** Test-only builders: images made in memory with tar-stream, with contents the tests choose. */

export interface FileSpec {
  path: string;
  content?: string | Buffer;
  /** Zero-filled content of this length when `content` is absent. */
  size?: number;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  linkname?: string;
  mode?: number;
  uid?: number;
  gid?: number;
}

export async function tarOf(files: FileSpec[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  for (const file of files) {
    const type = file.type ?? 'file';
    const body =
      type === 'file'
        ? typeof file.content === 'string'
          ? Buffer.from(file.content)
          : (file.content ?? Buffer.alloc(file.size ?? 0))
        : undefined;
    await new Promise<void>((resolve, reject) => {
      const header: Partial<tar.Header> & { name: string } = {
        name: file.path,
        type,
        mode: file.mode ?? (type === 'directory' ? 0o755 : 0o644),
        uid: file.uid ?? 0,
        gid: file.gid ?? 0,
        mtime: new Date(0),
      };
      if (file.linkname) header.linkname = file.linkname;
      if (body) header.size = body.length;
      const callback = (error?: Error | null) => (error ? reject(error) : resolve());
      if (body) pack.entry(header, body, callback);
      else pack.entry(header, callback);
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/**
 * A valid zstd frame made of raw (stored) blocks. No pure-JS zstd compressor is needed for
 * tests: every conforming decoder must read raw blocks, and the frame format is what we test.
 */
export function zstdStored(data: Buffer): Buffer {
  const blockMax = 128 * 1024;
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3])];
  let offset = 0;
  do {
    const size = Math.min(blockMax, data.length - offset);
    const last = offset + size >= data.length ? 1 : 0;
    const header = (size << 3) | last; // block type 0 = raw
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]));
    parts.push(data.subarray(offset, offset + size));
    offset += size;
  } while (offset < data.length);
  return Buffer.concat(parts);
}

export type Compression = 'none' | 'gzip' | 'zstd';

export interface LayerBlob {
  tar: Buffer;
  data: Buffer;
  compression: Compression;
}

export function layer(tarBytes: Buffer, compression: Compression = 'none'): LayerBlob {
  const data =
    compression === 'gzip' ? gzipSync(tarBytes) : compression === 'zstd' ? zstdStored(tarBytes) : tarBytes;
  return { tar: tarBytes, data, compression };
}

export const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
const hex = (digest: string) => digest.slice('sha256:'.length);

export interface ConfigOptions {
  user?: string;
  env?: string[];
  healthcheck?: string[];
  /** created_by per layer; empty_layer steps can be interleaved with `{ empty: '…' }`. */
  history?: Array<string | { empty: string }>;
}

export function imageConfig(layers: LayerBlob[], options: ConfigOptions = {}) {
  const history = (options.history ?? layers.map((_, i) => `RUN step ${i + 1}`)).map((step) =>
    typeof step === 'string' ? { created_by: step } : { created_by: step.empty, empty_layer: true },
  );
  const config: Record<string, unknown> = { User: options.user ?? '', Env: options.env ?? ['PATH=/usr/bin'] };
  if (options.healthcheck) config.Healthcheck = { Test: options.healthcheck };
  return Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config,
      rootfs: { type: 'layers', diff_ids: layers.map((l) => sha256(l.tar)) },
      history,
    }),
  );
}

const MEDIA: Record<Compression, string> = {
  none: 'application/vnd.oci.image.layer.v1.tar',
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
};

export interface Member {
  name: string;
  data: Buffer;
}

export async function tarMembers(members: Member[]): Promise<Buffer> {
  return tarOf(members.map((m) => ({ path: m.name, content: m.data })));
}

/** `docker save` before Docker 25: "<id>/layer.tar" and "<hex>.json", manifest.json last. */
export function legacySaveMembers(layers: LayerBlob[], config: Buffer): Member[] {
  const names = layers.map((l, i) => `${hex(sha256(l.data)).slice(0, 12)}${i}/layer.tar`);
  const configName = `${hex(sha256(config))}.json`;
  const manifest = [{ Config: configName, RepoTags: ['fixture:latest'], Layers: names }];
  return [
    ...layers.map((l, i) => ({ name: names[i]!, data: l.data })),
    { name: configName, data: config },
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) },
  ];
}

function ociManifest(layers: LayerBlob[], config: Buffer): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha256(config),
        size: config.length,
      },
      layers: layers.map((l) => ({
        mediaType: MEDIA[l.compression],
        digest: sha256(l.data),
        size: l.data.length,
      })),
    }),
  );
}

/** Docker 25+ `docker save`: OCI blobs plus manifest.json and index.json. */
export function ociSaveMembers(layers: LayerBlob[], config: Buffer): Member[] {
  const manifest = ociManifest(layers, config);
  const index = {
    schemaVersion: 2,
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: sha256(manifest),
        size: manifest.length,
      },
    ],
  };
  const dockerManifest = [
    {
      Config: `blobs/sha256/${hex(sha256(config))}`,
      RepoTags: ['fixture:latest'],
      Layers: layers.map((l) => `blobs/sha256/${hex(sha256(l.data))}`),
    },
  ];
  return [
    ...layers.map((l) => ({ name: `blobs/sha256/${hex(sha256(l.data))}`, data: l.data })),
    { name: `blobs/sha256/${hex(sha256(config))}`, data: config },
    { name: `blobs/sha256/${hex(sha256(manifest))}`, data: manifest },
    { name: 'index.json', data: Buffer.from(JSON.stringify(index)) },
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(dockerManifest)) },
    { name: 'oci-layout', data: Buffer.from('{"imageLayoutVersion":"1.0.0"}') },
  ];
}

export interface PlatformImage {
  platform: { os: string; architecture: string; variant?: string };
  layers: LayerBlob[];
  config: Buffer;
}

/**
 * An OCI layout whose index.json points to a nested index holding one manifest per
 * platform plus a BuildKit-style attestation manifest that must be skipped.
 */
export async function writeOciLayout(dir: string, images: PlatformImage[]): Promise<void> {
  const blobs = join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const put = (data: Buffer) => writeFile(join(blobs, hex(sha256(data))), data);
  const descriptors: unknown[] = [];
  for (const image of images) {
    for (const l of image.layers) await put(l.data);
    await put(image.config);
    const manifest = ociManifest(image.layers, image.config);
    await put(manifest);
    descriptors.push({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: sha256(manifest),
      size: manifest.length,
      platform: image.platform,
    });
  }
  const attestation = Buffer.from(JSON.stringify({ schemaVersion: 2, layers: [] }));
  await put(attestation);
  descriptors.push({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: sha256(attestation),
    size: attestation.length,
    platform: { os: 'unknown', architecture: 'unknown' },
    annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
  });
  const nested = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: descriptors,
    }),
  );
  await put(nested);
  const index = {
    schemaVersion: 2,
    manifests: [
      { mediaType: 'application/vnd.oci.image.index.v1+json', digest: sha256(nested), size: nested.length },
    ],
  };
  await writeFile(join(dir, 'index.json'), JSON.stringify(index));
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
}
