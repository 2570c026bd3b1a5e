import type { FileVisitor, ImageFacts } from './facts.js';
import { subtreeTotals } from './file-tree.js';
import { type PathTrie, ROOT } from './path-trie.js';
import type { DistributionSize } from './types.js';

const DIST_INFO = /^(.*\/(?:site|dist)-packages)\/([^/]+?)-([^-/]+)\.dist-info$/;

/** PEP 503 name normalisation, so "Foo_Bar" in a dist-info dir matches "foo-bar" in a lock. */
export function normaliseDistName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/**
 * The node of `relative` (a RECORD path) below the folder `base`, resolved as text would be
 * ("a/../b" is "b" even when no "a" exists), or -1 when it climbs above the root or names a
 * path no layer has.
 */
function resolveRelative(trie: PathTrie, base: number, relative: string): number {
  let up = 0;
  const down: string[] = [];
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') down.push(part);
    else if (down.length > 0) down.pop();
    else up++;
  }
  let node = base;
  for (let i = 0; i < up; i++) {
    if (node === ROOT) return -1;
    node = trie.parentOf(node);
  }
  for (const part of down) {
    node = trie.childNamed(node, part);
    if (node < 0) return -1;
  }
  return node;
}

/** RECORD is CSV (path,hash,size); paths with commas are quoted. We only need the first column. */
function recordPaths(record: string): string[] {
  const paths: string[] = [];
  for (const line of record.split('\n')) {
    if (!line.trim()) continue;
    if (line.startsWith('"')) {
      const end = line.indexOf('",');
      paths.push(line.slice(1, end < 0 ? undefined : end).replace(/""/g, '"'));
    } else paths.push(line.slice(0, line.indexOf(',') < 0 ? undefined : line.indexOf(',')));
  }
  return paths;
}

function sizeFromRecord(facts: ImageFacts, sitePackages: string, record: Buffer) {
  let bytes = 0;
  let files = 0;
  const site = facts.tree.trie.lookup(sitePackages);
  const seen = new Set<number>();
  for (const relative of recordPaths(record.toString('utf8'))) {
    const node = site < 0 ? -1 : resolveRelative(facts.tree.trie, site, relative);
    if (node < 0 || seen.has(node)) continue;
    seen.add(node);
    if (!facts.isFile(node)) continue;
    bytes += facts.size(node);
    files++;
  }
  return { bytes, files };
}

/** Without RECORD: the dist-info dir plus top-level entries named like the distribution. */
function sizeFromWalk(facts: ImageFacts, sitePackages: string, distInfo: string, name: string) {
  const wanted = normaliseDistName(name).replace(/-/g, '_');
  let bytes = 0;
  let files = 0;
  const tree = facts.tree;
  const site = tree.trie.lookup(sitePackages);
  if (site < 0 || !tree.has(site) || !tree.isDir(site)) return { bytes, files };
  for (let node = tree.firstChildOf(site); node !== -1; node = tree.nextSibling(node)) {
    const entry = tree.trie.nameOf(node);
    const stem = entry.replace(/\.py$/, '').toLowerCase();
    if (`${sitePackages}/${entry}` !== distInfo && stem !== wanted) continue;
    const totals = subtreeTotals(tree, node);
    bytes += totals.bytes;
    files += totals.files;
  }
  return { bytes, files };
}

/**
 * Installed Python distributions with their on-disk size, largest first. `visit` is handed
 * every final file (one walk shared with the other analyzers) and notes the dist-info folders.
 */
export function distributionScan(facts: ImageFacts) {
  const distInfoDirs = new Set<string>();
  const visit: FileVisitor = (path) => {
    if (!path.includes('.dist-info/')) return;
    const dir = dirname(path);
    if (dir.endsWith('.dist-info')) distInfoDirs.add(dir);
  };
  return { visit, finish: () => measure(facts, distInfoDirs) };
}

function measure(facts: ImageFacts, distInfoDirs: Set<string>): DistributionSize[] {
  const found: DistributionSize[] = [];
  for (const dir of distInfoDirs) {
    const match = DIST_INFO.exec(dir);
    if (!match) continue;
    const [, sitePackages, name, version] = match as unknown as [string, string, string, string];
    const record = facts.captured.get(`${dir}/RECORD`);
    const totals = record
      ? sizeFromRecord(facts, sitePackages, record)
      : sizeFromWalk(facts, sitePackages, dir, name);
    found.push({ name, version, bytes: totals.bytes, files: totals.files, location: `/${sitePackages}` });
  }
  return found.sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
}
