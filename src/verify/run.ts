import { imageInspect } from '../engine/index.js';
import type { Project } from '../project/types.js';
import { runAndWatch } from './behaviour.js';
import { compareImages } from './compare.js';
import { writableCandidates } from './compare-contract.js';
import { probeImage } from './probe.js';
import type { ImageFacts, Side, VerificationReport } from './types.js';

export interface VerifyImagesOptions {
  project: Project;
  tags: Record<Side, string>;
  /** Prefix of the containers it starts (each side and probe adds its own suffix). */
  containerPrefix: string;
  /** Told every container name before it starts, so an interrupted run can remove it. */
  onContainer: (name: string) => void;
  afterDockerignore: string | null;
  /** The Dockerfile and ignore file under comparison, by context path. */
  buildFiles: string[];
  /** Files the rewrite says it no longer makes (from optimize's ledger). */
  namedRemovals: Array<{ path: string; reason: string }>;
  onSide?: (side: Side) => void;
  signal?: AbortSignal;
}

/**
 * Collects the facts of both images — one probe container and one served container each,
 * one after the other (the machine may be small) — and compares them.
 */
export async function verifyImages(options: VerifyImagesOptions): Promise<VerificationReport> {
  const configs = {
    before: (await imageInspect(options.tags.before)).config,
    after: (await imageInspect(options.tags.after)).config,
  };
  const folders = writableCandidates(configs.before);
  const facts = {} as Record<Side, ImageFacts>;
  for (const side of ['before', 'after'] as const) {
    options.signal?.throwIfAborted();
    options.onSide?.(side);
    const name = `${options.containerPrefix}-${side}`;
    options.onContainer(`${name}-probe-python3`);
    options.onContainer(`${name}-probe-python`);
    const probe = await probeImage({
      image: options.tags[side],
      name: `${name}-probe`,
      folders,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    options.onContainer(name);
    const behaviour = await runAndWatch({
      project: options.project,
      tag: options.tags[side],
      name,
      onContainer: options.onContainer,
    });
    facts[side] = {
      tag: options.tags[side],
      config: configs[side],
      probe: typeof probe === 'string' ? null : probe,
      ...(typeof probe === 'string' ? { probeError: probe } : {}),
      behaviour,
    };
  }
  return compareImages(facts.before, facts.after, {
    devOnly: options.project.devOnlyPackages,
    scripts: Object.fromEntries(
      Object.entries(options.project.pyproject?.pdm?.scripts ?? {})
        .filter(([, script]) => !script.shell)
        .map(([name, script]) => [name, script.argv]),
    ),
    afterDockerignore: options.afterDockerignore,
    namedRemovals: options.namedRemovals,
    buildFiles: options.buildFiles,
  });
}
