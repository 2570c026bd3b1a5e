import type { Dockerfile } from '../dockerfile/model.js';
import { UserError } from '../errors.js';
import type { Project } from '../project/types.js';
import { analyzeOriginal, emptyFacts, type OriginalFacts } from './analyze.js';
import { DISTROLESS } from './distroless.js';
import { chooseCommands, readHealthcheck } from './plan-commands.js';
import { chooseImages } from './plan-images.js';
import { choosePackages } from './plan-packages.js';
import { chooseUser } from './plan-user.js';
import { profileOf } from './profiles.js';
import { debianPython, dependencyRecipe, IMAGE_PYTHON } from './recipes.js';
import type { AppStep, Change, Plan, Variant } from './types.js';

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
  const command = `${facts.entrypoint?.argsText ?? ''} ${facts.cmd?.argsText ?? ''}`;
  // The scripts the image starts with (named by its command), not every script of the repository.
  const startScripts = project.shellScripts.filter((s) => command.includes(s.path.split('/').pop()!));
  return (
    facts.review.some((s) => /\bpip3?\b/.test(s.text)) ||
    startScripts.some((s) => /\bpip3?\s+install\b|-m\s+pip\b/.test(s.text))
  );
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
  const images = chooseImages(project, facts, variant, options);
  changes.push(...images.changes);
  const { base, builderImage } = images;
  const distroless = variant === 'distroless';
  const workdir = facts.workdir?.startsWith('/') ? facts.workdir.replace(/\/+$/, '') || '/' : '/app';
  // Every recipe keeps the venv inside the project folder, at the same path in both stages.
  const venv = `${workdir === '/' ? '' : workdir}/.venv`;
  const keepPip = appRunsPip(project, facts);
  const recipe = dependencyRecipe({
    project,
    venv,
    installs: facts.installs.filter((i) => i.shipped),
    manifestPaths: facts.manifestPaths,
    generated: facts.generatedManifests,
    conditional: facts.conditionalInstalls,
    installMounts: facts.installMounts,
    workdir,
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
  if (recipe.manager === 'pip' && !distroless) {
    changes.push({
      rules: ['SS107'],
      description: `The venv is made without pip and sees the base image's site-packages; the base image's pip fills it (\`pip --python\`)${keepPip ? ' and, at run time, installs into it (PIP_PYTHON)' : ''}.`,
      effect: 'no second pip and setuptools in the image',
    });
  }

  const health = readHealthcheck(facts);
  const packages = choosePackages(project, facts, variant, images, health.kept, options);
  changes.push(...packages.changes);
  warnings.push(...packages.warnings);
  const sourceCopies =
    facts.sourceCopies.length > 0 ? facts.sourceCopies : [{ sources: ['.'], destination: '.' }];
  const steps = facts.steps;
  for (const step of steps) changes.push(stepChange(step));
  for (const review of [...facts.review, ...facts.builderSteps])
    warnings.push(`Line ${review.line}: kept as written and marked for review: ${review.reason}.`);

  const commands = chooseCommands(project, facts, dockerfile, profile, venv, packages, health);
  changes.push(...commands.changes);
  const { user, ownedFolders, changes: userChanges } = chooseUser(facts, profile, workdir, venv);
  changes.push(...userChanges);
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
    buildPackages: packages.build,
    runtimePackages: packages.runtime,
    dockerCliImage: packages.dockerCliImage,
    sourceCopies,
    steps,
    review: facts.review,
    builderSteps: facts.builderSteps,
    globalArgs: facts.globalArgs,
    stageArgs: facts.stageArgs,
    builderArgs: facts.builderArgs,
    shell: facts.shell,
    ownedFolders,
    keptStages,
    keptStageSources: facts.keptStageSources,
    links: commands.links,
    keptCopies: facts.keptCopies,
    builderCopies: facts.builderCopies,
    extraPath: facts.extraPath,
    env: facts.env,
    builderEnv: facts.builderEnv,
    labels: facts.labels,
    expose: commands.expose,
    volumes: facts.volumes,
    stopSignal: facts.stopSignal,
    entrypoint: commands.entrypoint,
    cmd: commands.cmd,
    healthcheck: commands.healthcheck,
    changes,
    warnings,
    ledger: facts.ledger,
  };
  return { plan: thePlan, facts };
}
