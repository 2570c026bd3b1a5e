import { FileTree, subtreeTotals, walk } from './file-tree.js';
import { DIR, entryKindCode, LayerEntries, OPAQUE, WHITEOUT } from './layer-entries.js';
import { PathTrie, ROOT } from './path-trie.js';
import { normaliseLayerPath } from './paths.js';
import { grown } from './typed-arrays.js';
import type { DiveFigures, LayerEntry, PathBytes } from './types.js';

export interface LayerFigures {
  size: number;
  filesAdded: number;
  filesChanged: number;
  filesRemoved: number;
  wastedBytes: number;
}

export interface StackResult {
  tree: FileTree;
  layers: LayerFigures[];
  finalBytes: number;
  addedBytes: number;
  overwrittenBytes: number;
  removedBytes: number;
  /** Paths that lost bytes, with how. */
  waste: WasteLedger;
  dive: DiveFigures;
}

/**
 * dive's arithmetic, reproduced from its documented behaviour so users can compare:
 * for every leaf path of every layer's own tree (files, empty dirs, whiteouts) it sums the
 * size of each occurrence; a whiteout counts the size of the directory it hid, or 0 when it
 * hid a file. Paths seen more than once are "inefficient", and dive's wasted bytes are the
 * sum of ALL their occurrences — the copy that is kept included. Its efficiency is
 * Σ(smallest occurrence per path) / Σ(all occurrences). Opaque whiteouts are not counted,
 * and a directory deleted as a whole only counts when that directory path itself was a
 * leaf before, so files removed with their parent mostly go unseen.
 *
 * Ours (StackResult): wasted = every copy of a path except the one in the final image,
 * plus every byte added and later removed by a whiteout, an opaque directory or a
 * replaced parent; efficiency = final bytes / all bytes added.
 *
 * Kept per path node: its smallest size and whether it was seen once or more (9 bytes);
 * the sums are kept running, so nothing is left to add up at the end.
 */
class DiveTally {
  private minimum: Float64Array;
  private seen: Uint8Array;
  private wasted = 0;
  private minimumTotal = 0;
  private cumulative = 0;

  constructor(trie: PathTrie) {
    this.minimum = new Float64Array(trie.capacity);
    this.seen = new Uint8Array(trie.capacity);
    trie.onGrow((capacity) => {
      this.minimum = grown(this.minimum, capacity);
      this.seen = grown(this.seen, capacity);
    });
  }

  record(node: number, size: number): void {
    this.cumulative += size;
    const seen = this.seen[node]!;
    if (seen === 0) {
      this.seen[node] = 1;
      this.minimum[node] = size;
      this.minimumTotal += size;
      return;
    }
    const before = this.minimum[node]!;
    // Second sighting: the first one (its size is the minimum so far) becomes wasted too.
    this.wasted += seen === 1 ? before + size : size;
    this.seen[node] = 2;
    if (size < before) {
      this.minimum[node] = size;
      this.minimumTotal += size - before;
    }
  }

  figures(layerSizes: number[]): DiveFigures {
    const userBytes = layerSizes.slice(1).reduce((a, b) => a + b, 0);
    return {
      wastedBytes: this.wasted,
      efficiency: this.cumulative === 0 ? 1 : this.minimumTotal / this.cumulative,
      userWastedPercent: userBytes === 0 ? 0 : this.wasted / userBytes,
    };
  }
}

/**
 * Every path that lost bytes, how many and how ("overwritten in layer 3; removed in layer 5"),
 * in the order they first lost some. Columns by node; the note text is built from shared
 * pieces, and only for the paths a report shows.
 */
export class WasteLedger {
  private nodes: number[] = [];
  private bytes: number[] = [];
  private notes: string[] = [];
  private readonly index = new Map<number, number>();

  constructor(private readonly trie: PathTrie) {}

  add(node: number, bytes: number, note: string): void {
    if (bytes === 0) return;
    const at = this.index.get(node);
    if (at === undefined) {
      this.index.set(node, this.nodes.length);
      this.nodes.push(node);
      this.bytes.push(bytes);
      this.notes.push(note);
    } else {
      this.bytes[at]! += bytes;
      this.notes[at] = `${this.notes[at]}; ${note}`;
    }
  }

  get size(): number {
    return this.nodes.length;
  }

  /** The `limit` paths that lost the most bytes (ties by path), as reports print them. */
  top(limit: number): PathBytes[] {
    const order = Array.from(this.nodes.keys()).sort((a, b) => this.bytes[b]! - this.bytes[a]!);
    if (order.length === 0) return [];
    // Paths are only spelled out for the candidates: all entries as large as the last one kept.
    const floor = this.bytes[order[Math.min(limit, order.length) - 1]!]!;
    const candidates = order
      .filter((at) => this.bytes[at]! >= floor)
      .map((at) => ({
        path: `/${this.trie.path(this.nodes[at]!)}`,
        bytes: this.bytes[at]!,
        note: this.notes[at]!,
      }));
    return candidates.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path)).slice(0, limit);
  }
}

const NOT_READY = -1;

class Stacker {
  readonly trie = new PathTrie();
  readonly tree = new FileTree(this.trie);
  readonly waste = new WasteLedger(this.trie);
  readonly dive = new DiveTally(this.trie);
  overwrittenBytes = 0;
  removedBytes = 0;
  /**
   * A folder known to exist (it and all above it) since the last change to the tree's folders:
   * tar members come folder by folder, so most need no walk up to the root.
   */
  private readyFolder = NOT_READY;
  /** The layer whose entries last lay below a node: such a node is a parent, not a leaf, for dive. */
  private parentIn = new Int32Array(this.trie.capacity);

  constructor() {
    this.trie.onGrow((capacity) => {
      this.parentIn = grown(this.parentIn, capacity);
    });
  }

  private readonly hows = new Map<string, string>();

  /** "overwritten in layer 3", made once per layer and shared by every path it describes. */
  private how(what: string, layer: number): string {
    const key = `${what}\0${layer}`;
    let text = this.hows.get(key);
    if (text === undefined) {
      text = `${what} ${layer}`;
      this.hows.set(key, text);
    }
    return text;
  }

  /** A lower-layer node (and everything under it) disappears. */
  private drop(node: number, figures: LayerFigures, how: string, overwritten: boolean): void {
    const { bytes, files } = subtreeTotals(this.tree, node);
    const dir = this.tree.isDir(node);
    if (overwritten && !dir) {
      this.overwrittenBytes += bytes;
      figures.filesChanged++;
    } else {
      this.removedBytes += bytes;
      figures.filesRemoved += files;
    }
    figures.wastedBytes += bytes;
    if (dir) walk(this.tree, node, (child) => this.waste.add(child, this.tree.size(child), how));
    else this.waste.add(node, bytes, how);
  }

  /** `layer` is 1-based, as users count layers. */
  apply(entries: LayerEntries, layer: number): LayerFigures {
    const figures: LayerFigures = {
      size: 0,
      filesAdded: 0,
      filesChanged: 0,
      filesRemoved: 0,
      wastedBytes: 0,
    };
    const { nodes, kinds } = entries;
    const tree = this.tree;
    this.readyFolder = NOT_READY;
    // Whiteouts and opaque markers hide what lower layers put there, never what this layer adds.
    for (let i = 0; i < entries.length; i++) {
      const node = nodes[i]!;
      if (kinds[i] === WHITEOUT) {
        const hidden = tree.has(node);
        this.dive.record(node, hidden && tree.isDir(node) ? subtreeTotals(tree, node).bytes : 0);
        if (hidden && node !== ROOT) {
          this.drop(node, figures, this.how('removed in layer', layer), false);
          tree.remove(node);
        }
      } else if (kinds[i] === OPAQUE) {
        if (tree.has(node) && tree.isDir(node)) {
          const how = this.how('hidden by opaque directory in layer', layer);
          for (let child = tree.firstChildOf(node); child !== -1; child = tree.nextSibling(child))
            this.drop(child, figures, how, false);
          tree.clear(node);
        }
      }
    }
    for (let i = 0; i < entries.length; i++) {
      for (
        let p = this.trie.parentOf(nodes[i]!);
        p > ROOT && this.parentIn[p] !== layer;
        p = this.trie.parentOf(p)
      )
        this.parentIn[p] = layer;
    }
    for (let i = 0; i < entries.length; i++) {
      const kind = kinds[i]!;
      if (kind === WHITEOUT || kind === OPAQUE) continue;
      const node = nodes[i]!;
      if (this.parentIn[node] !== layer) this.dive.record(node, entries.sizes[i]!);
      this.add(node, kind, entries.sizes[i]!, entries.modes[i]!, layer, figures);
    }
    return figures;
  }

  private add(
    node: number,
    kind: number,
    size: number,
    mode: number,
    layer: number,
    figures: LayerFigures,
  ): void {
    const tree = this.tree;
    figures.size += size;
    const parent = this.trie.parentOf(node);
    if (parent !== this.readyFolder) {
      tree.ensureParents(node, (displaced) =>
        this.drop(displaced, figures, this.how('replaced by a directory in layer', layer), true),
      );
      this.readyFolder = parent;
    }
    const existing = tree.kind(node) !== undefined;
    if (kind === DIR && existing && tree.isDir(node)) {
      tree.setMode(node, mode);
      return;
    }
    if (existing) {
      const how = this.how(tree.isDir(node) ? 'directory replaced in layer' : 'overwritten in layer', layer);
      this.drop(node, figures, how, true);
    }
    if (existing || kind === DIR) {
      // A folder appeared or something was replaced: the folders known to exist may not.
      this.readyFolder = NOT_READY;
    }
    if (!existing && kind !== DIR) figures.filesAdded++;
    tree.set(node, kind, size, mode);
  }
}

/** Applies layers bottom-up, one at a time, so each layer's entries can be dropped after use. */
export class LayerStack {
  private readonly stacker = new Stacker();
  private readonly figures: LayerFigures[] = [];

  get trie(): PathTrie {
    return this.stacker.trie;
  }

  apply(entries: LayerEntries): LayerFigures {
    const figures = this.stacker.apply(entries, this.figures.length + 1);
    this.figures.push(figures);
    return figures;
  }

  /** For tests and small callers: a layer given as entry objects with path strings. */
  applyEntries(list: LayerEntry[]): LayerFigures {
    const entries = new LayerEntries(this.trie);
    for (const entry of list) {
      const parts = entry.path === '' ? [] : (normaliseLayerPath(entry.path)?.path.split('/') ?? []);
      entries.push(
        this.trie.intern(parts),
        entryKindCode(entry.kind),
        entry.kind === 'file' ? entry.size : 0,
        entry.mode,
      );
    }
    return this.apply(entries);
  }

  private finished: StackResult | undefined;

  /** The figures of the layers applied so far. */
  result(): StackResult {
    if (this.finished) return this.finished;
    const stacker = this.stacker;
    const addedBytes = this.figures.reduce((sum, layer) => sum + layer.size, 0);
    // Every byte added is either still there or was dropped once, as overwritten or removed.
    const finalBytes = addedBytes - stacker.overwrittenBytes - stacker.removedBytes;
    this.finished = {
      tree: stacker.tree,
      layers: this.figures,
      finalBytes,
      addedBytes,
      overwrittenBytes: stacker.overwrittenBytes,
      removedBytes: stacker.removedBytes,
      waste: stacker.waste,
      dive: stacker.dive.figures(this.figures.map((layer) => layer.size)),
    };
    return this.finished;
  }
}
