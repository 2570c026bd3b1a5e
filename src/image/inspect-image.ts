import { securityScan } from './analyze-security.js';
import { wasteScan } from './analyze-waste.js';
import { type BlobSource, DirectorySource, TarballSource } from './blob-source.js';
import { buildFacts, wantCapture } from './facts.js';
import { hashQueuedHere } from './hash-worker.js';
import { FILE, LayerEntries } from './layer-entries.js';
import { LayerStack, type StackResult } from './layer-stack.js';
import { distributionScan } from './python-dists.js';
import { type ImageConfig, type ResolvedImage, resolveImage } from './resolve-image.js';
import { defaultLimits, type ScanLimits, scanLayer } from './scan-layer.js';
import { maskSecretsInText } from './secrets.js';
import type { ImageReport, LayerSummary, PathBytes } from './types.js';

export type InspectInput = { tarball: string } | { oci: string } | { source: BlobSource };

export interface InspectOptions {
  /** os/arch[/variant] to pick from a multi-platform OCI index. */
  platform?: string;
  /** How many paths each list keeps. */
  top?: number;
  /** 1-based layer whose largest files are listed. */
  layer?: number;
  /** Normalised names of development-only distributions (from the project's lock). */
  devOnly?: Set<string>;
  limits?: ScanLimits;
}

async function openSource(input: InspectInput): Promise<BlobSource> {
  if ('source' in input) return input.source;
  if ('tarball' in input) return TarballSource.open(input.tarball);
  return new DirectorySource(input.oci);
}

/** History entries that made a layer, in order; empty_layer entries (ENV, CMD …) made none. */
function layerHistory(config: ImageConfig, layerCount: number, warnings: string[]): string[] {
  const made = (config.history ?? []).filter((entry) => !entry.empty_layer);
  if (made.length !== layerCount && made.length > 0) {
    warnings.push(
      `The image history lists ${made.length} layer-making steps for ${layerCount} layers; matching from the top.`,
    );
  }
  const offset = made.length - layerCount;
  return Array.from({ length: layerCount }, (_, i) => {
    const entry = made[i + offset];
    return maskSecretsInText(
      (entry?.created_by ?? entry?.comment ?? '').replace(/^\/bin\/sh -c #\(nop\)\s*/, ''),
    );
  });
}

/** A layer's largest regular files; paths are spelled out only for the candidates. */
function largestFiles(entries: LayerEntries, top: number): PathBytes[] {
  const files: number[] = [];
  for (let i = 0; i < entries.length; i++) if (entries.kinds[i] === FILE) files.push(i);
  files.sort((a, b) => entries.sizes[b]! - entries.sizes[a]!);
  if (files.length === 0) return [];
  const floor = entries.sizes[files[Math.min(top, files.length) - 1]!]!;
  return files
    .filter((i) => entries.sizes[i]! >= floor)
    .map((i) => ({ path: entries.trie.path(entries.nodes[i]!), size: entries.sizes[i]! }))
    .sort((a, b) => b.size - a.size || a.path.localeCompare(b.path))
    .slice(0, top)
    .map((entry) => ({ path: `/${entry.path}`, bytes: entry.size }));
}

/** What reading the layers produced, before any analyzer ran. */
interface ScannedImage {
  label: string;
  stacked: StackResult;
  /** Captured small files (dpkg status, RECORD …), per layer. */
  captured: Map<string, Buffer>[];
  summaries: LayerSummary[];
  layerBytes: number;
  warnings: string[];
}

/** The report of a stacked image: one walk of the final filesystem feeds every analyzer. */
function analyse(resolved: ResolvedImage, scanned: ScannedImage, options: InspectOptions): ImageReport {
  const { label, stacked, captured, summaries, layerBytes, warnings } = scanned;
  const top = options.top ?? 10;
  const facts = buildFacts(stacked.tree, captured, resolved.config);
  const distributionFiles = distributionScan(facts);
  const wasteFiles = wasteScan(facts);
  const securityFiles = securityScan(facts);
  facts.eachFile((path, node) => {
    distributionFiles.visit(path, node);
    wasteFiles.visit(path, node);
    securityFiles.visit(path, node);
  });
  const distributions = distributionFiles.finish();
  const wastedBytes = stacked.addedBytes - stacked.finalBytes;
  const userBytes = stacked.addedBytes - (summaries[0]?.size ?? 0);
  return {
    source: label,
    platform: resolved.platform,
    configDigest: resolved.configDigest,
    layerBytes,
    layers: summaries,
    waste: {
      finalBytes: stacked.finalBytes,
      addedBytes: stacked.addedBytes,
      wastedBytes,
      overwrittenBytes: stacked.overwrittenBytes,
      removedBytes: stacked.removedBytes,
      efficiency: stacked.addedBytes === 0 ? 1 : stacked.finalBytes / stacked.addedBytes,
      userWastedPercent: userBytes <= 0 ? 0 : wastedBytes / userBytes,
      topWaste: stacked.waste.top(top),
      dive: stacked.dive,
    },
    pythonWaste: wasteFiles.finish(distributions, options.devOnly, top),
    distributions,
    security: securityFiles.finish(distributions),
    warnings,
  };
}

/**
 * Reads an image without a daemon and without unpacking it: each layer is streamed once,
 * in manifest order, and only its file list (plus a few small files) is kept.
 */
export async function inspectImage(input: InspectInput, options: InspectOptions = {}): Promise<ImageReport> {
  const top = options.top ?? 10;
  const source = await openSource(input);
  try {
    const resolved = await resolveImage(source, options.platform);
    const warnings = [...resolved.warnings];
    const { config, layers } = resolved;
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== layers.length) {
      warnings.push(
        `The config lists ${diffIds.length} diff_ids for ${layers.length} layers; layer contents not verified.`,
      );
    }
    const history = layerHistory(config, layers.length, warnings);
    const stack = new LayerStack();
    const captured: Map<string, Buffer>[] = [];
    const summaries: LayerSummary[] = [];
    let layerDetail: ImageReport['layerDetail'];
    let layerBytes = 0;
    const digests: Array<Promise<string>> = [];
    for (const [i, ref] of layers.entries()) {
      const where = `${source.label}: layer ${i + 1} (${ref.name})`;
      const expected = diffIds.length === layers.length ? diffIds[i] : undefined;
      const entries = new LayerEntries(stack.trie);
      const scan = await scanLayer(
        source,
        ref,
        where,
        expected,
        entries,
        wantCapture,
        options.limits ?? defaultLimits,
      ).catch(async (error: unknown) => {
        // A lower layer that failed its digest is the first thing wrong with the export.
        for (const digest of digests) await digest;
        throw error;
      });
      digests.push(scan.diffId);
      warnings.push(...scan.warnings);
      const figures = stack.apply(entries);
      captured.push(scan.captured);
      layerBytes += scan.tarBytes;
      if (options.layer === i + 1) layerDetail = { index: i + 1, files: largestFiles(entries, top) };
      summaries.push({
        index: i + 1,
        size: figures.size,
        compressedSize: scan.compressedBytes,
        compression: scan.compression,
        createdBy: history[i] ?? '',
        filesAdded: figures.filesAdded,
        filesChanged: figures.filesChanged,
        filesRemoved: figures.filesRemoved,
        wastedBytes: figures.wastedBytes,
        diffId: '',
      });
    }
    if (options.layer !== undefined && !layerDetail) {
      warnings.push(`--layer ${options.layer} is out of range: the image has ${layers.length} layers.`);
    }
    // The analyzers run while the hashing thread is still at work on the last layers; the
    // report leaves only once every digest has matched, and a digest that does not match is
    // the error reported, whatever else went wrong.
    let report: ImageReport | undefined;
    let failure: unknown;
    try {
      const stacked = stack.result();
      report = analyse(
        resolved,
        { label: source.label, stacked, captured, summaries, layerBytes, warnings },
        options,
      );
      if (layerDetail) report.layerDetail = layerDetail;
    } catch (error) {
      failure = error;
    }
    // What the hashing thread has not started yet is hashed here now. All must match.
    await hashQueuedHere();
    for (const [i, digest] of digests.entries()) summaries[i]!.diffId = await digest;
    if (!report) throw failure;
    return report;
  } finally {
    if (!('source' in input)) await source.close();
  }
}
