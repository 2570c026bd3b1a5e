/** Plain data the engine adapter hands inward. Nothing here knows how docker is called. */

export type BuildStepStatus = 'running' | 'done' | 'cached' | 'error' | 'canceled';

/** One vertex of BuildKit's plain progress output (`#5 [base 2/7] RUN uv sync`). */
export interface BuildStep {
  /** BuildKit's vertex number as printed, e.g. `#5`. */
  id: string;
  /** The vertex name as printed, e.g. `[base 2/7] RUN uv sync` or `exporting to image`. */
  name: string;
  status: BuildStepStatus;
  cached: boolean;
  /** Seconds BuildKit reported on the DONE/ERROR line; absent for CACHED and CANCELED. */
  durationS?: number;
  /** BuildKit's error text for a failed step. */
  error?: string;
  /** `[internal] load build context` and friends, plus exporting/naming steps. */
  internal: boolean;
  /** Stage name from `[stage 2/7]`; absent for `[2/7]` and internal steps. */
  stage?: string;
  /** Position in its stage, from `[stage 2/7]`. */
  index?: number;
  total?: number;
  /** The Dockerfile instruction text after the bracket, e.g. `RUN uv sync`. */
  instruction?: string;
  /** Output lines of the step, without BuildKit's timestamps. */
  log: string[];
}

export interface BuildOptions {
  /** Build context folder. */
  context: string;
  /** Dockerfile path; BuildKit's default (`<context>/Dockerfile`) when absent. */
  dockerfile?: string;
  tag: string;
  buildArgs?: Record<string, string>;
  noCache?: boolean;
  /** A buildx builder name, passed through as `--builder`. */
  builder?: string;
  target?: string;
  /** Only `plain` is parsed; the option exists so callers state what they rely on. */
  progress?: 'plain';
  /** Extra `docker buildx build` flags, e.g. `['--cache-from', 'type=gha']`. */
  extraArgs?: string[];
  /** Called whenever a step appears or changes state, for live progress displays. */
  onStep?: (step: BuildStep, steps: readonly BuildStep[]) => void;
  /** Aborting kills the build (SIGTERM, then SIGKILL after 5 s). */
  signal?: AbortSignal;
}

export interface BuildFailure {
  /** BuildKit's final message, e.g. `failed to solve: process "/bin/sh -c …" did not complete successfully: exit code: 3`. */
  message: string;
  /** The step that failed, when BuildKit names one (a Dockerfile parse error has none). */
  step?: BuildStep;
  /** Last lines of the failing step's output (at most 20), else the end of the whole log. */
  logTail: string[];
}

interface BuildResultBase {
  tag: string;
  durationMs: number;
  steps: BuildStep[];
  /** The complete BuildKit plain progress transcript. */
  log: string;
}

export type BuildResult =
  | (BuildResultBase & { ok: true; imageId: string })
  | (BuildResultBase & { ok: false; failure: BuildFailure });

export interface PortMapping {
  /** Port inside the container. */
  container: number;
  /** Host port; a free one is picked when absent. */
  host?: number;
  /** Host address; loopback unless told otherwise. */
  hostIp?: string;
}

export interface RunOptions {
  image: string;
  /** Container ports (numbers map to a random loopback port) or explicit mappings. */
  ports?: Array<number | PortMapping>;
  env?: Record<string, string>;
  name?: string;
  /** Overrides the image's CMD. */
  command?: string[];
  /** Extra labels; every container also gets `io.shipshape.managed=true` for leftover cleanup. */
  labels?: Record<string, string>;
}

export interface RunningContainer {
  id: string;
  /** Container port → host port actually bound (e.g. `{ 8080: 32768 }`). */
  hostPorts: Record<number, number>;
}

export interface StopResult {
  /** Wall time of `docker stop`, i.e. how long the container took to shut down. */
  durationMs: number;
  /** Exit code after stopping; 137 means it ignored SIGTERM and was killed. */
  exitCode?: number;
  /** True when the container exited within the timeout (not killed). */
  graceful: boolean;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export type HealthStatus = 'starting' | 'healthy' | 'unhealthy' | 'none';

export interface ContainerState {
  /** Docker's status word: created, running, exited, … */
  status: string;
  running: boolean;
  exitCode: number;
  oomKilled: boolean;
  /** From the image's HEALTHCHECK; `none` when it has none. */
  health: HealthStatus;
}

export interface ImageHealthcheck {
  test: string[];
  intervalNs?: number;
  timeoutNs?: number;
  startPeriodNs?: number;
  retries?: number;
}

export interface ImageConfig {
  /** Empty string means root, as Docker reports it. */
  user: string;
  healthcheck?: ImageHealthcheck;
  exposedPorts: string[];
  env: string[];
  cmd: string[] | null;
  entrypoint: string[] | null;
  workingDir: string;
  /** VOLUME folders. */
  volumes: string[];
  labels: Record<string, string>;
}

export interface ImageDetails {
  id: string;
  repoTags: string[];
  /** Uncompressed size the engine reports for the image, bytes. */
  sizeBytes: number;
  /** RootFS layer digests, bottom first. */
  layers: string[];
  architecture: string;
  os: string;
  created: string;
  config: ImageConfig;
}

export interface HistoryEntry {
  createdBy: string;
  sizeBytes: number;
  /** True for metadata-only instructions (ENV, CMD, …) that add no layer. */
  emptyLayer: boolean;
  comment: string;
}

export interface PruneOptions {
  /** `--all`: every unused cache record, including internal and frontend images. */
  all?: boolean;
  /** BuildKit filters, e.g. `type=exec.cachemount`, `until=24h`, `id=…`. */
  filters?: string[];
  builder?: string;
}

export interface PruneResult {
  reclaimedBytes: number;
  /** Number of cache records BuildKit listed as removed. */
  recordsRemoved: number;
  /** Plain words for what was pruned, for reports. */
  description: string;
}

export interface EngineInfo {
  serverVersion: string;
  clientVersion: string;
  apiVersion: string;
  buildxVersion: string;
  cores: number;
  memoryBytes: number;
  operatingSystem: string;
  architecture: string;
  storageDriver: string;
}
