import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';
import { type BlobSource, readSmall } from './blob-source.js';
import { checkDockerManifestEntry, checkImageConfig, checkOciManifest } from './json-shape.js';

const MAX_JSON = 8 << 20;
const MAX_INDEX_DEPTH = 4;

export interface ImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  config?: {
    User?: string;
    Env?: string[];
    Healthcheck?: { Test?: string[] };
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
  };
  rootfs?: { diff_ids?: string[] };
  history?: Array<{ created_by?: string; empty_layer?: boolean; comment?: string }>;
}

export interface LayerRef {
  name: string;
  mediaType?: string;
  /** Digest of the blob as stored (compressed when it is compressed). */
  digest?: string;
  size?: number;
}

export interface ResolvedImage {
  config: ImageConfig;
  configDigest: string;
  layers: LayerRef[];
  platform: string;
  warnings: string[];
}

interface Descriptor {
  mediaType?: string;
  digest?: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

const DIGEST = /^sha256:([a-f0-9]{64})$/;

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function parseJson<T>(data: Buffer, what: string): T {
  try {
    return JSON.parse(data.toString('utf8')) as T;
  } catch {
    throw new UserError(`${what} is not valid JSON; the image export is damaged.`);
  }
}

export function blobName(digest: string | undefined, label: string): string {
  const match = DIGEST.exec(digest ?? '');
  if (!match) throw new UserError(`${label} refers to an unsupported or malformed digest "${digest}".`);
  return `blobs/sha256/${match[1]}`;
}

/** "blobs/sha256/<hex>" or "<hex>.json" names carry their digest; legacy "<id>/layer.tar" does not. */
function digestFromName(name: string): string | undefined {
  const match = /(?:^|\/)(?:blobs\/sha256\/)?([a-f0-9]{64})(?:\.json)?$/.exec(name);
  return match ? `sha256:${match[1]}` : undefined;
}

async function readVerified(source: BlobSource, name: string, digest: string | undefined, size?: number) {
  if (!source.has(name)) throw new UserError(`${source.label} is missing blob "${name}".`);
  const data = await readSmall(source, name, MAX_JSON);
  if (size !== undefined && data.length !== size) {
    throw new UserError(
      `${source.label}: "${name}" is ${data.length} bytes but its descriptor says ${size}.`,
    );
  }
  if (digest && sha256(data) !== digest) {
    throw new UserError(
      `${source.label}: "${name}" does not match its digest ${digest}; the export is corrupt.`,
    );
  }
  return data;
}

function platformOf(config: ImageConfig): string {
  return [config.os ?? 'unknown', config.architecture ?? 'unknown', config.variant].filter(Boolean).join('/');
}

async function fromDockerManifest(
  source: BlobSource,
  warnings: string[],
): Promise<ResolvedImage | undefined> {
  const entries = parseJson<Array<{ Config?: string; Layers?: string[]; RepoTags?: string[] }>>(
    await readSmall(source, 'manifest.json', MAX_JSON),
    `${source.label}: manifest.json`,
  );
  if (!Array.isArray(entries) || entries.length === 0) return undefined;
  if (entries.length > 1)
    warnings.push(`The archive holds ${entries.length} images; inspecting the first one.`);
  const entry = checkDockerManifestEntry<{ Config: string; Layers: string[] }>(
    entries[0],
    `${source.label}: manifest.json`,
  );
  const configDigest = digestFromName(entry.Config);
  const configData = await readVerified(source, entry.Config, configDigest);
  const configWhere = `${source.label}: ${entry.Config}`;
  const config = checkImageConfig<ImageConfig>(parseJson(configData, configWhere), configWhere);
  const layers = entry.Layers.map((name) => {
    if (!source.has(name))
      throw new UserError(`${source.label} is missing layer "${name}" listed in manifest.json.`);
    const layer: LayerRef = { name };
    const digest = digestFromName(name);
    if (digest) layer.digest = digest;
    return layer;
  });
  return {
    config,
    configDigest: configDigest ?? sha256(configData),
    layers,
    platform: platformOf(config),
    warnings,
  };
}

const isIndexType = (type: string | undefined) => !!type && /image\.index|manifest\.list/.test(type);
const isAttestation = (d: Descriptor) =>
  d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
  (d.platform?.os === 'unknown' && d.platform?.architecture === 'unknown');

/**
 * Walks nested indexes depth-first. Each index digest is read once and each manifest listed
 * once: a crafted layout whose indexes all point at each other (60 wide, 5 deep) would
 * otherwise be walked 60⁵ times.
 */
async function collectManifests(
  source: BlobSource,
  descriptors: unknown,
  where: string,
  depth: number,
  found: Descriptor[],
  visited = new Set<string>(),
) {
  if (depth > MAX_INDEX_DEPTH) throw new UserError(`${source.label}: image indexes nest too deeply.`);
  if (descriptors === undefined) return;
  if (!Array.isArray(descriptors)) throw new UserError(`${where}: "manifests" is not a list.`);
  for (const descriptor of descriptors as unknown[]) {
    if (!isDescriptor(descriptor)) {
      throw new UserError(`${where}: an entry of "manifests" is not a descriptor with a digest.`);
    }
    if (isAttestation(descriptor) || visited.has(descriptor.digest)) continue;
    visited.add(descriptor.digest);
    if (isIndexType(descriptor.mediaType)) {
      const name = blobName(descriptor.digest, source.label);
      const nested = parseJson<{ manifests?: unknown }>(
        await readVerified(source, name, descriptor.digest, descriptor.size),
        `${source.label}: ${name}`,
      );
      if (!nested || typeof nested !== 'object' || Array.isArray(nested))
        throw new UserError(`${source.label}: ${name} is not an image index.`);
      await collectManifests(source, nested.manifests, `${source.label}: ${name}`, depth + 1, found, visited);
    } else {
      found.push(descriptor);
    }
  }
}

function isDescriptor(value: unknown): value is Descriptor & { digest: string } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { digest?: unknown }).digest === 'string'
  );
}

function describePlatform(d: Descriptor): string {
  const p = d.platform;
  return p ? [p.os, p.architecture, p.variant].filter(Boolean).join('/') : 'unspecified';
}

function choose(candidates: Descriptor[], wanted: string, label: string): Descriptor {
  if (candidates.length === 0) throw new UserError(`${label} lists no image manifests.`);
  const [os, architecture, variant] = wanted.split('/');
  const matching = candidates.filter((d) => {
    const p = d.platform;
    if (!p) return true;
    return p.os === os && p.architecture === architecture && (!variant || p.variant === variant);
  });
  if (matching[0]) return matching[0];
  if (candidates.length === 1) return candidates[0]!;
  const available = candidates.map(describePlatform).join(', ');
  throw new UserError(`${label} has no ${wanted} image (it has ${available}); pick one with --platform.`);
}

async function fromOciIndex(source: BlobSource, wanted: string, warnings: string[]): Promise<ResolvedImage> {
  const index = parseJson<{ manifests?: unknown }>(
    await readSmall(source, 'index.json', MAX_JSON),
    `${source.label}: index.json`,
  );
  if (!index || typeof index !== 'object' || Array.isArray(index))
    throw new UserError(`${source.label}: index.json is not an image index.`);
  const candidates: Descriptor[] = [];
  await collectManifests(source, index.manifests, `${source.label}: index.json`, 0, candidates);
  const chosen = choose(candidates, wanted, source.label);
  const manifestName = blobName(chosen.digest, source.label);
  const manifestWhere = `${source.label}: manifest ${manifestName}`;
  const manifest = checkOciManifest<{ config: Descriptor; layers: Descriptor[] }>(
    parseJson(await readVerified(source, manifestName, chosen.digest, chosen.size), manifestWhere),
    manifestWhere,
  );
  const configName = blobName(manifest.config.digest, source.label);
  const configWhere = `${source.label}: config ${configName}`;
  const config = checkImageConfig<ImageConfig>(
    parseJson(
      await readVerified(source, configName, manifest.config.digest, manifest.config.size),
      configWhere,
    ),
    configWhere,
  );
  const layers = manifest.layers.map((d) => {
    const name = blobName(d.digest, source.label);
    if (!source.has(name)) throw new UserError(`${source.label} is missing layer blob ${d.digest}.`);
    if (d.size !== undefined && source.size(name) !== d.size) {
      throw new UserError(
        `${source.label}: layer ${d.digest} is ${source.size(name)} bytes, its manifest says ${d.size}.`,
      );
    }
    const layer: LayerRef = { name, digest: d.digest! };
    if (d.mediaType) layer.mediaType = d.mediaType;
    if (d.size !== undefined) layer.size = d.size;
    return layer;
  });
  return { config, configDigest: manifest.config.digest!, layers, platform: platformOf(config), warnings };
}

/**
 * Finds the image in a `docker save` archive or an OCI layout. manifest.json wins when both
 * exist: Docker 25.0 wrote OCI manifests that were empty.
 */
export async function resolveImage(source: BlobSource, platform = 'linux/amd64'): Promise<ResolvedImage> {
  const warnings: string[] = [];
  if (source.has('manifest.json')) {
    const resolved = await fromDockerManifest(source, warnings);
    if (resolved) return resolved;
  }
  if (source.has('index.json')) return fromOciIndex(source, platform, warnings);
  throw new UserError(
    `${source.label} is neither a \`docker save\` archive nor an OCI image layout (no manifest.json or index.json).`,
  );
}
