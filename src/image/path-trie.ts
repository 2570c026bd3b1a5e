import { NameTable } from './names.js';
import { grown } from './typed-arrays.js';

/** The node of the root folder (path ""). */
export const ROOT = 0;

/** Per-node arrays of other structures grow with the trie; they register here. */
export type GrowListener = (capacity: number) => void;

/**
 * Every path any layer named, as a node id: a node is (parent node, name id), so a path of
 * any length costs one node per new component, and a path is never held as a string. Layers,
 * the merged filesystem and dive's tally all key their per-path figures by these ids.
 */
export class PathTrie {
  readonly names = new NameTable();
  private parents = new Int32Array(1 << 12);
  private nameIds = new Int32Array(1 << 12);
  private count = 1;
  /** (parent, name) → node, open addressing; -1 marks a free slot. Kept at most half full. */
  private slots = new Int32Array(1 << 13).fill(-1);
  private readonly listeners: GrowListener[] = [];

  constructor() {
    this.parents[ROOT] = -1;
    this.nameIds[ROOT] = -1;
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.parents.length;
  }

  onGrow(listener: GrowListener): void {
    this.listeners.push(listener);
  }

  parentOf(node: number): number {
    return this.parents[node]!;
  }

  nameOf(node: number): string {
    return node === ROOT ? '' : this.names.name(this.nameIds[node]!);
  }

  /** The last path interned, by component and node: tar members come folder by folder. */
  private lastParts: readonly string[] = [];
  private lastNodes: number[] = [];

  /** The node for these components below the root, made as needed (`parts` is kept: do not change it after). */
  intern(parts: readonly string[]): number {
    const last = this.lastParts;
    const nodes = this.lastNodes;
    let same = 0;
    const shared = Math.min(parts.length, last.length);
    while (same < shared && parts[same] === last[same]) same++;
    let node = same === 0 ? ROOT : nodes[same - 1]!;
    nodes.length = same;
    for (let i = same; i < parts.length; i++) {
      node = this.child(node, this.names.intern(parts[i]!), true);
      nodes.push(node);
    }
    this.lastParts = parts;
    return node;
  }

  /** The node of a path written "usr/bin/x" ("" is the root), or -1 when no layer named it. */
  lookup(path: string): number {
    if (path === '') return ROOT;
    let node = ROOT;
    let start = 0;
    for (;;) {
      const slash = path.indexOf('/', start);
      const name = this.names.lookup(slash < 0 ? path.slice(start) : path.slice(start, slash));
      if (name < 0) return -1;
      node = this.child(node, name, false);
      if (node < 0 || slash < 0) return node;
      start = slash + 1;
    }
  }

  /** The node named `name` directly below `parent`, or -1 when no layer named it. */
  childNamed(parent: number, name: string): number {
    const id = this.names.lookup(name);
    return id < 0 ? -1 : this.child(parent, id, false);
  }

  /** "usr/bin/x" for a node (no leading slash; "" for the root). */
  path(node: number): string {
    if (node === ROOT) return '';
    const parts: string[] = [];
    for (let at = node; at !== ROOT; at = this.parents[at]!) parts.push(this.nameOf(at));
    return parts.reverse().join('/');
  }

  private child(parent: number, name: number, create: boolean): number {
    const mask = this.slots.length - 1;
    for (let slot = mix(parent, name) & mask; ; slot = (slot + 1) & mask) {
      const node = this.slots[slot]!;
      if (node < 0) return create ? this.add(slot, parent, name) : -1;
      if (this.parents[node] === parent && this.nameIds[node] === name) return node;
    }
  }

  private add(slot: number, parent: number, name: number): number {
    const node = this.count++;
    if (node >= this.parents.length) {
      const capacity = this.parents.length * 2;
      this.parents = grown(this.parents, capacity);
      this.nameIds = grown(this.nameIds, capacity);
      for (const listener of this.listeners) listener(capacity);
    }
    this.parents[node] = parent;
    this.nameIds[node] = name;
    this.slots[slot] = node;
    if (this.count * 2 > this.slots.length) this.rehash();
    return node;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let node = 1; node < this.count; node++) {
      let slot = mix(this.parents[node]!, this.nameIds[node]!) & mask;
      while (slots[slot]! >= 0) slot = (slot + 1) & mask;
      slots[slot] = node;
    }
    this.slots = slots;
  }
}

/** A 32-bit hash of two ids (murmur3's finaliser over their combination). */
function mix(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
