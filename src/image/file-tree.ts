import { type PathTrie, ROOT } from './path-trie.js';
import { grown } from './typed-arrays.js';
import type { EntryKind } from './types.js';

/** What stands at a path of the merged filesystem. */
export type NodeKind = Exclude<EntryKind, 'whiteout' | 'opaque'>;

/** By the codes of layer-entries.ts; 0 means "not in its folder": never added, removed, or its folder was replaced. */
const KINDS: Array<NodeKind | undefined> = [undefined, 'dir', 'file', 'symlink', 'hardlink', 'other'];
const DIR = 1;
const ABSENT = 0;
const NONE = -1;

/**
 * The merged filesystem of the layers applied so far, over the path trie's node ids: per
 * node a kind, a size and permission bits, and each folder's children as a linked list in
 * the order they were added (a folder's children are walked in that order, as a Map's were).
 * Only what the waste and security analyses read is kept: no owner, no link target.
 */
export class FileTree {
  private kinds: Uint8Array;
  private sizes: Float64Array;
  private modes: Uint16Array;
  private firstChild: Int32Array;
  private lastChild: Int32Array;
  private next: Int32Array;
  private previous: Int32Array;

  constructor(readonly trie: PathTrie) {
    const capacity = trie.capacity;
    this.kinds = new Uint8Array(capacity);
    this.sizes = new Float64Array(capacity);
    this.modes = new Uint16Array(capacity);
    this.firstChild = new Int32Array(capacity).fill(NONE);
    this.lastChild = new Int32Array(capacity).fill(NONE);
    this.next = new Int32Array(capacity).fill(NONE);
    this.previous = new Int32Array(capacity).fill(NONE);
    trie.onGrow((size) => {
      this.kinds = grown(this.kinds, size);
      this.sizes = grown(this.sizes, size);
      this.modes = grown(this.modes, size);
      this.firstChild = grown(this.firstChild, size, NONE);
      this.lastChild = grown(this.lastChild, size, NONE);
      this.next = grown(this.next, size, NONE);
      this.previous = grown(this.previous, size, NONE);
    });
    this.kinds[ROOT] = DIR;
    this.modes[ROOT] = 0o755;
  }

  kind(node: number): NodeKind | undefined {
    return KINDS[this.kinds[node]!];
  }

  isDir(node: number): boolean {
    return this.kinds[node] === DIR;
  }

  size(node: number): number {
    return this.sizes[node]!;
  }

  mode(node: number): number {
    return this.modes[node]!;
  }

  /** True when `node` is in the merged filesystem (it and every folder above it present). */
  has(node: number): boolean {
    for (let at = node; at !== ROOT; at = this.trie.parentOf(at)) if (this.kinds[at] === ABSENT) return false;
    return true;
  }

  /** A folder's first child in the order they were added, or -1. */
  firstChildOf(node: number): number {
    return this.firstChild[node]!;
  }

  /** The child added after this one to the same folder, or -1. */
  nextSibling(node: number): number {
    return this.next[node]!;
  }

  /**
   * Makes every folder above `node` exist, as folders. A non-folder standing where a folder
   * must be is handed to `displaced` first, then replaced in place.
   */
  ensureParents(node: number, displaced: (node: number) => void): void {
    const chain: number[] = [];
    for (let at = this.trie.parentOf(node); at !== ROOT; at = this.trie.parentOf(at)) chain.push(at);
    for (let i = chain.length - 1; i >= 0; i--) {
      const folder = chain[i]!;
      const kind = this.kinds[folder]!;
      if (kind === DIR) continue;
      if (kind !== ABSENT) displaced(folder);
      this.set(folder, DIR, 0, 0o755);
    }
  }

  /** Puts `node` in its folder with this content; an existing entry keeps its place. */
  set(node: number, kind: number, size: number, mode: number): void {
    if (this.kinds[node] === ABSENT) this.attach(node);
    // A folder replaced by something else (or by a new folder) starts without children.
    else if (!(this.kinds[node] === DIR && kind === DIR)) this.clear(node);
    this.kinds[node] = kind;
    this.sizes[node] = size;
    this.modes[node] = mode & 0o7777;
  }

  /** Only the permission bits change (a folder entry over an existing folder). */
  setMode(node: number, mode: number): void {
    this.modes[node] = mode & 0o7777;
  }

  /** Takes `node` out of its folder; what was below it goes with it. */
  remove(node: number): void {
    const parent = this.trie.parentOf(node);
    const before = this.previous[node]!;
    const after = this.next[node]!;
    if (before === NONE) this.firstChild[parent] = after;
    else this.next[before] = after;
    if (after === NONE) this.lastChild[parent] = before;
    else this.previous[after] = before;
    this.kinds[node] = ABSENT;
  }

  /** Empties a folder. */
  clear(node: number): void {
    for (let child = this.firstChild[node]!; child !== NONE; child = this.next[child]!)
      this.kinds[child] = ABSENT;
    this.firstChild[node] = NONE;
    this.lastChild[node] = NONE;
  }

  private attach(node: number): void {
    const parent = this.trie.parentOf(node);
    const last = this.lastChild[parent]!;
    this.previous[node] = last;
    this.next[node] = NONE;
    if (last === NONE) this.firstChild[parent] = node;
    else this.next[last] = node;
    this.lastChild[parent] = node;
    // Whatever was below this path before it was removed is not below it now.
    this.clear(node);
  }
}

/**
 * Visits every node below `node` (not `node` itself), depth first without recursion: a
 * folder's children in order, then the folders among them, last first.
 */
export function walk(tree: FileTree, node: number, visit: (child: number) => void): void {
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (let child = tree.firstChildOf(current); child !== NONE; child = tree.nextSibling(child)) {
      visit(child);
      if (tree.isDir(child)) stack.push(child);
    }
  }
}

/** Like `walk`, with each node's path ("usr/bin/x") built as it goes. */
export function walkPaths(
  tree: FileTree,
  node: number,
  base: string,
  visit: (path: string, child: number) => void,
): void {
  const stack: Array<[number, string]> = [[node, base]];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    for (let child = tree.firstChildOf(current); child !== NONE; child = tree.nextSibling(child)) {
      const name = tree.trie.nameOf(child);
      const full = path ? `${path}/${name}` : name;
      visit(full, child);
      if (tree.isDir(child)) stack.push([child, full]);
    }
  }
}

/** Regular file bytes and count of non-folders in a node and everything below it. */
export function subtreeTotals(tree: FileTree, node: number): { bytes: number; files: number } {
  let bytes = tree.size(node);
  let files = tree.isDir(node) ? 0 : 1;
  walk(tree, node, (child) => {
    bytes += tree.size(child);
    if (!tree.isDir(child)) files++;
  });
  return { bytes, files };
}
