import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../errors.js';
import { isNoSuch } from './containers.js';
import { DockerCommandError, isMissingBinary, runDocker, spawnDocker } from './docker-cli.js';
import { DOCKER_MISSING, environmentError } from './environment-errors.js';
import type { HistoryEntry, ImageDetails, ImageHealthcheck, PruneOptions, PruneResult } from './types.js';
import { parseDockerSize } from './units.js';

interface RawImage {
  Id: string;
  RepoTags: string[] | null;
  Size: number;
  Architecture: string;
  Os: string;
  Created: string;
  RootFS?: { Layers?: string[] };
  Config?: {
    User?: string;
    Healthcheck?: {
      Test?: string[];
      Interval?: number;
      Timeout?: number;
      StartPeriod?: number;
      Retries?: number;
    };
    ExposedPorts?: Record<string, unknown> | null;
    Env?: string[] | null;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    WorkingDir?: string;
    Volumes?: Record<string, unknown> | null;
    Labels?: Record<string, string> | null;
  } | null;
}

/** Size, layers and the config fields shipshape reasons about (user, healthcheck, ports, env, cmd). */
export async function imageInspect(image: string): Promise<ImageDetails> {
  let stdout: string;
  try {
    stdout = (await runDocker(['image', 'inspect', '--format', '{{json .}}', image])).stdout;
  } catch (error) {
    if (isNoSuch(error)) {
      throw new UserError(
        `Image "${image}" is not in the local Docker engine: build or pull it first (\`docker image ls\` lists local images).`,
      );
    }
    throw error;
  }
  return imageDetailsFrom(JSON.parse(stdout) as RawImage);
}

export function imageDetailsFrom(raw: RawImage): ImageDetails {
  const config = raw.Config ?? {};
  return {
    id: raw.Id,
    repoTags: raw.RepoTags ?? [],
    sizeBytes: raw.Size,
    layers: raw.RootFS?.Layers ?? [],
    architecture: raw.Architecture,
    os: raw.Os,
    created: raw.Created,
    config: {
      user: config.User ?? '',
      ...(config.Healthcheck?.Test ? { healthcheck: healthcheckFrom(config.Healthcheck) } : {}),
      exposedPorts: Object.keys(config.ExposedPorts ?? {}),
      env: config.Env ?? [],
      cmd: config.Cmd ?? null,
      entrypoint: config.Entrypoint ?? null,
      workingDir: config.WorkingDir ?? '',
      volumes: Object.keys(config.Volumes ?? {}),
      labels: config.Labels ?? {},
    },
  };
}

function healthcheckFrom(raw: NonNullable<NonNullable<RawImage['Config']>['Healthcheck']>): ImageHealthcheck {
  const check: ImageHealthcheck = { test: raw.Test ?? [] };
  if (raw.Interval) check.intervalNs = raw.Interval;
  if (raw.Timeout) check.timeoutNs = raw.Timeout;
  if (raw.StartPeriod) check.startPeriodNs = raw.StartPeriod;
  if (raw.Retries) check.retries = raw.Retries;
  return check;
}

/** `docker history`, newest instruction first, sizes in bytes. */
export async function imageHistory(image: string): Promise<HistoryEntry[]> {
  const output = await runDocker([
    'image',
    'history',
    '--no-trunc',
    '--human=false',
    '--format',
    '{{json .}}',
    image,
  ]);
  return output.stdout
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const entry = JSON.parse(line) as { CreatedBy: string; Size: string; Comment: string };
      const sizeBytes = parseDockerSize(entry.Size) ?? 0;
      return { createdBy: entry.CreatedBy, sizeBytes, emptyLayer: sizeBytes === 0, comment: entry.Comment };
    });
}

export async function imageExists(image: string): Promise<boolean> {
  const output = await runDocker(['image', 'inspect', '--format', '{{.Id}}', image], { reject: false });
  return output.exitCode === 0;
}

/** Removes a tag (and the image when no other tag holds it); a missing image is fine. */
export async function removeImage(tag: string): Promise<void> {
  try {
    await runDocker(['image', 'rm', '--force', tag]);
  } catch (error) {
    if (!isNoSuch(error)) throw error;
  }
}

/**
 * `docker save` as a stream, without a temporary file. The stream ends only when docker
 * exited cleanly; otherwise it errors, so a reader never mistakes a cut-off tarball for a whole one.
 */
export function saveImage(tag: string): Readable {
  const output = new PassThrough();
  const subprocess = spawnDocker(['save', tag], {
    reject: false,
    buffer: { stdout: false },
  });
  subprocess.stdout?.pipe(output, { end: false });
  subprocess.then((result) => {
    if (isMissingBinary(result)) return output.destroy(new UserError(DOCKER_MISSING));
    if (result.exitCode === 0) return output.end();
    const stderr = String(result.stderr ?? '');
    const notFound = /No such image|reference does not exist/i.test(stderr);
    output.destroy(
      notFound
        ? new UserError(`Image "${tag}" is not in the local Docker engine: build or pull it first.`)
        : (environmentError(stderr) ?? new DockerCommandError(['save', tag], result.exitCode, stderr)),
    );
  });
  // A reader that gives up early must not leave docker writing into a full pipe.
  output.on('close', () => {
    if (subprocess.exitCode === null) subprocess.kill();
  });
  return output;
}

/**
 * `docker save` spooled to a private temporary file, handed to `use`, removed afterwards.
 * Readers that need random access use it: docker writes manifest.json after the layers,
 * and a pipe cannot be read twice.
 */
export async function withSavedImage<T>(tag: string, use: (tarball: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'shipshape-save-'));
  try {
    const file = join(dir, 'image.tar');
    await pipeline(saveImage(tag), createWriteStream(file));
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `docker buildx prune --force` with the given options. BuildKit removes only records no
 * running build uses; images in the engine's image store (base images included) are never touched.
 */
export async function pruneBuildCache(options: PruneOptions = {}): Promise<PruneResult> {
  const args = ['buildx', 'prune', '--force'];
  if (options.builder) args.push('--builder', options.builder);
  if (options.all) args.push('--all');
  for (const filter of options.filters ?? []) args.push('--filter', filter);
  const output = await runDocker(args, { timeoutMs: 600_000 });
  return { ...pruneFigures(output.stdout), description: describePrune(options) };
}

export function pruneFigures(stdout: string): { reclaimedBytes: number; recordsRemoved: number } {
  const lines = stdout.split('\n');
  const total = lines.map((line) => /^Total:\s*(\S+)/.exec(line)).find(Boolean);
  const records = lines.filter((line) => /^[a-z0-9]{20,}\*?\s/.test(line)).length;
  return { reclaimedBytes: total ? (parseDockerSize(total[1]!) ?? 0) : 0, recordsRemoved: records };
}

export function describePrune(options: PruneOptions): string {
  const builder = options.builder ? `builder "${options.builder}"` : 'the default builder';
  const scope = options.all
    ? 'every unused build cache record (layer results, RUN --mount=type=cache contents, build context transfers, internal and frontend images)'
    : 'unused build cache records (layer results, RUN --mount=type=cache contents, build context transfers; internal and frontend images kept)';
  const filters = options.filters?.length ? ` matching ${options.filters.join(', ')}` : '';
  return `Pruned ${scope}${filters} from ${builder}; images in the engine, base images included, were kept.`;
}
