import { Duplex, type Transform } from 'node:stream';
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

/**
 * Input slice fed to fzstd at a time. fzstd decodes everything it is given at once, and one
 * 4-byte RLE block yields 128 KiB: a whole 64 KiB chunk of a crafted frame would be 2 GiB in
 * memory before anything downstream (the bomb guard) sees a byte. 2 KiB bounds that to 64 MiB.
 */
export const ZSTD_SLICE = 2048;

/**
 * fzstd (pure JavaScript) as a stream: input is decoded a slice at a time and each slice's
 * output is handed on before the next slice is decoded, so back-pressure and the expansion
 * guard downstream act while decoding, not after.
 */
function zstdDecoder(): Duplex {
  return Duplex.from(async function* (source: AsyncIterable<Buffer>) {
    const blocks: Buffer[] = [];
    // fzstd may reuse its window buffer for the next block, so keep a copy.
    const decoder = new Decompress((data) => blocks.push(Buffer.from(data)));
    for await (const chunk of source) {
      for (let at = 0; at < chunk.length; at += ZSTD_SLICE) {
        decoder.push(chunk.subarray(at, at + ZSTD_SLICE));
        while (blocks.length > 0) yield blocks.shift()!;
      }
    }
    decoder.push(new Uint8Array(0), true);
    while (blocks.length > 0) yield blocks.shift()!;
  });
}

type ZstdFactory = () => Transform;

/** Node 22.15+ ships zstd in zlib; Node 20 does not, so fall back to fzstd there. */
function nativeZstd(): ZstdFactory | undefined {
  const factory = (zlib as unknown as { createZstdDecompress?: ZstdFactory }).createZstdDecompress;
  return typeof factory === 'function' ? factory : undefined;
}

export function createDecoder(compression: Compression): Duplex | undefined {
  if (compression === 'gzip') return zlib.createGunzip();
  if (compression === 'zstd') return nativeZstd()?.() ?? zstdDecoder();
  return undefined;
}
