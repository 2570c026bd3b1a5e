import type { EngineInfo } from '../engine/types.js';
import type { Variant } from '../optimize/types.js';
import type { Behaviour, VerificationReport } from '../verify/types.js';

/** What `shipshape bench` measures: plain data for the reporters (text, markdown, json). */

export const SCENARIOS = ['size', 'fresh', 'noop', 'code', 'deps'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
export type Side = 'before' | 'after';

export interface BenchOptions {
  /** Project folder; never modified. */
  dir: string;
  /** The Dockerfile of the project to use as "before" (relative to dir or absolute). */
  dockerfile?: string;
  /** Compare with this Dockerfile instead of what `shipshape optimize` writes. */
  against?: string;
  /** The `shipshape optimize` variant that writes "after" (default slim); not with `against`. */
  variant?: Variant;
  scenarios: ScenarioName[];
  runs: number;
  builder?: string;
  verify: boolean;
  /** Keep images and temporary copies (their names are printed). */
  keep: boolean;
  signal?: AbortSignal;
  /** Live progress; called often, must be cheap. */
  onProgress?: (event: ProgressEvent) => void;
}

export interface ProgressEvent {
  scenario: ScenarioName | 'verify' | 'deps-lock' | 'analyse';
  side?: Side;
  run?: number;
  runs?: number;
  /** Step counter of the current build (n of m known so far). */
  step?: { done: number; total: number; name: string };
  startedAt: number;
}

/** Where a step stands in the build, so reports can say "dependency install: cached". */
export type StepRole = 'dependency-install' | 'setup' | 'other';

export interface StepRecord {
  name: string;
  instruction?: string;
  stage?: string;
  role: StepRole;
  cached: boolean;
  durationS?: number;
}

export interface BuildRun {
  run: number;
  durationMs: number;
  steps: StepRecord[];
  /** Steps of the Dockerfile (internal BuildKit steps left out) that ran, and that came from cache. */
  ran: number;
  cached: number;
  /** `cached` when every dependency-install step came from cache; `absent` when none was found. */
  dependencyInstall: 'cached' | 'ran' | 'absent';
  setup: 'cached' | 'ran' | 'absent';
}

export interface Stats {
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export interface ScenarioResult {
  name: Exclude<ScenarioName, 'size'>;
  /** What the scenario changed or pruned, in words. */
  change: string;
  runs: Record<Side, BuildRun[]>;
  stats: Record<Side, Stats>;
  /** after median / before median (below 1 means after is faster). */
  ratio: number;
}

export interface LayerSize {
  createdBy: string;
  bytes: number;
}

export interface SizeFigures {
  bytes: number;
  layers: number;
  largestLayers: LayerSize[];
}

export interface WasteClassBytes {
  caches: number;
  devDependencies: number;
  buildTools: number;
  tests: number;
  other: number;
}

/** How close an image is to the smallest that can run the app (from `src/image/`). */
export interface FloorFigures {
  /** Bytes in the final filesystem / bytes in all layers. */
  efficiency: number;
  finalBytes: number;
  addedBytes: number;
  waste: WasteClassBytes;
  items: Array<{ kind: string; title: string; bytes: number }>;
}

export interface SecurityFigures {
  dpkgPackages: number;
  compilers: string[];
  shells: string[];
  runsAsRoot: boolean;
  user: string;
}

/** How one image behaved when started (the verification step's behaviour facts). */
export type Verification = Behaviour;

export interface SideFacts {
  tag: string;
  dockerfile: string;
  size?: SizeFigures;
  /** Null when the image could not be analysed; the reason is in `notes`. */
  floor?: FloorFigures | null;
  security?: SecurityFigures | null;
  verification?: Verification;
}

export interface BenchReport {
  schema: 'shipshape.bench/1';
  project: string;
  date: string;
  machine: EngineInfo;
  builder: string | null;
  runs: number;
  scenarios: ScenarioName[];
  before: SideFacts;
  after: SideFacts;
  /** "after" source: `shipshape optimize` or the --against path. */
  afterSource: string;
  results: ScenarioResult[];
  /** The before/after comparison (distributions, imports, libraries, files, contract, behaviour). */
  verification?: VerificationReport;
  verdict: { ok: boolean; reasons: string[] };
  notes: string[];
}
