import type { PathTrie } from './path-trie.js';
import { grown } from './typed-arrays.js';
import type { EntryKind } from './types.js';

const CODES: Record<EntryKind, number> = {
  dir: 1,
  file: 2,
  symlink: 3,
  hardlink: 4,
  other: 5,
  whiteout: 6,
  opaque: 7,
};
export const WHITEOUT = CODES.whiteout;
export const OPAQUE = CODES.opaque;
export const FILE = CODES.file;
export const DIR = CODES.dir;

export function entryKindCode(kind: EntryKind): number {
  return CODES[kind];
}

/**
 * One layer's tar members in order, as columns: the path's trie node, a kind code (the
 * merged tree's codes, plus whiteout and opaque), regular-file bytes and permission bits.
 * About 15 bytes a member, dropped once the layer is applied; whiteouts must wait for the
 * whole layer since they hide only what lower layers put there.
 */
export class LayerEntries {
  nodes = new Int32Array(1 << 10);
  kinds = new Uint8Array(1 << 10);
  sizes = new Float64Array(1 << 10);
  modes = new Uint16Array(1 << 10);
  length = 0;

  constructor(readonly trie: PathTrie) {}

  push(node: number, kind: number, size: number, mode: number): void {
    if (this.length === this.nodes.length) {
      const capacity = this.length * 2;
      this.nodes = grown(this.nodes, capacity);
      this.kinds = grown(this.kinds, capacity);
      this.sizes = grown(this.sizes, capacity);
      this.modes = grown(this.modes, capacity);
    }
    const at = this.length++;
    this.nodes[at] = node;
    this.kinds[at] = kind;
    this.sizes[at] = size;
    this.modes[at] = mode & 0o7777;
  }
}
