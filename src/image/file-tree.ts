import type { EntryKind } from './types.js';

export interface TreeNode {
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
export class FileTree {
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

export function childPath(parent: string, name: string): string {
  return parent ? `${parent}/${name}` : name;
}

/** Visits every node below `node` (not `node` itself), depth first, without recursion. */
export function walk(node: TreeNode, base: string, visit: (path: string, node: TreeNode) => void): void {
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
export function subtreeTotals(node: TreeNode): { bytes: number; files: number } {
  let bytes = node.size;
  let files = node.kind === 'dir' ? 0 : 1;
  walk(node, '', (_path, child) => {
    bytes += child.size;
    if (child.kind !== 'dir') files++;
  });
  return { bytes, files };
}
