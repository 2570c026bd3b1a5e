import { type Dockerfile, parseDockerfile } from '../dockerfile/index.js';
import { UserError } from '../errors.js';
import { parseDockerIgnore } from '../project/dockerignore.js';
import type { Project } from '../project/types.js';
import { runRules } from '../rules/run.js';
import type { Finding } from '../types.js';
import { conservationProblems } from './conserve.js';
import { dockerignoreText } from './dockerignore.js';
import { type PlanOptions, planWithFacts } from './plan.js';
import { render } from './render.js';
import type { Change, LedgerEntry, Plan } from './types.js';

export type { ConservationProblem } from './conserve.js';
export { dockerignoreText, RECOMMENDED_IGNORES } from './dockerignore.js';
export { plan } from './plan.js';
export { render } from './render.js';
export type { Change, Fate, LedgerEntry, Plan, Variant } from './types.js';

export interface OptimizeResult {
  plan: Plan;
  dockerfile: string;
  dockerignore: string;
  changes: Change[];
  warnings: string[];
  /** Every instruction of the original with its fate. */
  ledger: LedgerEntry[];
  /** Findings of `shipshape lint` on the generated Dockerfile (warnings and errors only): must be empty. */
  remainingFindings: Finding[];
}

function stageAtLine(model: Dockerfile, line: number): number {
  let found = -1;
  for (const stage of model.stages) if (stage.from.range.start.line <= line) found = stage.index;
  return found;
}

/** Every file of the context the rewrite reads: bind-mounted manifests and copied sources. */
function filesTheBuildReads(plan: Plan): string[] {
  return [...plan.recipe.manifests, ...plan.sourceCopies.flatMap((c) => c.sources), ...plan.keptStageSources];
}

/** Project → optimized Dockerfile and .dockerignore, with the reasons, checked by the rules. */
export async function optimize(project: Project, options: PlanOptions = {}): Promise<OptimizeResult> {
  const { plan: thePlan, facts } = planWithFacts(project, options);
  const dockerfile = render(thePlan);
  const dockerignore = dockerignoreText(project.dockerignore, filesTheBuildReads(thePlan), {
    // A kept stage that copies the whole context (a dev target running the tests) still gets tests and docs.
    keepDevelopmentFiles: thePlan.keptStageSources.some((s) => s === '.' || s === './'),
  });
  const model = await parseDockerfile(dockerfile, project.dockerfile?.path ?? 'Dockerfile');
  const problems = conservationProblems(project, thePlan, facts, project.dockerfile?.model ?? null, model);
  if (problems.length > 0) {
    throw new UserError(
      `optimize stopped: the rewrite would not keep what the original does — ${problems.map((p) => `${p.check}: ${p.message}`).join('; ')}. Nothing was written; please report this with your Dockerfile, and keep the original meanwhile.`,
    );
  }
  // Lint the result as it will be: the new Dockerfile beside the new .dockerignore.
  const after: Project = {
    ...project,
    dockerignore: parseDockerIgnore(dockerignore, '.dockerignore'),
    dockerfile: { path: project.dockerfile?.path ?? 'Dockerfile', model, dockerignore: '.dockerignore' },
  };
  // Stages kept as written are the user's own: their findings are lint's business, not the rewrite's.
  const keptStages = new Set(model.stages.slice(0, thePlan.keptStages.length).map((s) => s.index));
  const remainingFindings = runRules(after, model, after.dockerfile!.path).filter(
    (f) => f.severity !== 'info' && !keptStages.has(stageAtLine(model, f.range.start.line)),
  );
  return {
    plan: thePlan,
    dockerfile,
    dockerignore,
    changes: thePlan.changes,
    warnings: thePlan.warnings,
    ledger: thePlan.ledger,
    remainingFindings,
  };
}
