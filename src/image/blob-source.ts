import { createReadStream, statSync } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { UserError } from '../errors.js';
import type { FileRange } from './hash-worker.js';
import { indexTar, memberKey, type TarMember } from './tar-index.js';

const READ_CHUNK = 1 << 20;

/** Named byte ranges an image is made of: members of a `docker save` tar or files of an OCI layout. */
export interface BlobSource {
  readonly label: string;
  has(name: string): boolean;
  size(name: string): number;
  head(name: string, length: number): Promise<Buffer>;
  stream(name: string): Readable;
  /** Where the member's bytes sit on disk, when they do (lets a second core hash them). */
  range?(name: string): FileRange;
  close(): Promise<void>;
}

/** Reads a whole (small) member, refusing anything larger than `cap` so a hostile manifest cannot eat memory. */
export async function readSmall(source: BlobSource, name: string, cap: number): Promise<Buffer> {
  const size = source.size(name);
  if (size > cap)
    throw new UserError(`${source.label}: "${name}" is ${size} bytes, too large for a JSON document.`);
  return source.head(name, size);
}

export class TarballSource implements BlobSource {
  private constructor(
    readonly label: string,
    private readonly file: string,
    private readonly handle: FileHandle,
    private readonly members: Map<string, TarMember>,
  ) {}

  static async open(file: string): Promise<TarballSource> {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(file);
    } catch {
      throw new UserError(`Cannot read ${file}: the file does not exist or is not readable.`);
    }
    if (!info.isFile())
      throw new UserError(`${file} is not a file; pass a \`docker save\` tarball to --tarball.`);
    const handle = await open(file, 'r');
    try {
      const members = await indexTar(handle, info.size, file);
      return new TarballSource(file, file, handle, members);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  private member(name: string): TarMember {
    const found = this.members.get(memberKey(name));
    if (!found) throw new UserError(`${this.label} has no member "${name}"; the archive is incomplete.`);
    return found;
  }

  has(name: string): boolean {
    return this.members.has(memberKey(name));
  }

  size(name: string): number {
    return this.member(name).size;
  }

  async head(name: string, length: number): Promise<Buffer> {
    const { offset, size } = this.member(name);
    const buffer = Buffer.alloc(Math.min(length, size));
    await this.handle.read(buffer, 0, buffer.length, offset);
    return buffer;
  }

  stream(name: string): Readable {
    const { offset, size } = this.member(name);
    if (size === 0) return Readable.from([]);
    return createReadStream(this.file, { start: offset, end: offset + size - 1, highWaterMark: READ_CHUNK });
  }

  range(name: string): FileRange {
    const { offset, size } = this.member(name);
    return { file: this.file, start: offset, end: offset + size - 1 };
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** An OCI image layout folder. Names are always built from validated digests, never taken raw. */
export class DirectorySource implements BlobSource {
  constructor(readonly label: string) {}

  private path(name: string): string {
    if (name.split('/').includes('..')) throw new UserError(`${this.label}: refusing blob name "${name}".`);
    return join(this.label, name);
  }

  has(name: string): boolean {
    try {
      return statSync(this.path(name)).isFile();
    } catch {
      return false;
    }
  }

  size(name: string): number {
    try {
      return statSync(this.path(name)).size;
    } catch {
      throw new UserError(`${this.label} is missing "${name}"; the OCI layout is incomplete.`);
    }
  }

  async head(name: string, length: number): Promise<Buffer> {
    const handle = await open(this.path(name), 'r');
    try {
      const buffer = Buffer.alloc(Math.min(length, this.size(name)));
      await handle.read(buffer, 0, buffer.length, 0);
      return buffer;
    } finally {
      await handle.close();
    }
  }

  stream(name: string): Readable {
    return createReadStream(this.path(name), { highWaterMark: READ_CHUNK });
  }

  range(name: string): FileRange {
    return { file: this.path(name), start: 0, end: this.size(name) - 1 };
  }

  async close(): Promise<void> {}
}
