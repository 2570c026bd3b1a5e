import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { createDecoder } from './decompress.js';
import { zstdStored } from './test-support/fixtures.js';

/** A zstd frame of `blocks` RLE blocks of 128 KiB each: 4 bytes in, 128 KiB out per block. */
function zstdRleBomb(blocks: number): Buffer {
  const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3]);
  const body = Buffer.alloc(blocks * 4);
  for (let i = 0; i < blocks; i++) {
    const value = ((128 * 1024) << 3) | (1 << 1) | (i === blocks - 1 ? 1 : 0); // type 1 = RLE
    body.writeUIntLE(value, i * 4, 3);
    body[i * 4 + 3] = 0;
  }
  return Buffer.concat([header, body]);
}

async function decode(data: Buffer, chunkSize = 64 * 1024): Promise<Buffer> {
  const parts: Buffer[] = [];
  const chunks = [];
  for (let at = 0; at < data.length; at += chunkSize) chunks.push(data.subarray(at, at + chunkSize));
  await pipeline(Readable.from(chunks), createDecoder('zstd')!, async (stream: AsyncIterable<Buffer>) => {
    for await (const part of stream) parts.push(part);
  });
  return Buffer.concat(parts);
}

describe('zstd decoding', () => {
  it('decodes stored and RLE blocks across chunk boundaries', async () => {
    const data = Buffer.from('hello zstd '.repeat(50_000));
    expect((await decode(zstdStored(data), 1000)).equals(data)).toBe(true);
    expect((await decode(zstdRleBomb(3))).equals(Buffer.alloc(3 * 128 * 1024))).toBe(true);
  });

  it('streams a bomb: the consumer can stop it after a few MiB, memory stays bounded', async () => {
    // 64 KiB in one chunk, 2 GiB out: decoded all at once, this alone would need 2 GiB.
    const bomb = zstdRleBomb(16 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    let seen = 0;
    let peak = 0;
    const guard = async (stream: AsyncIterable<Buffer>) => {
      for await (const part of stream) {
        seen += part.length;
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
        if (seen > 256 << 20) throw new Error('bomb');
      }
    };
    await expect(pipeline(Readable.from([bomb]), createDecoder('zstd')!, guard)).rejects.toThrow('bomb');
    expect(seen).toBeLessThan(400 << 20);
    expect(peak).toBeLessThan(200 << 20);
  }, 60_000);
});
