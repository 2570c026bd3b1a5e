import type { Dockerfile, Instruction } from '../dockerfile/model.js';
import { resolveAt } from '../dockerfile/scope.js';
import { UserError } from '../errors.js';
import type { Project } from '../project/types.js';
import { packagesBuiltFromSource, type WheelTarget } from '../project/wheels.js';
import { alpinePackages } from './alpine.js';
import { analyzeOriginal, emptyFacts, type OriginalFacts, verbatim } from './analyze.js';
import { allowsPython, minimumPython, parsePythonBase, slimImageFor } from './base-image.js';
import { defaultCommand, type ServerCommand, translateCommand } from './command.js';
import { DISTROLESS, distrolessBlockers, distrolessBuilderPackages, onVenvPython } from './distroless.js';
import { profileOf } from './profiles.js';
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

function mainPort(project: Project, facts: OriginalFacts, dockerfile: Dockerfile | null): number | null {
  const shipped = dockerfile?.stages[dockerfile.stages.length - 1];
  const last = shipped?.instructions[shipped.instructions.length - 1];
  const expand = (text: string) => (dockerfile && last ? resolveAt(dockerfile, last, text) : text);
  const exposed = facts.expose.map((p) => Number.parseInt(expand(p), 10)).find((p) => Number.isFinite(p));
  return project.server.ports[0] ?? exposed ?? null;
}

/**
 * The health route of the app this image runs: a route defined in a module the command names
 * (`services/api/main.py` for `uvicorn services.api.main:app`). A route of another service of
 * the same project (a worker image beside the API) would make the check fail, so then none.
 */
function healthRouteOf(project: Project, argv: string[]): string | null {
  const preferred = project.server.health;
  if (!preferred || argv.length === 0) return preferred;
  const command = argv.join(' ');
  const routes = project.server.healthRoutes.filter((r) => r.path === preferred);
  const served = routes.some((route) => {
    const parts = route.file.replace(/\.py$/, '').split('/');
    const module = parts.length > 1 ? parts.slice(0, -1).join('.') : parts[0]!;
    return module !== '' && command.includes(module);
  });
  return served || routes.length === 0 ? preferred : null;
}

/** The SHELL instruction's argv (`["/bin/bash", "-o", "pipefail", "-c"]`); null when absent or unreadable. */
function shellArgv(text: string | null): string[] | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null;
  } catch {
    return null;
  }
}

function builderNameFor(dockerfile: Dockerfile | null, kept: number[]): string {
  const taken = new Set(kept.map((i) => dockerfile?.stages[i]?.name).filter(Boolean));
  for (const name of ['builder', 'python-builder', 'shipshape-builder']) if (!taken.has(name)) return name;
  return 'shipshape-deps';
}

function stageText(dockerfile: Dockerfile, index: number): string {
  const stage = dockerfile.stages[index]!;
  const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
  return dockerfile.text.slice(stage.from.range.start.offset, last.range.end.offset);
}

/** The app runs pip itself (an entrypoint script or a kept step installs at run time). */
function appRunsPip(project: Project, facts: OriginalFacts): boolean {
  return (
    facts.review.some((s) => /\bpip\b/.test(s.text)) ||
    project.shellScripts.some((s) => /\bpip3?\s+install\b|-m\s+pip\b/.test(s.text))
  );
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

/** The URL a curl/wget HEALTHCHECK probes, when it is a plain probe optimize can do with Python. */
function probedUrl(healthcheck: Instruction): string | null {
  const text = healthcheck.argsText ?? '';
  if (!/\b(curl|wget)\b/.test(text)) return null;
  const url = /https?:\/\/[^\s'"|;]+/.exec(text)?.[0] ?? null;
  return url && !url.includes('$') ? url.replace('localhost', '127.0.0.1') : null;
}

/** Project → Plan: what the optimized Dockerfile will contain, and the fate of every original line. Pure. */
export function plan(project: Project, options: PlanOptions = {}): Plan {
  return planWithFacts(project, options).plan;
}

/** The plan and what it was made from (the conservation checks compare the two). */
export function planWithFacts(
  project: Project,
  options: PlanOptions = {},
): { plan: Plan; facts: OriginalFacts } {
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

  const profile = profileOf(variant);
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
      ? { ...slim, image: slim.version ? `python:${slim.version}-alpine` : 'python:alpine' }
      : distroless
        ? { ...slim, image: DISTROLESS.image, release: DISTROLESS.release, version: DISTROLESS.python }
        : slim;
  // Wheel checks need a version: an unversioned tag is checked against the lowest allowed one.
  const checkedPython = base.version ?? fallbackPython ?? '3.13';
  const builderImage = distroless ? DISTROLESS.builderImage : base.image;
  // Distroless is checked against the Python the project builds with today, not the image's own.
  const compiledOnAlpine = checkVariant(
    variant,
    project,
    distroless ? (slim.version ?? checkedPython) : checkedPython,
    options.force ?? false,
  );
  if (distroless) {
    changes.push({
      rules: ['SS105'],
      description: `Distroless variant: ${builderImage} with Debian's python${DISTROLESS.python} builds the venv; ${base.image} ships it.`,
      effect: `the same ${DISTROLESS.interpreter} in both stages, so the venv moves safely; no shell, no package manager and no setuid tools in the image`,
    });
  } else if (facts.baseImage && facts.baseImage !== base.image) {
    changes.push({
      rules: ['SS105'],
      description: base.version
        ? `Base image ${facts.baseImage} → ${base.image} for both stages.`
        : `Base image ${facts.baseImage} → ${base.image} for both stages; the original names no Python version, so none is chosen here either (pin one, e.g. python:3.13-slim, for reproducible builds).`,
      effect: base.version
        ? 'same Python version and Debian release; builder and runtime share the interpreter path, so the venv moves safely'
        : 'the same Python as the original gets today; builder and runtime share the interpreter path',
    });
  }

  const workdir = facts.workdir?.startsWith('/') ? facts.workdir.replace(/\/+$/, '') || '/' : '/app';
  // Every recipe keeps the venv inside the project folder, at the same path in both stages.
  const venv = `${workdir === '/' ? '' : workdir}/.venv`;
  const keepPip = appRunsPip(project, facts);
  const recipe = dependencyRecipe({
    project,
    venv,
    installs: facts.installs.filter((i) => i.shipped),
    manifestPaths: facts.manifestPaths,
    toolchain: distroless ? debianPython(DISTROLESS.interpreter) : IMAGE_PYTHON,
    keepPip,
  });
  changes.push({
    rules: [
      'SS201',
      'SS202',
      'SS203',
      'SS107',
      ...(recipe.manager === 'uv' ? ['SS204', 'SS206', 'SS209'] : []),
    ],
    description: `Dependencies install in a builder stage with ${recipe.manager}${recipe.sets.length ? ` (${recipe.sets.join(', ')})` : ''}, from ${recipe.manifests.join(' + ') || 'the project'}, with a cache mount, before any source is copied; dev dependencies only with --build-arg ENVIRONMENT=development.`,
    effect:
      'dependency layer now cached across code changes; downloads reused across dependency changes; no dev/test packages in the image',
  });
  if (recipe.manager === 'pip' && !keepPip) {
    changes.push({
      rules: ['SS107'],
      description: 'The venv is made without pip; the base image’s pip fills it (`pip --python`).',
      effect: 'no second pip and setuptools in the image',
    });
  }

  const healthOriginal = facts.healthcheck;
  const healthNone = healthOriginal ? /^\s*NONE\b/i.test(healthOriginal.argsText ?? '') : false;
  const scriptProbe =
    healthOriginal &&
    facts.healthScriptUrl &&
    /health[-_]?check\.sh|health\.sh/.test(healthOriginal.argsText ?? '')
      ? facts.healthScriptUrl
      : null;
  const replacedUrl = healthOriginal && !healthNone ? (scriptProbe ?? probedUrl(healthOriginal)) : null;
  const keptHealthcheck = Boolean(healthOriginal) && !replacedUrl;
  const split = splitPackages(
    facts.aptPackages,
    base.release,
    toolsTheAppUses(project, facts, keptHealthcheck),
    variant !== 'distroless',
  );
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
      `No runtime library is known for ${dev}: add it to the shipped stage yourself if the app needs it.`,
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

  const sourceCopies =
    facts.sourceCopies.length > 0 ? facts.sourceCopies : [{ sources: ['.'], destination: '.' }];
  const steps = facts.steps;
  for (const step of steps) changes.push(stepChange(step));
  for (const review of [...facts.review, ...facts.builderSteps])
    warnings.push(`Line ${review.line}: kept as written and marked for review: ${review.reason}.`);

  const port = mainPort(project, facts, dockerfile);
  const context = {
    project,
    venv,
    environments: facts.environments,
    shell: shellArgv(facts.shell),
    rewritePaths: !profile.hasShell,
  };
  const onImage = (server: ServerCommand | null) =>
    server && distroless ? { ...server, argv: onVenvPython(server.argv) } : server;
  const command = onImage(translateCommand(context, facts.cmd));
  const entrypoint = onImage(translateCommand(context, facts.entrypoint));
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
  for (const server of [entrypoint, command]) {
    if (!server?.translatedFrom) continue;
    changes.push({
      rules: ['SS208', 'SS401', ...(server.dropped.some((d) => d.startsWith('--reload')) ? ['SS402'] : [])],
      description: `${server === entrypoint ? 'ENTRYPOINT' : 'CMD'} in exec form on the venv: ${JSON.stringify(server.argv)}${server.dropped.length ? ` (dropped: ${server.dropped.join(' ')} — a development-server flag)` : ''}${server.renamed.length && distroless ? ` (${server.renamed.map((r) => `${r.original} → ${r.venvPath}`).join(', ')})` : ''}.`,
      effect: 'no dependency sync at start-up; the server is PID 1 and receives SIGTERM',
    });
  }
  const links = !profile.hasShell ? [] : [entrypoint, command].flatMap((server) => server?.renamed ?? []);
  if (links.length > 0)
    changes.push({
      rules: ['SS107'],
      description: `${links.map((l) => l.original).join(', ')} kept working as a link to the venv’s ${links.map((l) => l.venvPath).join(', ')}.`,
      effect:
        'the command (and anything outside the image that names that path) finds the program where it was',
    });
  const expose = facts.expose.length > 0 ? facts.expose : port !== null ? [String(port)] : [];
  const healthPath = healthRouteOf(project, [...(entrypoint?.argv ?? []), ...(cmd ?? [])]);
  let healthcheck: Plan['healthcheck'] = null;
  if (healthOriginal && !replacedUrl) {
    healthcheck = {
      url: null,
      port,
      original: dockerfile ? verbatim(dockerfile, healthOriginal) : (healthOriginal.argsText ?? ''),
    };
  } else if (replacedUrl) {
    healthcheck = { url: replacedUrl, port, original: null };
    changes.push({
      rules: ['SS403', 'SS112'],
      description: `HEALTHCHECK probes ${replacedUrl} with the image's own Python instead of curl/wget (the same URL as the original's).`,
      effect: 'the same probe without curl in the image',
    });
  } else if (port !== null) {
    healthcheck = { url: healthPath ? `http://127.0.0.1:${port}${healthPath}` : null, port, original: null };
    changes.push({
      rules: ['SS403', 'SS112'],
      description: healthcheck.url
        ? `HEALTHCHECK probes ${healthcheck.url} with the image's own Python.`
        : `HEALTHCHECK opens a TCP connection to port ${port} with the image's own Python.`,
      effect: 'orchestrators see when the app is ready; no curl in the image',
    });
  }
  const original = facts.user;
  const user = profile.fixedUser ?? {
    name: original?.name && original.name !== 'root' ? original.name : 'app',
    uid: original?.uid ?? APP_UID,
    gid: original?.gid ?? original?.uid ?? APP_GID,
  };
  changes.push({
    rules: ['SS301', 'SS111', 'SS405'],
    description: `Runs as ${user.name} (uid ${user.uid}, gid ${user.gid}${distroless ? ", the distroless image's own account" : original?.uid != null ? ', as the original' : original ? ', the original’s user' : ''}); files copied with --chown; PYTHONUNBUFFERED=1.`,
    effect: 'smaller blast radius; no chown layer duplicating files; logs appear immediately',
  });
  const ownedFolders = [
    ...new Set(
      [workdir, ...facts.ownedFolders].filter((f) => f !== '/' && f !== venv && !f.startsWith(`${venv}/`)),
    ),
  ];
  if (ownedFolders.length > 0 && profile.hasShell) {
    changes.push({
      rules: ['SS301'],
      description: `Folders the app writes to are created owned by ${user.name}: ${ownedFolders.join(', ')}.`,
      effect: 'setup steps and the running app can write there without root',
    });
  }
  const builderName = builderNameFor(dockerfile, facts.keptStages);
  const keptStages = dockerfile ? facts.keptStages.map((i) => stageText(dockerfile, i)) : [];

  const thePlan: Plan = {
    variant,
    syntaxDirective: options.syntaxDirective ?? true,
    baseImage: base.image,
    builderImage,
    builderName,
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
    builderSteps: facts.builderSteps,
    globalArgs: facts.globalArgs,
    stageArgs: facts.stageArgs,
    builderArgs: facts.builderArgs,
    shell: facts.shell,
    ownedFolders: profile.hasShell ? ownedFolders : [],
    keptStages,
    keptStageSources: facts.keptStageSources,
    links,
    keptCopies: facts.keptCopies,
    env: facts.env,
    builderEnv: facts.builderEnv,
    labels: facts.labels,
    expose,
    volumes: facts.volumes,
    stopSignal: facts.stopSignal,
    entrypoint: entrypoint?.argv ?? null,
    cmd,
    healthcheck,
    changes,
    warnings,
    ledger: facts.ledger,
  };
  return { plan: thePlan, facts };
}
