import { type FileTree, type TreeNode, walk } from './file-tree.js';
import type { ImageConfig } from './resolve-image.js';
import type { PathBytes } from './types.js';

/** What analyzers read: the final filesystem, the few captured files, and the image config. */
export interface ImageFacts {
  tree: FileTree;
  /** Every non-directory of the final filesystem by path. */
  files: Map<string, TreeNode>;
  /** Contents of captured files as they are in the final image. */
  captured: Map<string, Buffer>;
  config: ImageConfig;
}

/** Files whose contents analyzers need; everything else is only sized, never read. */
export function wantCapture(path: string): boolean {
  return (
    path === 'etc/passwd' ||
    path === 'etc/group' ||
    path === 'etc/shadow' ||
    path === 'var/lib/dpkg/status' ||
    path.endsWith('.dist-info/RECORD')
  );
}

export function buildFacts(
  tree: FileTree,
  capturedByLayer: Map<string, Buffer>[],
  config: ImageConfig,
): ImageFacts {
  const files = new Map<string, TreeNode>();
  walk(tree.root, '', (path, node) => {
    if (node.kind !== 'dir') files.set(path, node);
  });
  const captured = new Map<string, Buffer>();
  for (const layer of capturedByLayer) {
    for (const [path, data] of layer) captured.set(path, data);
  }
  for (const path of captured.keys()) {
    const node = files.get(path);
    // Only what survives in the final image counts; a later layer may have changed it unseen.
    if (node?.kind !== 'file' || node.size !== captured.get(path)!.length) captured.delete(path);
  }
  return { tree, files, captured, config };
}

/** Groups file bytes under a key (a cache root, a __pycache__ dir …), largest first. */
export class Grouper {
  private readonly groups = new Map<string, { bytes: number; count: number }>();
  bytes = 0;
  count = 0;

  add(key: string, bytes: number): void {
    const group = this.groups.get(key) ?? { bytes: 0, count: 0 };
    group.bytes += bytes;
    group.count++;
    this.groups.set(key, group);
    this.bytes += bytes;
    this.count++;
  }

  top(limit: number): PathBytes[] {
    return [...this.groups.entries()]
      .sort((a, b) => b[1].bytes - a[1].bytes || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([path, group]) => ({ path: `/${path}`, bytes: group.bytes, note: `${group.count} files` }));
  }
}
