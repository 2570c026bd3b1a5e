// The Map-and-string implementation of the layer stack that inspect used before path
// interning, kept only as the oracle for layer-stack.test.ts: the compact stack must agree
// with it on every figure, every wasted path and the final tree.
import { parentOf } from '../paths.js';
import type { DiveFigures, EntryKind, LayerEntry, PathBytes } from '../types.js';

interface TreeNode {
  kind: Exclude<EntryKind, 'whiteout' | 'opaque'>;
  /** Regular file bytes; zero for everything else, hard links included. */
  size: number;
  layer: number;
  mode: number;
  uid: number;
  gid: number;
  link?: string;
  children?: Map<string, TreeNode>;
}

function directory(layer: number): TreeNode {
  return { kind: 'dir', size: 0, layer, mode: 0o755, uid: 0, gid: 0, children: new Map() };
}

/** The merged filesystem of the layers applied so far. */
class FileTree {
  readonly root: TreeNode = directory(-1);

  get(path: string): TreeNode | undefined {
    if (path === '') return this.root;
    let node: TreeNode | undefined = this.root;
    for (const part of path.split('/')) {
      node = node?.children?.get(part);
      if (!node) return undefined;
    }
    return node;
  }

  /**
   * The directory that holds `path`, created as needed. A non-directory standing where a
   * directory must be is handed to `displaced` before it is replaced.
   */
  parentFor(path: string, layer: number, displaced: (path: string, node: TreeNode) => void): TreeNode {
    const parts = path.split('/');
    parts.pop();
    let node = this.root;
    let walked = '';
    for (const part of parts) {
      walked = walked ? `${walked}/${part}` : part;
      let child = node.children!.get(part);
      if (child?.kind !== 'dir') {
        if (child) displaced(walked, child);
        child = directory(layer);
        node.children!.set(part, child);
      }
      node = child;
    }
    return node;
  }

  remove(path: string): TreeNode | undefined {
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? this.root : this.get(path.slice(0, slash));
    const name = path.slice(slash + 1);
    const node = parent?.children?.get(name);
    if (node) parent!.children!.delete(name);
    return node;
  }
}

function childPath(parent: string, name: string): string {
  return parent ? `${parent}/${name}` : name;
}

/** Visits every node below `node` (not `node` itself), depth first, without recursion. */
function walk(node: TreeNode, base: string, visit: (path: string, node: TreeNode) => void): void {
  const stack: Array<[string, TreeNode]> = [[base, node]];
  while (stack.length > 0) {
    const [path, current] = stack.pop()!;
    if (!current.children) continue;
    for (const [name, child] of current.children) {
      const full = childPath(path, name);
      visit(full, child);
      if (child.children) stack.push([full, child]);
    }
  }
}

/** Regular file bytes and count in a node and everything below it. */
function subtreeTotals(node: TreeNode): { bytes: number; files: number } {
  let bytes = node.size;
  let files = node.kind === 'dir' ? 0 : 1;
  walk(node, '', (_path, child) => {
    bytes += child.size;
    if (child.kind !== 'dir') files++;
  });
  return { bytes, files };
}

interface LayerFigures {
  size: number;
  filesAdded: number;
  filesChanged: number;
  filesRemoved: number;
  wastedBytes: number;
}

interface StackResult {
  tree: FileTree;
  layers: LayerFigures[];
  finalBytes: number;
  addedBytes: number;
  overwrittenBytes: number;
  removedBytes: number;
  /** Every path that lost bytes, with how. */
  waste: Map<string, PathBytes>;
  dive: DiveFigures;
}

interface DivePath {
  cumulative: number;
  minimum: number;
  count: number;
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
 */
class DiveTally {
  /** A path seen once is just its size (most are); an object only from the second sighting. */
  private readonly paths = new Map<string, number | DivePath>();

  record(path: string, size: number): void {
    const seen = this.paths.get(path);
    if (seen === undefined) this.paths.set(path, size);
    else if (typeof seen === 'number')
      this.paths.set(path, { cumulative: seen + size, minimum: Math.min(seen, size), count: 2 });
    else {
      seen.cumulative += size;
      seen.minimum = Math.min(seen.minimum, size);
      seen.count++;
    }
  }

  figures(layerSizes: number[]): DiveFigures {
    let wasted = 0;
    let minimum = 0;
    let cumulative = 0;
    for (const path of this.paths.values()) {
      if (typeof path === 'number') {
        minimum += path;
        cumulative += path;
        continue;
      }
      wasted += path.cumulative;
      minimum += path.minimum;
      cumulative += path.cumulative;
    }
    const userBytes = layerSizes.slice(1).reduce((a, b) => a + b, 0);
    // Every path of every layer is a key here; nothing reads them after the figures.
    this.paths.clear();
    return {
      wastedBytes: wasted,
      efficiency: cumulative === 0 ? 1 : minimum / cumulative,
      userWastedPercent: userBytes === 0 ? 0 : wasted / userBytes,
    };
  }
}

class Stacker {
  readonly tree = new FileTree();
  readonly waste = new Map<string, PathBytes>();
  overwrittenBytes = 0;
  removedBytes = 0;
  readonly dive = new DiveTally();

  private note(path: string, bytes: number, note: string): void {
    if (bytes === 0) return;
    const known = this.waste.get(path);
    if (known) {
      known.bytes += bytes;
      known.note = `${known.note}; ${note}`;
    } else this.waste.set(path, { path: `/${path}`, bytes, note });
  }

  /** A lower-layer node (and everything under it) disappears. */
  private drop(path: string, node: TreeNode, figures: LayerFigures, how: string, overwritten: boolean): void {
    const { bytes, files } = subtreeTotals(node);
    if (overwritten && node.kind !== 'dir') {
      this.overwrittenBytes += bytes;
      figures.filesChanged++;
    } else {
      this.removedBytes += bytes;
      figures.filesRemoved += files;
    }
    figures.wastedBytes += bytes;
    if (node.kind === 'dir') {
      walk(node, path, (child, childNode) => this.note(child, childNode.size, how));
    } else this.note(path, bytes, how);
  }

  /** `layer` is 1-based, as users count layers. */
  apply(entries: LayerEntry[], layer: number): LayerFigures {
    const figures: LayerFigures = {
      size: 0,
      filesAdded: 0,
      filesChanged: 0,
      filesRemoved: 0,
      wastedBytes: 0,
    };
    // Whiteouts and opaque markers hide what lower layers put there, never what this layer adds.
    for (const entry of entries) {
      if (entry.kind === 'whiteout') {
        const hidden = this.tree.get(entry.path);
        this.dive.record(entry.path, hidden?.kind === 'dir' ? subtreeTotals(hidden).bytes : 0);
        if (hidden && entry.path !== '') {
          this.tree.remove(entry.path);
          this.drop(entry.path, hidden, figures, `removed in layer ${layer}`, false);
        }
      } else if (entry.kind === 'opaque') {
        const dir = this.tree.get(entry.path);
        if (dir?.children) {
          for (const [name, child] of dir.children) {
            const path = entry.path ? `${entry.path}/${name}` : name;
            this.drop(path, child, figures, `hidden by opaque directory in layer ${layer}`, false);
          }
          dir.children.clear();
        }
      }
    }
    const parents = new Set<string>();
    for (const entry of entries) {
      for (let p = parentOf(entry.path); p !== '' && !parents.has(p); p = parentOf(p)) parents.add(p);
    }
    for (const entry of entries) {
      if (entry.kind === 'whiteout' || entry.kind === 'opaque') continue;
      if (!parents.has(entry.path)) this.dive.record(entry.path, entry.size);
      this.add(entry, layer, figures);
    }
    return figures;
  }

  private add(entry: LayerEntry, layer: number, figures: LayerFigures): void {
    const kind = entry.kind as TreeNode['kind'];
    figures.size += entry.size;
    const parent = this.tree.parentFor(entry.path, layer, (path, node) =>
      this.drop(path, node, figures, `replaced by a directory in layer ${layer}`, true),
    );
    const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    const existing = parent.children!.get(name);
    if (kind === 'dir' && existing?.kind === 'dir') {
      Object.assign(existing, { mode: entry.mode, uid: entry.uid, gid: entry.gid });
      return;
    }
    if (existing) {
      const how =
        existing.kind === 'dir' ? `directory replaced in layer ${layer}` : `overwritten in layer ${layer}`;
      this.drop(entry.path, existing, figures, how, true);
    } else if (kind !== 'dir') figures.filesAdded++;
    const node: TreeNode = {
      kind,
      size: entry.size,
      layer,
      mode: entry.mode,
      uid: entry.uid,
      gid: entry.gid,
    };
    if (entry.link !== undefined) node.link = entry.link;
    if (kind === 'dir') node.children = new Map();
    parent.children!.set(name, node);
  }
}

/** Applies layers bottom-up, one at a time, so a caller can drop each layer's entries after use. */
class LayerStack {
  private readonly stacker = new Stacker();
  private readonly figures: LayerFigures[] = [];

  apply(entries: LayerEntry[]): LayerFigures {
    const figures = this.stacker.apply(entries, this.figures.length + 1);
    this.figures.push(figures);
    return figures;
  }

  private finished: StackResult | undefined;

  /** The figures of the layers applied; asked once, since the dive tally is dropped then. */
  result(): StackResult {
    if (this.finished) return this.finished;
    const stacker = this.stacker;
    const { bytes: finalBytes } = subtreeTotals(stacker.tree.root);
    const addedBytes = this.figures.reduce((sum, layer) => sum + layer.size, 0);
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

export function referenceStack(
  layers: LayerEntry[][],
): StackResult & { files: Array<[string, number, string]> } {
  const stack = new LayerStack();
  for (const entries of layers) stack.apply(entries);
  const result = stack.result();
  const files: Array<[string, number, string]> = [];
  walk(result.tree.root, '', (path, node) => {
    files.push([path, node.size, node.kind]);
  });
  return { ...result, files };
}
