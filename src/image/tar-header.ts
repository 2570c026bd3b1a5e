import { UserError } from '../errors.js';

/** One 512-byte tar header, decoded. Sizes above 2^53 are rejected as hostile. */
export interface TarHeader {
  name: string;
  linkname: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** ustar typeflag character: '0' file, '1' hard link, '2' symlink, '5' dir, 'L'/'K' GNU long names, 'x'/'g' pax. */
  type: string;
}

export const BLOCK = 512;

function cString(block: Uint8Array, start: number, length: number): string {
  let end = start;
  const limit = start + length;
  while (end < limit && block[end] !== 0) end++;
  return end === start ? '' : Buffer.prototype.toString.call(block, 'utf8', start, end);
}

/** Numeric fields are octal text, or GNU base-256 when the high bit of the first byte is set. */
function number(block: Uint8Array, start: number, length: number): number {
  const first = block[start] ?? 0;
  if (first & 0x80) {
    let value = first & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + (block[i] ?? 0);
    return value;
  }
  // Octal digits, optionally padded with spaces and ended by NUL or space.
  let value = 0;
  let digits = 0;
  for (let i = start; i < start + length; i++) {
    const byte = block[i]!;
    if (byte >= 0x30 && byte <= 0x37) {
      value = value * 8 + (byte - 0x30);
      digits++;
    } else if (byte === 0 || (byte === 0x20 && digits > 0)) break;
    else if (byte !== 0x20) return -1;
  }
  return value;
}

export function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

function checksumMatches(block: Uint8Array): boolean {
  const stored = number(block, 148, 8);
  // The checksum field itself counts as eight spaces.
  let sum = 8 * 32;
  for (let i = 0; i < 148; i++) sum += block[i]!;
  for (let i = 156; i < BLOCK; i++) sum += block[i]!;
  return stored === sum;
}

/** Decodes a header block; `where` names the archive for the error message. */
export function decodeHeader(block: Uint8Array, where: string): TarHeader {
  if (!checksumMatches(block)) {
    throw new UserError(`${where} is not a valid tar archive (bad header checksum); re-export the image.`);
  }
  const size = number(block, 124, 12);
  if (size < 0 || !Number.isSafeInteger(size)) {
    throw new UserError(`${where} has a tar entry with an impossible size; re-export the image.`);
  }
  let name = cString(block, 0, 100);
  const magic = cString(block, 257, 6);
  if (magic.startsWith('ustar')) {
    const prefix = cString(block, 345, 155);
    if (prefix && magic === 'ustar') name = `${prefix}/${name}`;
  }
  const typeByte = block[156] ?? 0;
  return {
    name,
    linkname: cString(block, 157, 100),
    size,
    mode: Math.max(0, number(block, 100, 8)),
    uid: Math.max(0, number(block, 108, 8)),
    gid: Math.max(0, number(block, 116, 8)),
    type: typeByte === 0 ? '0' : String.fromCharCode(typeByte),
  };
}

/** Entries whose content describes the next header rather than a file. */
export function isMetaType(type: string): boolean {
  return type === 'L' || type === 'K' || type === 'x' || type === 'g';
}

/** Applies pax key=value records (path, linkpath, size) to the header that follows them. */
export function parsePax(content: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < content.length) {
    const space = content.indexOf(0x20, offset);
    if (space < 0) break;
    const length = Number.parseInt(content.toString('utf8', offset, space), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = content.toString('utf8', space + 1, offset + length - 1);
    const equals = record.indexOf('=');
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    offset += length;
  }
  return records;
}

export function paddedSize(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

/** Carries GNU long names and pax overrides from meta entries onto the next real header. */
export class PendingOverrides {
  private longName: string | undefined;
  private longLink: string | undefined;
  private pax: Record<string, string> = {};

  absorb(type: string, content: Buffer): void {
    if (type === 'L') this.longName = content.toString('utf8').replace(/\0+$/, '');
    else if (type === 'K') this.longLink = content.toString('utf8').replace(/\0+$/, '');
    else if (type === 'x') Object.assign(this.pax, parsePax(content));
  }

  apply(header: TarHeader): TarHeader {
    const result = { ...header };
    if (this.longName !== undefined) result.name = this.longName;
    if (this.longLink !== undefined) result.linkname = this.longLink;
    if (this.pax.path !== undefined) result.name = this.pax.path;
    if (this.pax.linkpath !== undefined) result.linkname = this.pax.linkpath;
    if (this.pax.size !== undefined) {
      const size = Number(this.pax.size);
      if (Number.isSafeInteger(size) && size >= 0) result.size = size;
    }
    this.longName = undefined;
    this.longLink = undefined;
    this.pax = {};
    return result;
  }
}
