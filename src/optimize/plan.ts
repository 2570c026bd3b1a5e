import { UserError } from '../errors.js';
import type { Project } from '../project/types.js';
import { packagesBuiltFromSource, type WheelTarget } from '../project/wheels.js';
import { alpinePackages } from './alpine.js';
import { analyzeOriginal, emptyFacts, type OriginalFacts } from './analyze.js';
import { allowsPython, minimumPython, parsePythonBase, slimImageFor } from './base-image.js';
import { defaultCommand, type ServerCommand, translateCommand } from './command.js';
import { DISTROLESS, distrolessBlockers, distrolessBuilderPackages, onVenvPython } from './distroless.js';
import { debianPython, dependencyRecipe, IMAGE_PYTHON } from './recipes.js';
import { splitPackages } from './system-packages.js';
import type { AppStep, Change, Plan, Variant } from './types.js';
import { checkVariant } from './variants.js';
import { APP_GID, APP_UID, DOCKER_CLI_IMAGE } from './versions.js';

export interface PlanOptions {
  variant?: Variant;
  syntaxDirective?: boolean;
  force?: boolean;
  /** Target CPU for wheel checks (`x86_64` or `aarch64`). */
  arch?: string;
}

/** What optimize did with one RUN step of the original, and why. */
function stepChange(step: AppStep): Change {
  switch (step.kind) {
    case 'system':
      return {
        rules: ['SS210', 'SS208'],
        description: `Line ${step.line}: \`${step.command}\` runs as root before USER (it installs system libraries with apt); the rest of the step runs as the app user.`,
        effect: 'the libraries install with root rights they need; apt lists removed in the same layer',
      };
    case 'check':
      return {
        rules: ['SS407'],
        description: `Line ${step.line}: the import check now fails the build when it fails: \`${step.command}\`.`,
        effect: 'a broken import stops the build instead of shipping',
      };
    default:
      return {
        rules: ['SS210', 'SS208'],
        description: `Line ${step.line}: setup step runs in the shipped stage as the app user with the venv's tools${step.needsSource ? ' (after the source: it reads it)' : ', before the source'}: \`${step.command}\`.`,
        effect:
          'what it produces (browsers, models, assets) lands in the image where the app looks at run time',
      };
  }
}

/** Slim images are glibc: manylinux wheels are the ones that count. */
function wheelTarget(python: string, arch: string): WheelTarget {
  return { python, libc: 'glibc', arch };
}

function mainPort(project: Project, facts: OriginalFacts): number | null {
  const exposed = facts.expose.map((p) => Number.parseInt(p, 10)).find((p) => Number.isFinite(p));
  return project.server.ports[0] ?? exposed ?? null;
}

/** Project → Plan: what the optimized Dockerfile will contain and why. Pure. */
export function plan(project: Project, options: PlanOptions = {}): Plan {
  const variant = options.variant ?? 'slim';
  const dockerfile = project.dockerfile?.model ?? null;
  if (dockerfile && dockerfile.syntaxErrors.length > 0) {
    const error = dockerfile.syntaxErrors[0]!;
    throw new UserError(
      `${project.dockerfile!.path}:${error.range.start.line}: ${error.message} Fix the Dockerfile (see \`shipshape lint\`), then optimize again.`,
    );
  }
  const facts = dockerfile ? analyzeOriginal(project, dockerfile) : emptyFacts();
  const changes: Change[] = [];
  const warnings: string[] = [];

  const distroless = variant === 'distroless';
  const originalBase = facts.baseImage ? parsePythonBase(facts.baseImage) : null;
  // Without a python base to follow, distroless takes its own Python when the project allows it.
  const fallbackPython =
    distroless && !originalBase && allowsPython(project.requiresPython, DISTROLESS.pythonPatch)
      ? DISTROLESS.python
      : minimumPython(project.requiresPython);
  const slim = slimImageFor(originalBase, fallbackPython);
  const base =
    variant === 'alpine'
      ? { ...slim, image: `python:${slim.version}-alpine` }
      : distroless
        ? { ...slim, image: DISTROLESS.image, release: DISTROLESS.release }
        : slim;
  const builderImage = distroless ? DISTROLESS.builderImage : base.image;
  const compiledOnAlpine = checkVariant(variant, project, base.version, options.force ?? false);
  if (distroless) {
    changes.push({
      rules: ['SS105'],
      description: `Distroless variant: ${builderImage} with Debian's python${DISTROLESS.python} builds the venv; ${base.image} ships it.`,
      effect: `the same ${DISTROLESS.interpreter} in both stages, so the venv moves safely; no shell, no package manager and no setuid tools in the image`,
    });
  } else if (facts.baseImage && facts.baseImage !== base.image) {
    changes.push({
      rules: ['SS105'],
      description: `Base image ${facts.baseImage} → ${base.image} for both stages.`,
      effect:
        'same Python version and Debian release; builder and runtime share the interpreter path, so the venv moves safely',
    });
  }

  const workdir = facts.workdir?.startsWith('/') ? facts.workdir.replace(/\/+$/, '') || '/' : '/app';
  // Every recipe keeps the venv inside the project folder, at the same path in both stages.
  const venv = `${workdir === '/' ? '' : workdir}/.venv`;
  const recipe = dependencyRecipe({
    project,
    venv,
    extras: facts.installedExtras,
    groups: facts.installedGroups,
    toolchain: distroless ? debianPython(DISTROLESS.interpreter) : IMAGE_PYTHON,
  });
  changes.push({
    rules: [
      'SS201',
      'SS202',
      'SS203',
      'SS107',
      ...(recipe.manager === 'uv' ? ['SS204', 'SS206', 'SS209'] : []),
    ],
    description: `Dependencies install in a builder stage with ${recipe.manager}, from ${recipe.manifests.join(' + ')} only, with a cache mount, before any source is copied; dev dependencies only with --build-arg ENVIRONMENT=development.`,
    effect:
      'dependency layer now cached across code changes; downloads reused across dependency changes; no dev/test packages in the image',
  });

  const split = splitPackages(facts.aptPackages, base.release, facts.usedTools);
  const compilers = split.build.filter((name) => !name.endsWith('-dev'));
  if (
    compilers.length > 0 &&
    project.lock &&
    packagesBuiltFromSource(project.lock, wheelTarget(base.version, options.arch ?? 'x86_64')).length === 0
  ) {
    // Every locked package has a manylinux (or pure-Python) wheel for this Python: nothing compiles.
    split.build = [];
    changes.push({
      rules: ['SS101'],
      description: `No compiler installed: every package in ${project.lock.path} has a wheel for CPython ${base.version} on manylinux ${options.arch ?? 'x86_64'}.`,
      effect: `drops ${compilers.join(', ')} from the build entirely`,
    });
  }
  if (split.build.length > 0) {
    changes.push({
      rules: ['SS101'],
      description: `Build-only packages stay in the builder: ${split.build.join(', ')}.`,
      effect: `runtime keeps only the libraries they link against${split.runtime.length ? `: ${split.runtime.join(', ')}` : ''}`,
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
      `No runtime library is known for ${dev}: add it to the shipped stage yourself if the app needs it.`,
    );
  const dockerCliImage = facts.installsDockerCli ? DOCKER_CLI_IMAGE : null;
  if (dockerCliImage || split.dropped.length > 0) {
    changes.push({
      rules: ['SS106', 'SS101', 'SS102', 'SS103'],
      description: dockerCliImage
        ? `Docker CLI copied from ${dockerCliImage} instead of an apt repository.`
        : `Dropped apt repository helpers: ${split.dropped.join(', ')}.`,
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

  const sourceCopies =
    facts.sourceCopies.length > 0 ? facts.sourceCopies : [{ sources: ['.'], destination: '.' }];
  const steps = facts.steps;
  for (const step of steps) changes.push(stepChange(step));
  for (const review of facts.review)
    warnings.push(`Line ${review.line}: kept as written and marked for review: ${review.reason}.`);

  const port = mainPort(project, facts);
  const onImage = (server: ServerCommand | null) =>
    server && distroless ? { ...server, argv: onVenvPython(server.argv) } : server;
  const command = onImage(translateCommand(project, facts.cmd));
  const entrypoint = onImage(translateCommand(project, facts.entrypoint));
  if (distroless) {
    // Refuse what the image cannot do (no shell, package manager or coreutils), all reasons at once.
    const blockers = distrolessBlockers({
      runtimePackages: distrolessRuntime,
      steps,
      review: facts.review,
      commands: [entrypoint, command],
      venv,
      dockerCli: dockerCliImage !== null,
    });
    if (blockers.length > 0) {
      throw new UserError(
        `The distroless image has only Python — no shell, package manager or other programs — and this project needs more: ${blockers.join('; ')}. Use --variant slim, or remove those needs first.`,
      );
    }
  }
  let cmd = command?.argv ?? null;
  if (!cmd && !entrypoint && port !== null) cmd = defaultCommand(project, port);
  if (command?.translatedFrom || entrypoint?.translatedFrom) {
    changes.push({
      rules: ['SS208', 'SS401'],
      description: `Command in exec form on the venv: ${JSON.stringify(entrypoint?.argv ?? cmd)}.`,
      effect: 'no dependency sync at start-up; the server is PID 1 and receives SIGTERM',
    });
  }
  const expose = facts.expose.length > 0 ? facts.expose : port !== null ? [String(port)] : [];
  const healthPath = project.server.health;
  const healthcheck =
    port !== null ? { url: healthPath ? `http://127.0.0.1:${port}${healthPath}` : null, port } : null;
  if (healthcheck) {
    changes.push({
      rules: ['SS403', 'SS112'],
      description: healthcheck.url
        ? `HEALTHCHECK probes ${healthcheck.url} with the image's own Python.`
        : `HEALTHCHECK opens a TCP connection to port ${port} with the image's own Python.`,
      effect: 'orchestrators see when the app is ready; no curl in the image',
    });
  }
  const userName =
    facts.userName && facts.userName !== 'root' && !/^\d+$/.test(facts.userName) ? facts.userName : 'app';
  const user = distroless ? DISTROLESS.user : { name: userName, uid: APP_UID, gid: APP_GID };
  changes.push({
    rules: ['SS301', 'SS111', 'SS405'],
    description: `Runs as ${user.name} (uid ${user.uid}, gid ${user.gid}${distroless ? ", the distroless image's own account" : ''}); files copied with --chown; PYTHONUNBUFFERED=1.`,
    effect: 'smaller blast radius; no chown layer duplicating files; logs appear immediately',
  });

  return {
    variant,
    syntaxDirective: options.syntaxDirective ?? true,
    baseImage: base.image,
    builderImage,
    pythonVersion: base.version,
    debianRelease: base.release,
    workdir,
    venv,
    user,
    recipe,
    buildPackages: split.build,
    runtimePackages: split.runtime,
    dockerCliImage,
    sourceCopies,
    steps,
    review: facts.review,
    env: facts.env,
    labels: facts.labels,
    expose,
    volumes: facts.volumes,
    stopSignal: facts.stopSignal,
    entrypoint: entrypoint?.argv ?? null,
    cmd,
    healthcheck,
    changes,
    warnings,
  };
}
