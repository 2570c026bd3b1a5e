import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  build,
  checkEngine,
  engineInfo,
  formatBuildFailure,
  imageHistory,
  imageInspect,
  pruneBuildCache,
} from '../engine/index.js';
import type { BuildStep } from '../engine/types.js';
import { UserError } from '../errors.js';
import type { Variant } from '../optimize/types.js';
import type { Project } from '../project/types.js';
import { verificationDifferences } from '../report/verification.js';
import { verifyImages } from '../verify/run.js';
import type { VerificationReport } from '../verify/types.js';
import { analyseImage } from './analyse.js';
import { Cleanup } from './cleanup.js';
import {
  appendComment,
  applyDependencyVariant,
  mainSourceFile,
  prepareDependencyChange,
} from './mutations.js';
import { stats } from './stats.js';
import { buildRun } from './steps.js';
import type {
  BenchOptions,
  BenchReport,
  BuildRun,
  ScenarioName,
  ScenarioResult,
  Side,
  SideFacts,
  SizeFigures,
} from './types.js';
import {
  type AfterFiles,
  againstFiles,
  BENCH_PREFIX,
  createWorkspace,
  relativeTo,
  type Workspace,
} from './workspace.js';

const SIDES: Side[] = ['before', 'after'];

/** A build that failed: bench stops, prints the failing step, and exits 1 without a report. */
export class BenchBuildError extends UserError {
  constructor(side: Side, scenario: string, detail: string) {
    super(`The "${side}" build failed (scenario ${scenario}).\n${detail}`, 1);
  }
}

/**
 * Builds the project's Dockerfile ("before") and the optimized one ("after") from two
 * temporary copies, scenario by scenario, and verifies both images answer. Everything it
 * creates is removed before it returns or throws (unless `keep`).
 */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  await checkEngine(options.builder ? { builder: options.builder } : {});
  const { load } = await import('../project/index.js');
  const project = await load(options.dir, options.dockerfile ? { dockerfile: options.dockerfile } : {});
  if (!project.dockerfile) {
    throw new UserError(
      `${project.root} has no Dockerfile: bench compares an existing Dockerfile with the optimized one (pass --dockerfile, or write one with \`shipshape optimize --write\`).`,
    );
  }
  const dockerfileRelative = relativeTo(project.root, project.dockerfile.path);
  const afterFiles = options.against
    ? againstFiles(options.against)
    : await optimizedFiles(project, options.variant);
  const machine = await engineInfo();

  const workspace = createWorkspace(project.root, dockerfileRelative, afterFiles);
  const tagPrefix = `${BENCH_PREFIX}${workspace.id}:`;
  const cleanup = new Cleanup(tagPrefix);
  cleanup.folder(workspace.root);
  const tags: Record<Side, string> = { before: `${tagPrefix}before`, after: `${tagPrefix}after` };
  for (const side of SIDES) cleanup.tag(tags[side]);

  const session = new Session(options, workspace, tags, cleanup, project);
  try {
    const report = await session.execute(machine, afterFiles);
    return report;
  } finally {
    const problems = await cleanup.run({ keepImages: options.keep, keepFolders: options.keep });
    for (const problem of problems) process.stderr.write(`shipshape: cleanup: ${problem}\n`);
    if (options.keep) {
      process.stderr.write(`Kept images ${tags.before} and ${tags.after}, and ${workspace.root}.\n`);
    }
  }
}

async function optimizedFiles(project: Project, variant: Variant = 'slim'): Promise<AfterFiles> {
  const { optimize } = await import('../optimize/index.js');
  // No `# syntax=` line: BuildKit's built-in frontend has everything the result uses, and
  // an offline or mirrored engine cannot fetch docker/dockerfile.
  const result = await optimize(project, { syntaxDirective: false, variant });
  const namedRemovals = result.ledger.flatMap((entry) =>
    (entry.removes ?? []).map((path) => ({
      path,
      reason: `line ${entry.line} ${entry.fate}: ${entry.detail}`,
    })),
  );
  return { dockerfile: result.dockerfile, dockerignore: result.dockerignore, namedRemovals };
}

class Session {
  private readonly facts: Record<Side, SideFacts>;
  private readonly results: ScenarioResult[] = [];
  private verification: VerificationReport | undefined;
  private readonly notes: string[] = [];
  /** Whether each side's image matches the current state of its copy (a warm cache exists). */
  private readonly warm: Record<Side, boolean> = { before: false, after: false };

  constructor(
    private readonly options: BenchOptions,
    private readonly workspace: Workspace,
    private readonly tags: Record<Side, string>,
    private readonly cleanup: Cleanup,
    private readonly project: Project,
  ) {
    this.facts = {
      before: { tag: tags.before, dockerfile: workspace.dockerfileRelative },
      after: {
        tag: tags.after,
        dockerfile: options.against ?? `${workspace.dockerfileRelative} (shipshape optimize)`,
      },
    };
  }

  async execute(machine: BenchReport['machine'], afterFiles: AfterFiles): Promise<BenchReport> {
    const afterDockerfile = afterFiles.dockerfile;
    const wanted = new Set(this.options.scenarios);
    if (wanted.has('fresh')) await this.fresh();
    if (wanted.has('size') || this.options.verify) await this.size(wanted.has('size'));
    if (this.options.verify) await this.verify(afterFiles.namedRemovals ?? []);
    if (wanted.has('noop')) await this.noop();
    if (wanted.has('code')) await this.code();
    if (wanted.has('deps')) await this.deps(afterDockerfile);
    return {
      schema: 'shipshape.bench/1',
      project: this.project.root,
      date: new Date().toISOString(),
      machine,
      builder: this.options.builder ?? null,
      runs: this.options.runs,
      scenarios: this.options.scenarios,
      before: this.facts.before,
      after: this.facts.after,
      afterSource:
        this.options.against ??
        `shipshape optimize${this.options.variant && this.options.variant !== 'slim' ? ` --variant ${this.options.variant}` : ''} (without the # syntax= directive)`,
      results: this.results,
      ...(this.verification ? { verification: this.verification } : {}),
      verdict: this.verdict(),
      notes: this.notes,
    };
  }

  private async buildSide(
    side: Side,
    scenario: ScenarioName | 'prime',
    run: number,
    noCache = false,
  ): Promise<BuildRun> {
    this.options.signal?.throwIfAborted();
    const startedAt = Date.now();
    const onStep = (_step: BuildStep, steps: readonly BuildStep[]) => {
      const visible = steps.filter((step) => !step.internal);
      const finished = visible.filter((step) => step.status !== 'running');
      const current = visible.find((step) => step.status === 'running') ?? visible.at(-1);
      this.options.onProgress?.({
        scenario: scenario === 'prime' ? 'size' : scenario,
        side,
        run,
        runs: this.options.runs,
        step: { done: finished.length, total: visible.length, name: current?.name ?? '' },
        startedAt,
      });
    };
    const result = await build({
      context: this.workspace.context[side],
      dockerfile: this.workspace.dockerfile[side],
      tag: this.tags[side],
      noCache,
      onStep,
      ...(this.options.builder ? { builder: this.options.builder } : {}),
      ...(this.options.signal ? { signal: this.options.signal } : {}),
    });
    if (!result.ok) throw new BenchBuildError(side, scenario, formatBuildFailure(result.failure));
    this.cleanup.image(result.imageId);
    this.warm[side] = true;
    return buildRun(run, result.durationMs, result.steps);
  }

  /** Untimed builds so a scenario starts from a warm cache of the current state. */
  private async prime(): Promise<void> {
    for (const side of SIDES) if (!this.warm[side]) await this.buildSide(side, 'prime', 0);
  }

  private async timed(
    name: ScenarioResult['name'],
    change: string,
    before: (run: number) => Promise<void> | void,
    noCache = false,
  ): Promise<void> {
    const runs: Record<Side, BuildRun[]> = { before: [], after: [] };
    for (let run = 1; run <= this.options.runs; run += 1) {
      await before(run);
      for (const side of SIDES) {
        if (noCache) await this.pruneCacheMounts();
        runs[side].push(await this.buildSide(side, name, run, noCache));
      }
    }
    const before_ = stats(runs.before.map((r) => r.durationMs));
    const after = stats(runs.after.map((r) => r.durationMs));
    this.results.push({
      name,
      change,
      runs,
      stats: { before: before_, after },
      ratio: before_.medianMs > 0 ? after.medianMs / before_.medianMs : 0,
    });
  }

  private prunedBytes = 0;
  private async pruneCacheMounts(): Promise<void> {
    const pruned = await pruneBuildCache({
      filters: ['type=exec.cachemount'],
      ...(this.options.builder ? { builder: this.options.builder } : {}),
    });
    this.prunedBytes += pruned.reclaimedBytes;
  }

  private async fresh(): Promise<void> {
    await this.timed('fresh', '', () => undefined, true);
    const result = this.results.at(-1)!;
    const builder = this.options.builder ? `builder "${this.options.builder}"` : 'the default builder';
    const reclaimed = this.prunedBytes > 0 ? `, ${Math.round(this.prunedBytes / 1e6)} MB in all` : '';
    result.change =
      `before each build, every unused RUN --mount=type=cache record of ${builder} was pruned ` +
      `(\`docker buildx prune --filter type=exec.cachemount\`, all projects${reclaimed}) and the build ran with ` +
      '`--no-cache`, so no step came from cache; base images stayed in the engine';
  }

  private async size(report: boolean): Promise<void> {
    await this.prime();
    if (!report) return;
    for (const side of SIDES) {
      const [details, history] = await Promise.all([
        imageInspect(this.tags[side]),
        imageHistory(this.tags[side]),
      ]);
      const largestLayers = history
        .filter((entry) => !entry.emptyLayer)
        .sort((a, b) => b.sizeBytes - a.sizeBytes)
        .slice(0, 3)
        .map((entry) => ({ createdBy: shortInstruction(entry.createdBy), bytes: entry.sizeBytes }));
      const size: SizeFigures = { bytes: details.sizeBytes, layers: details.layers.length, largestLayers };
      this.facts[side].size = size;
      this.options.onProgress?.({ scenario: 'analyse', side, startedAt: Date.now() });
      try {
        const analysed = await analyseImage(
          this.tags[side],
          this.workspace.root,
          new Set(this.project.devOnlyPackages),
        );
        this.facts[side].floor = analysed.floor;
        this.facts[side].security = analysed.security;
      } catch (error) {
        if (this.options.signal?.aborted) throw error;
        this.facts[side].floor = null;
        this.facts[side].security = null;
        this.notes.push(
          `${side}: image analysis failed (${error instanceof Error ? error.message : String(error)}); efficiency and security not measured.`,
        );
      }
    }
  }

  /** Both images compared: distributions, imports, libraries, files, runtime contract, behaviour. */
  private async verify(namedRemovals: Array<{ path: string; reason: string }>): Promise<void> {
    const ignore = join(this.workspace.context.after, '.dockerignore');
    this.verification = await verifyImages({
      project: this.project,
      tags: this.tags,
      containerPrefix: `${BENCH_PREFIX}${this.workspace.id}`,
      onContainer: (name) => this.cleanup.container(name),
      afterDockerignore: existsSync(ignore) ? readFileSync(ignore, 'utf8') : null,
      namedRemovals,
      buildFiles: [
        this.workspace.dockerfileRelative,
        `${this.workspace.dockerfileRelative}.dockerignore`,
        '.dockerignore',
      ],
      onSide: (side) => this.options.onProgress?.({ scenario: 'verify', side, startedAt: Date.now() }),
      ...(this.options.signal ? { signal: this.options.signal } : {}),
    });
    for (const side of SIDES) {
      const behaviour = this.verification.behaviour[side];
      if (behaviour) this.facts[side].verification = behaviour;
    }
  }

  private async noop(): Promise<void> {
    await this.prime();
    await this.timed('noop', 'nothing changed', () => undefined);
  }

  private async code(): Promise<void> {
    const file = mainSourceFile(this.project, this.workspace.context.before);
    if (!file) {
      this.notes.push('code: no Python source file found to change; scenario skipped.');
      return;
    }
    await this.prime();
    await this.timed(
      'code',
      `appended a comment line to ${file} (the guide's \`echo "# Comment" >> ${file}\`), a new line each run`,
      (run) => appendComment(this.workspace, file, run),
    );
  }

  private async deps(afterDockerfile: string): Promise<void> {
    await this.prime();
    this.options.onProgress?.({ scenario: 'deps-lock', startedAt: Date.now() });
    const baseImage =
      pythonBaseImage(afterDockerfile) ??
      pythonBaseImage(readFileSync(this.workspace.dockerfile.before, 'utf8'));
    if (!baseImage) {
      this.notes.push('deps: no python base image found to re-lock in; scenario skipped.');
      return;
    }
    const change = await prepareDependencyChange({
      project: this.project,
      workspace: this.workspace,
      runs: this.options.runs,
      baseImage,
      dockerfiles: [readFileSync(this.workspace.dockerfile.before, 'utf8'), afterDockerfile],
      onContainer: (name) => this.cleanup.container(name),
      ...(this.options.signal ? { signal: this.options.signal } : {}),
    });
    if (typeof change === 'string') {
      this.notes.push(`${change} Scenario skipped.`);
      return;
    }
    await this.timed('deps', change.description, (run) =>
      applyDependencyVariant(this.workspace, change.variants[run - 1]!.files),
    );
  }

  private verdict(): BenchReport['verdict'] {
    const reasons: string[] = [];
    const before = this.facts.before.verification;
    const after = this.facts.after.verification;
    if (this.verification && !this.verification.ok) {
      reasons.push(
        `"after" is not the same application: ${verificationDifferences(this.verification).join('; ')}.`,
      );
    }
    if (after?.gracefulStop === false) this.notes.push('"after" ignored SIGTERM and was killed after 10 s.');
    if (before && after && !before.healthy && !after.healthy) {
      this.notes.push(
        'Neither image became healthy; check the detected port and health route (`shipshape info`).',
      );
    }
    return { ok: reasons.length === 0, reasons };
  }
}

/** The first `FROM python…` image of a Dockerfile, for running the project's own tools. */
export function pythonBaseImage(dockerfile: string): string | undefined {
  const match = /^\s*FROM\s+(?:--platform=\S+\s+)?((?:[\w.-]+\/)*python:[\w.-]+(?:@\S+)?)/im.exec(dockerfile);
  return match?.[1];
}

function shortInstruction(createdBy: string): string {
  const text = createdBy
    .replace(/\s*# buildkit$/, '')
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/^(?:RUN )?\/bin\/sh -c /, 'RUN ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return '(base image layer)';
  return text.length > 70 ? `${text.slice(0, 69)}…` : text;
}
