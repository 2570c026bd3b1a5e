import type { Project } from '../project/types.js';
import { packagesBuiltFromSource, type WheelTarget } from '../project/wheels.js';
import { alpinePackages } from './alpine.js';
import type { OriginalFacts } from './analyze.js';
import { distrolessBuilderPackages } from './distroless.js';
import type { PlanOptions } from './plan.js';
import type { ImageChoice } from './plan-images.js';
import { splitPackages } from './system-packages.js';
import type { Change, Variant } from './types.js';
import { DOCKER_CLI_IMAGE } from './versions.js';

/** Slim images are glibc: manylinux wheels are the ones that count. */
function wheelTarget(python: string, arch: string): WheelTarget {
  return { python, libc: 'glibc', arch };
}

/** Programs named by the app's scripts, command and kept steps (their apt packages must stay). */
function toolsTheAppUses(project: Project, facts: OriginalFacts, keptHealthcheck: boolean): Set<string> {
  const used = new Set(facts.usedTools);
  const texts = [
    ...project.shellScripts.map((s) => s.text),
    facts.cmd?.argsText ?? '',
    facts.entrypoint?.argsText ?? '',
    keptHealthcheck ? (facts.healthcheck?.argsText ?? '') : '',
  ];
  for (const tool of ['curl', 'wget', 'gnupg', 'gpg', 'git'])
    if (texts.some((t) => new RegExp(`\\b${tool}\\b`).test(t))) used.add(tool);
  return used;
}

/** A builder stage's apt packages, minus the interpreter's own and what was dropped as a helper. */
function builderPackages(packages: string[], dropped: string[]): string[] {
  return packages.filter(
    (name) =>
      !/^(lib)?python3(\.\d+)?(-minimal|-venv|-pip|-stdlib|-dev)?$/.test(name) &&
      !['ca-certificates', 'netbase'].includes(name) &&
      !dropped.includes(name),
  );
}

export interface PackageChoice {
  build: string[];
  runtime: string[];
  /** What the shipped stage would need on distroless, which has no package manager (for its refusals). */
  distrolessRuntime: string[];
  dockerCliImage: string | null;
  changes: Change[];
  warnings: string[];
}

/** System packages: compilers in the builder, their libraries in the shipped stage, helpers dropped. */
export function choosePackages(
  project: Project,
  facts: OriginalFacts,
  variant: Variant,
  images: ImageChoice,
  keptHealthcheck: boolean,
  options: PlanOptions,
): PackageChoice {
  const changes: Change[] = [];
  const warnings: string[] = [];
  const { base, checkedPython, compiledOnAlpine } = images;
  const distroless = variant === 'distroless';
  // A health check optimize replaces (or a curl health-check script) was curl's use.
  const replacedProbe = !keptHealthcheck && (facts.healthcheck !== null || facts.healthScriptUrl !== null);
  const helperOnly = new Set([...facts.helperUses, ...(replacedProbe ? ['curl', 'wget'] : [])]);
  const split = splitPackages(
    facts.aptPackages,
    base.release,
    toolsTheAppUses(project, facts, keptHealthcheck),
    variant !== 'distroless',
    helperOnly,
  );
  // What the original's builder stages installed stays in the builder.
  split.build = [
    ...new Set([...split.build, ...builderPackages(facts.builderAptPackages, split.dropped)]),
  ].sort();
  const compilers = split.build.filter((name) => !name.endsWith('-dev'));
  if (
    compilers.length > 0 &&
    project.lock &&
    packagesBuiltFromSource(project.lock, wheelTarget(checkedPython, options.arch ?? 'x86_64')).length === 0
  ) {
    // Every locked package has a manylinux (or pure-Python) wheel for this Python: nothing compiles.
    split.build = [];
    changes.push({
      rules: ['SS101'],
      description: `No compiler installed: every package in ${project.lock.path} has a wheel for CPython ${checkedPython} on manylinux ${options.arch ?? 'x86_64'}.`,
      effect: `drops ${compilers.join(', ')} from the build entirely`,
    });
  }
  if (split.build.length > 0) {
    changes.push({
      rules: ['SS101'],
      description: `Build-only packages stay in the builder: ${split.build.join(', ')}${split.addedForBuild.length ? ` (${split.addedForBuild.join(', ')} added: with --no-install-recommends the compiler no longer brings it)` : ''}.`,
      effect: `runtime keeps only the libraries they link against${split.runtime.length ? `: ${split.runtime.join(', ')}` : ''}`,
    });
  }
  if (split.inBase.length > 0) {
    changes.push({
      rules: ['SS102'],
      description: `Not installed again: ${split.inBase.join(', ')} (already in ${base.image}).`,
      effect: 'no apt update and install on every fresh build for packages the base has',
    });
  }
  if (variant === 'alpine') {
    const mapped = alpinePackages(split.build, split.runtime, compiledOnAlpine.length > 0);
    split.build = mapped.build;
    split.runtime = mapped.runtime;
    changes.push({
      rules: ['SS105', 'SS114'],
      description: `Alpine variant: ${base.image} for both stages; build-base only in the builder.`,
      effect:
        compiledOnAlpine.length > 0
          ? `smallest base; compiles ${compiledOnAlpine.join(', ')} in the builder (--force)`
          : 'smallest base; every locked package has a musllinux or pure-Python wheel',
    });
  }
  const distrolessRuntime = split.runtime;
  if (distroless) {
    split.runtime = [];
    split.build = [...distrolessBuilderPackages(split.build.length > 0), ...split.build];
  }
  for (const dev of split.unknownDev)
    warnings.push(
      `No runtime library is known for ${dev}: it stays in the shipped stage as in the original (replace it by its library to save space).`,
    );
  const dockerCliImage = facts.installsDockerCli ? DOCKER_CLI_IMAGE : null;
  if (dockerCliImage || split.dropped.length > 0) {
    changes.push({
      rules: ['SS106', 'SS101', 'SS102', 'SS103'],
      description: dockerCliImage
        ? `Docker CLI copied from ${dockerCliImage} instead of an apt repository.`
        : `Dropped apt repository helpers (used only to add a repository or by the replaced health check): ${split.dropped.join(', ')}.`,
      effect: `drops ${split.dropped.length ? split.dropped.join(', ') : 'nothing'} and the apt lists; the CLI binary is all that ships`,
    });
  }
  if (split.runtime.length > 0) {
    changes.push({
      rules: ['SS102', 'SS103', 'SS205'],
      description: `Runtime system packages installed first with --no-install-recommends and apt cache mounts: ${split.runtime.join(', ')}.`,
      effect: 'system layer rebuilt only when this list changes; no apt lists shipped',
    });
  }

  return { build: split.build, runtime: split.runtime, distrolessRuntime, dockerCliImage, changes, warnings };
}
