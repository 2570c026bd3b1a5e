/** What the image readers and analyzers hand to reporters. All sizes are bytes. */

export type EntryKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other' | 'whiteout' | 'opaque';

/** One tar member of a layer, path normalised ("usr/bin/x"). Whiteouts carry the path they hide. */
export interface LayerEntry {
  path: string;
  kind: EntryKind;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  link?: string;
}

export type Compression = 'none' | 'gzip' | 'zstd';

/** The result of streaming one layer once. */
export interface LayerScan {
  /** Contents of the few small files analyzers read (passwd, dpkg status, RECORD…), by path. */
  captured: Map<string, Buffer>;
  compression: Compression;
  compressedBytes: number;
  tarBytes: number;
  /**
   * sha256 of the uncompressed tar, "sha256:<hex>", once it is hashed and checked against the
   * manifest and config; rejects with the mismatch.
   */
  diffId: Promise<string>;
  warnings: string[];
}

export interface LayerSummary {
  index: number;
  /** Sum of regular file bytes in this layer (hard links count zero: their data is counted once, at the file). */
  size: number;
  compressedSize: number;
  compression: Compression;
  createdBy: string;
  filesAdded: number;
  filesChanged: number;
  filesRemoved: number;
  /** Bytes of lower-layer files this layer replaced or deleted: waste it introduced. */
  wastedBytes: number;
  diffId: string;
}

export interface PathBytes {
  path: string;
  bytes: number;
  /** How the bytes were lost or what they are, e.g. "overwritten 2×", "removed in layer 4". */
  note?: string;
}

export interface WasteFigures {
  /** Regular file bytes in the final filesystem. */
  finalBytes: number;
  /** Regular file bytes added across all layers, every copy counted. */
  addedBytes: number;
  /** addedBytes − finalBytes: earlier copies of kept paths plus bytes added and later removed. */
  wastedBytes: number;
  overwrittenBytes: number;
  removedBytes: number;
  /** finalBytes / addedBytes (1 when nothing was added). */
  efficiency: number;
  /** wastedBytes over the bytes added above the first layer (dive's "user" share, our waste). */
  userWastedPercent: number;
  topWaste: PathBytes[];
  dive: DiveFigures;
}

/** dive's own arithmetic reproduced so users can compare (see layer-stack.ts for the definition). */
export interface DiveFigures {
  wastedBytes: number;
  efficiency: number;
  userWastedPercent: number;
}

export type PythonWasteKind =
  | 'pip-cache'
  | 'uv-cache'
  | 'orphan-bytecode'
  | 'duplicate-bytecode'
  | 'site-packages-tests'
  | 'dev-dependencies'
  | 'build-toolchain'
  | 'apt-repository-tooling'
  | 'apt-lists-cache'
  | 'docs-man-locales'
  | 'dockerignore-material';

export interface WasteItem {
  kind: PythonWasteKind;
  title: string;
  bytes: number;
  count: number;
  paths: PathBytes[];
}

export interface SecurityCheck {
  id: string;
  title: string;
  severity: 'error' | 'warning' | 'info';
  details: string[];
}

export interface SecuritySurface {
  user: string;
  runsAsRoot: boolean;
  healthcheck: boolean;
  shells: string[];
  packageManagers: string[];
  dpkgPackages: number;
  pythonDistributions: number;
  checks: SecurityCheck[];
}

export interface DistributionSize {
  name: string;
  version: string;
  bytes: number;
  files: number;
  location: string;
}

export interface ImageReport {
  source: string;
  platform: string;
  configDigest: string;
  /** Total of uncompressed layer tars as stored; what `docker images` roughly shows. */
  layerBytes: number;
  layers: LayerSummary[];
  waste: WasteFigures;
  pythonWaste: WasteItem[];
  distributions: DistributionSize[];
  security: SecuritySurface;
  /** Largest files a layer added, when one was asked for with --layer. */
  layerDetail?: { index: number; files: PathBytes[] };
  /** Present when budgets were checked (--ci or a budget flag). */
  budgets?: { budgets: Record<string, number>; broken: string[] };
  warnings: string[];
}
