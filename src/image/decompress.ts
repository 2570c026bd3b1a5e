import { Transform, type TransformCallback } from 'node:stream';
import * as zlib from 'node:zlib';
import { Decompress } from 'fzstd';
import type { Compression } from './types.js';

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

function startsWith(head: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, i) => head[i] === byte);
}

/** Trust the media type when it names a compression; otherwise look at the magic bytes. */
export function detectCompression(mediaType: string | undefined, head: Uint8Array): Compression {
  if (mediaType) {
    if (/gzip/.test(mediaType)) return 'gzip';
    if (/zstd/.test(mediaType)) return 'zstd';
    if (/\.tar$|rootfs\.diff\.tar$/.test(mediaType)) return 'none';
  }
  if (startsWith(head, GZIP_MAGIC)) return 'gzip';
  if (startsWith(head, ZSTD_MAGIC)) return 'zstd';
  return 'none';
}

/** fzstd is pure JavaScript; wrapped as a Transform so it takes part in stream back-pressure. */
class ZstdDecoder extends Transform {
  private readonly decoder = new Decompress((data) => {
    // fzstd may reuse its window buffer for the next block, so hand out a copy.
    this.push(Buffer.from(data));
  });

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.decoder.push(chunk);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.decoder.push(new Uint8Array(0), true);
      done();
    } catch (error) {
      done(error as Error);
    }
  }
}

type ZstdFactory = () => Transform;

/** Node 22.15+ ships zstd in zlib; Node 20 does not, so fall back to fzstd there. */
function nativeZstd(): ZstdFactory | undefined {
  const factory = (zlib as unknown as { createZstdDecompress?: ZstdFactory }).createZstdDecompress;
  return typeof factory === 'function' ? factory : undefined;
}

export function createDecoder(compression: Compression): Transform | undefined {
  if (compression === 'gzip') return zlib.createGunzip();
  if (compression === 'zstd') return nativeZstd()?.() ?? new ZstdDecoder();
  return undefined;
}
