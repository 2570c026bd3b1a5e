import { type DpkgPackage, parseDpkgStatus } from './dpkg.js';
import { type FileTree, walkPaths } from './file-tree.js';
import { ROOT } from './path-trie.js';
import type { ImageConfig } from './resolve-image.js';
import type { PathBytes } from './types.js';

/**
 * What analyzers read: the final filesystem, the few captured files, and the image config.
 * Paths are spelled out only while a walk visits them; nothing holds every path at once.
 */
export class ImageFacts {
  constructor(
    readonly tree: FileTree,
    /** Contents of captured files as they are in the final image. */
    readonly captured: Map<string, Buffer>,
    readonly config: ImageConfig,
  ) {}

  /** Every non-directory of the final filesystem, with its path ("usr/bin/x"), in tree order. */
  eachFile(visit: (path: string, node: number) => void): void {
    const tree = this.tree;
    walkPaths(tree, ROOT, '', (path, node) => {
      if (!tree.isDir(node)) visit(path, node);
    });
  }

  /** The node of the non-directory at `path` in the final filesystem, or -1. */
  file(path: string): number {
    const node = this.tree.trie.lookup(path);
    return node >= 0 && this.isFile(node) ? node : -1;
  }

  /** True when `node` is a non-directory of the final filesystem. */
  isFile(node: number): boolean {
    return this.tree.has(node) && !this.tree.isDir(node);
  }

  /** The node of the non-directory `name` in the folder two levels above `node`, or -1. */
  fileBesideParent(node: number, name: string): number {
    const trie = this.tree.trie;
    const folder = trie.parentOf(trie.parentOf(node));
    const found = folder < 0 ? -1 : trie.childNamed(folder, name);
    return found >= 0 && this.isFile(found) ? found : -1;
  }

  size(node: number): number {
    return this.tree.size(node);
  }

  private packages: DpkgPackage[] | undefined;

  /** Installed dpkg packages from the final /var/lib/dpkg/status, parsed once. */
  dpkgPackages(): DpkgPackage[] {
    if (!this.packages) {
      const status = this.captured.get('var/lib/dpkg/status');
      this.packages = status ? parseDpkgStatus(status.toString('utf8')) : [];
    }
    return this.packages;
  }
}

/** Handed every non-directory of the final filesystem, once, by one shared walk. */
export type FileVisitor = (path: string, node: number) => void;

const CAPTURED = new Set(['etc/passwd', 'etc/group', 'etc/shadow', 'var/lib/dpkg/status']);
const CAPTURED_NAMES = new Set(['passwd', 'group', 'shadow', 'status', 'RECORD']);

/**
 * Files whose contents analyzers need, by path components; everything else is only sized,
 * never read. Asked for every tar member, so the last name is tested before any join.
 */
export function wantCapture(parts: readonly string[]): boolean {
  const name = parts[parts.length - 1]!;
  if (!CAPTURED_NAMES.has(name)) return false;
  if (name === 'RECORD') return parts.length > 1 && parts[parts.length - 2]!.endsWith('.dist-info');
  return CAPTURED.has(parts.join('/'));
}

export function buildFacts(
  tree: FileTree,
  capturedByLayer: Map<string, Buffer>[],
  config: ImageConfig,
): ImageFacts {
  const captured = new Map<string, Buffer>();
  for (const layer of capturedByLayer) {
    for (const [path, data] of layer) captured.set(path, data);
  }
  for (const [path, data] of captured) {
    const node = tree.trie.lookup(path);
    // Only what survives in the final image counts; a later layer may have changed it unseen.
    const survives =
      node >= 0 && tree.has(node) && tree.kind(node) === 'file' && tree.size(node) === data.length;
    if (!survives) captured.delete(path);
  }
  return new ImageFacts(tree, captured, config);
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
