import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isUserError, UserError } from '../errors.js';
import type { BlobSource } from './blob-source.js';
import { createDecoder, detectCompression } from './decompress.js';
import { type FileRange, hashRange } from './hash-worker.js';
import { entryKindCode, type LayerEntries, WHITEOUT } from './layer-entries.js';
import { layerPathParts } from './paths.js';
import type { LayerRef } from './resolve-image.js';
import type { TarHeader } from './tar-header.js';
import { TarScanner } from './tar-scanner.js';
import type { LayerScan } from './types.js';

export interface ScanLimits {
  /** A compressed layer may not expand more than this many times … */
  maxExpansionRatio: number;
  /** … once it has produced this many bytes (small layers of zeros are fine). */
  ratioCheckAfter: number;
  /** No layer may expand beyond this, whatever its ratio. */
  maxLayerBytes: number;
  /** Largest file content kept for analyzers (dpkg status, RECORD…). */
  captureCap: number;
}

export const defaultLimits: ScanLimits = {
  maxExpansionRatio: 200,
  ratioCheckAfter: 512 << 20,
  maxLayerBytes: 64 * 1024 ** 3,
  captureCap: 16 << 20,
};

const FILE = entryKindCode('file');
const HARDLINK = entryKindCode('hardlink');
const OTHER = entryKindCode('other');
const OPAQUE_CODE = entryKindCode('opaque');
const KIND_BY_TYPE: Record<string, number> = {
  '0': FILE,
  '7': FILE,
  '1': HARDLINK,
  '2': entryKindCode('symlink'),
  '5': entryKindCode('dir'),
};
const OPAQUE = '.wh..wh..opq';
/**
 * Linux's PATH_MAX: no file of a running container has a longer path or symlink target, so a
 * longer name is skipped (a 450,000-component name once cost 220 MB of tree nodes).
 */
const MAX_PATH_LENGTH = 4096;
/** Skipped entries named in a warning; the rest are only counted. */
const SAMPLES = 3;

/** A count of skipped entries and the first few names, shortened for a one-line warning. */
class Skipped {
  count = 0;
  readonly samples: string[] = [];

  add(name: string): void {
    this.count++;
    if (this.samples.length < SAMPLES) this.samples.push(name.length > 80 ? `${name.slice(0, 77)}...` : name);
  }

  /** `ignored 2 entries that <why> (a, b).` */
  warning(where: string, why: string): string {
    const entries = `${this.count} entr${this.count === 1 ? 'y' : 'ies'}`;
    return `${where}: ignored ${entries} that ${why} (${this.samples.join(', ')}).`;
  }
}

/** Kind code for a member whose components are `parts`; a whiteout's parts become what it hides. */
function classify(parts: string[], header: TarHeader): number | undefined {
  const name = parts[parts.length - 1]!;
  if (name === OPAQUE) {
    parts.pop();
    return OPAQUE_CODE;
  }
  // Other ".wh..wh." names are aufs bookkeeping (hard-link tables), not files of the image.
  if (name.startsWith('.wh..wh.')) return undefined;
  if (name.startsWith('.wh.')) {
    const hidden = name.slice(4);
    // ".wh." alone at the top names the root, as the path "" does.
    if (hidden === '' && parts.length === 1) parts.pop();
    else parts[parts.length - 1] = hidden;
    return WHITEOUT;
  }
  return KIND_BY_TYPE[header.type] ?? OTHER;
}

/** Turns tar members into the layer's entry columns as they stream by; no path string is kept. */
class EntryCollector {
  readonly captured = new Map<string, Buffer>();
  readonly warnings: string[] = [];
  private absolute = 0;
  private readonly escaping = new Skipped();
  private readonly tooLong = new Skipped();
  private capturePath = '';

  constructor(
    readonly entries: LayerEntries,
    private readonly where: string,
    private readonly wantCapture: (parts: readonly string[]) => boolean,
    private readonly captureCap: number,
  ) {}

  entry(header: TarHeader): number {
    if (header.name.length > MAX_PATH_LENGTH || header.linkname.length > MAX_PATH_LENGTH) {
      this.tooLong.add(header.name);
      return 0;
    }
    const parts = layerPathParts(header.name);
    if (!parts) {
      this.escaping.add(header.name);
      return 0;
    }
    if (header.name.startsWith('/')) this.absolute++;
    if (parts.length === 0) return 0;
    const kind = classify(parts, header);
    if (kind === undefined) return 0;
    // A hard link must point inside the image; its target is only checked, not kept.
    if (kind === HARDLINK && !layerPathParts(header.linkname)) {
      this.escaping.add(`${header.name} -> ${header.linkname}`);
      return 0;
    }
    this.entries.push(this.entries.trie.intern(parts), kind, kind === FILE ? header.size : 0, header.mode);
    if (kind === FILE && this.wantCapture(parts)) {
      this.capturePath = parts.join('/');
      return this.captureCap;
    }
    return 0;
  }

  content(_header: TarHeader, data: Buffer, complete: boolean): void {
    if (complete) this.captured.set(this.capturePath, data);
    else this.warnings.push(`${this.where}: /${this.capturePath} is too large to analyse; skipped.`);
  }

  finish(): void {
    if (this.escaping.count > 0) {
      this.warnings.push(this.escaping.warning(this.where, 'climb out of the image root'));
    }
    if (this.tooLong.count > 0) {
      this.warnings.push(
        this.tooLong.warning(this.where, `have a path or link longer than ${MAX_PATH_LENGTH} characters`),
      );
    }
    if (this.absolute > 0) {
      this.warnings.push(
        `${this.where}: ${this.absolute} entries had absolute paths; read relative to the image root.`,
      );
    }
  }
}

function describeDecodeError(error: unknown, where: string, compression: string): Error {
  if (isUserError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new UserError(`${where} is not valid ${compression} data (${message}); the export is corrupt.`);
}

async function* counted(source: Readable, hash: Hash | undefined, onBytes: (n: number) => void) {
  for await (const chunk of source as AsyncIterable<Buffer>) {
    hash?.update(chunk);
    onBytes(chunk.length);
    yield chunk;
  }
}

/** Bytes read at a time from an uncompressed layer on disk, into one reused buffer. */
const DISK_CHUNK = 256 << 10;

/**
 * An uncompressed layer on disk: reads a chunk, parses the headers in it, and seeks past the
 * rest of a file's content that nobody reads (a 100 MB model file costs no read at all here).
 */
async function scanOnDisk(range: FileRange, scanner: TarScanner): Promise<void> {
  const handle = await open(range.file, 'r');
  const buffer = Buffer.allocUnsafe(DISK_CHUNK);
  try {
    const end = range.end + 1;
    let position = range.start;
    while (position < end && !scanner.finished) {
      const want = Math.min(buffer.length, end - position);
      const { bytesRead } = await handle.read(buffer, 0, want, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      scanner.push(buffer.subarray(0, bytesRead));
      position += scanner.skipContent(end - position);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Reads one layer into `entries`. A compressed layer (or one not on disk) is streamed once:
 * blob digest, decompression, diff_id and the tar walk in a single pass with back-pressure.
 * An uncompressed layer on disk is hashed by the hashing thread while this one reads only
 * its headers. Either way memory does not grow with the layer; the digests are checked in
 * the `diffId` promise returned.
 */
export async function scanLayer(
  source: BlobSource,
  ref: LayerRef,
  where: string,
  expectedDiffId: string | undefined,
  entries: LayerEntries,
  wantCapture: (parts: readonly string[]) => boolean,
  limits: ScanLimits = defaultLimits,
): Promise<LayerScan> {
  const head = await source.head(ref.name, 4);
  const compression = detectCompression(ref.mediaType, head);
  const decoder = createDecoder(compression);
  // Hash on a second core when the bytes are on disk; otherwise hash inline as they stream by.
  const range = source.range?.(ref.name);
  const blobDigestInWorker = range ? hashRange(range) : undefined;
  blobDigestInWorker?.catch(() => {}); // awaited below; keep an early scan error from leaving it unhandled
  const blobHash = decoder && ref.digest && !range ? createHash('sha256') : undefined;
  const tarHash = decoder || !range ? createHash('sha256') : undefined;
  const collector = new EntryCollector(entries, where, wantCapture, limits.captureCap);
  const scanner = new TarScanner(where, collector);
  let compressedBytes = 0;
  let tarBytes = 0;

  const guard = () => {
    if (tarBytes > limits.maxLayerBytes) {
      throw new UserError(`${where} expands beyond ${limits.maxLayerBytes} bytes; refusing to read it.`);
    }
    if (
      decoder &&
      tarBytes > limits.ratioCheckAfter &&
      tarBytes > compressedBytes * limits.maxExpansionRatio
    ) {
      throw new UserError(
        `${where} expands more than ${limits.maxExpansionRatio}× (${compressedBytes} → ${tarBytes}+ bytes); it looks like a decompression bomb.`,
      );
    }
  };
  const consume = async (stream: AsyncIterable<Buffer>) => {
    for await (const chunk of stream) {
      tarBytes += chunk.length;
      guard();
      tarHash?.update(chunk);
      if (!scanner.finished) scanner.push(chunk);
    }
  };
  try {
    if (!decoder && range) {
      // The worker hashes every byte; this thread reads only headers and captured files.
      tarBytes = compressedBytes = range.end - range.start + 1;
      guard();
      await scanOnDisk(range, scanner);
    } else {
      const raw = counted(source.stream(ref.name), blobHash, (n) => {
        compressedBytes += n;
      });
      if (decoder) await pipeline(raw, decoder, consume);
      else await pipeline(raw, consume);
    }
    scanner.finish();
  } catch (error) {
    throw describeDecodeError(error, where, compression);
  }
  collector.finish();

  // The digests are checked once the hashing thread is done; meanwhile the next layer is read.
  const digestsChecked = (async () => {
    const workerDigest = await blobDigestInWorker;
    const diffId = tarHash ? `sha256:${tarHash.digest('hex')}` : workerDigest!;
    const blobDigest = workerDigest ?? (blobHash ? `sha256:${blobHash.digest('hex')}` : diffId);
    if (ref.digest && blobDigest !== ref.digest) {
      throw new UserError(
        `${where} does not match its digest ${ref.digest} (got ${blobDigest}); the export is corrupt.`,
      );
    }
    if (expectedDiffId && diffId !== expectedDiffId) {
      throw new UserError(
        `${where} does not match diff_id ${expectedDiffId} in the image config; the export is corrupt.`,
      );
    }
    return diffId;
  })();
  digestsChecked.catch(() => {}); // awaited by the caller, in layer order
  return {
    captured: collector.captured,
    compression,
    compressedBytes,
    tarBytes,
    diffId: digestsChecked,
    warnings: collector.warnings,
  };
}
