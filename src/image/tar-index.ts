import type { FileHandle } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { BLOCK, decodeHeader, isMetaType, isZeroBlock, PendingOverrides, paddedSize } from './tar-header.js';

/** Where one member's bytes sit inside the outer archive. */
export interface TarMember {
  offset: number;
  size: number;
}

const MAX_META_BYTES = 1 << 20;

/** Member names as tools write them vary ("./manifest.json", "blobs/sha256/…"); we key them without "./". */
export function memberKey(name: string): string {
  return name.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}

/**
 * Reads only the 512-byte headers of an uncompressed tar and seeks over the contents, so
 * indexing a 1 GB `docker save` file touches a few kilobytes. Order of members does not
 * matter to callers afterwards: they read any member by offset.
 */
export async function indexTar(
  handle: FileHandle,
  fileSize: number,
  where: string,
): Promise<Map<string, TarMember>> {
  const members = new Map<string, TarMember>();
  const overrides = new PendingOverrides();
  const block = Buffer.alloc(BLOCK);
  let offset = 0;
  while (offset + BLOCK <= fileSize) {
    const { bytesRead } = await handle.read(block, 0, BLOCK, offset);
    if (bytesRead < BLOCK) break;
    if (isZeroBlock(block)) return members;
    const raw = decodeHeader(block, where);
    const dataStart = offset + BLOCK;
    if (dataStart + raw.size > fileSize) {
      throw new UserError(
        `${where} is truncated: member "${raw.name}" claims ${raw.size} bytes past the end of the file.`,
      );
    }
    if (isMetaType(raw.type)) {
      if (raw.size > MAX_META_BYTES)
        throw new UserError(`${where} has an oversized tar extension header; re-export the image.`);
      const content = Buffer.alloc(raw.size);
      await handle.read(content, 0, raw.size, dataStart);
      overrides.absorb(raw.type, content);
    } else {
      const header = overrides.apply(raw);
      if (header.type === '0' || header.type === '7')
        members.set(memberKey(header.name), { offset: dataStart, size: header.size });
    }
    offset = dataStart + paddedSize(raw.size);
  }
  // Every tar writer ends with zero blocks; running out of file before them means a cut-off copy.
  throw new UserError(`${where} is truncated or not a tar archive; re-export it with \`docker save -o\`.`);
}
