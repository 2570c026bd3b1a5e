import { grown } from './typed-arrays.js';

/**
 * Path components (file and folder names), each kept once as UTF-8 bytes in one growing
 * buffer and known by a number. An image repeats names endlessly (`__init__.py`,
 * `__pycache__`, `LC_MESSAGES`): a JS string per path cost ~100 bytes per tar entry, an id
 * here costs 4 bytes where it repeats and the name's length plus ~16 bytes where it is new.
 */
export class NameTable {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  /** Name `id` spans bytes[starts[id] .. starts[id + 1]). */
  private starts = new Uint32Array(1 << 12);
  private count = 0;
  /** Open addressing, linear probing; -1 marks a free slot. Kept at most half full. */
  private slots = new Int32Array(1 << 13).fill(-1);
  private hashes = new Int32Array(1 << 12);

  get size(): number {
    return this.count;
  }

  /** The id of `name`, adding it when it is new. */
  intern(name: string): number {
    return this.find(name, true);
  }

  /** The id of `name`, or -1 when no path ever had it. */
  lookup(name: string): number {
    return this.find(name, false);
  }

  name(id: number): string {
    return this.bytes.toString('utf8', this.starts[id]!, this.starts[id + 1]!);
  }

  private find(name: string, create: boolean): number {
    // ASCII names (nearly all) are hashed and compared straight from the string's char codes.
    let ascii = true;
    let hash = 0x811c9dc5 | 0;
    for (let i = 0; i < name.length; i++) {
      const code = name.charCodeAt(i);
      if (code > 0x7f) {
        ascii = false;
        break;
      }
      hash = Math.imul(hash ^ code, 0x01000193);
    }
    const encoded = ascii ? undefined : Buffer.from(name, 'utf8');
    if (encoded) {
      hash = 0x811c9dc5 | 0;
      for (const byte of encoded) hash = Math.imul(hash ^ byte, 0x01000193);
    }
    const length = encoded ? encoded.length : name.length;
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]!;
      if (id < 0) {
        if (!create) return -1;
        return this.add(slot, hash, name, encoded, length);
      }
      if (this.hashes[id] !== hash) continue;
      const start = this.starts[id]!;
      if (this.starts[id + 1]! - start !== length) continue;
      if (this.sameBytes(start, name, encoded, length)) return id;
    }
  }

  private sameBytes(start: number, name: string, encoded: Buffer | undefined, length: number): boolean {
    const bytes = this.bytes;
    if (encoded) return encoded.equals(bytes.subarray(start, start + length));
    for (let i = 0; i < length; i++) if (bytes[start + i] !== name.charCodeAt(i)) return false;
    return true;
  }

  private add(slot: number, hash: number, name: string, encoded: Buffer | undefined, length: number): number {
    const id = this.count++;
    if (this.used + length > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + length));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    if (encoded) encoded.copy(this.bytes, this.used);
    else this.bytes.write(name, this.used, length, 'latin1');
    this.used += length;
    if (id + 2 > this.starts.length) {
      this.starts = grown(this.starts, this.starts.length * 2);
      this.hashes = grown(this.hashes, this.hashes.length * 2);
    }
    this.starts[id + 1] = this.used;
    this.hashes[id] = hash;
    this.slots[slot] = id;
    if (this.count * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = this.hashes[id]! & mask;
      while (slots[slot]! >= 0) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
  }
}
