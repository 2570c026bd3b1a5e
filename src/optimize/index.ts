import { parseDockerfile } from '../dockerfile/index.js';
import { parseDockerIgnore } from '../project/dockerignore.js';
import type { Project } from '../project/types.js';
import { runRules } from '../rules/run.js';
import type { Finding } from '../types.js';
import { dockerignoreText } from './dockerignore.js';
import { plan as makePlan, type PlanOptions } from './plan.js';
import { render } from './render.js';
import type { Change, Plan } from './types.js';

export { dockerignoreText, RECOMMENDED_IGNORES } from './dockerignore.js';
export { plan } from './plan.js';
export { render } from './render.js';
export type { Change, Plan, Variant } from './types.js';

export interface OptimizeResult {
  plan: Plan;
  dockerfile: string;
  dockerignore: string;
  changes: Change[];
  warnings: string[];
  /** Findings of `shipshape lint` on the generated Dockerfile (warnings and errors only): must be empty. */
  remainingFindings: Finding[];
}

/** Project → optimized Dockerfile and .dockerignore, with the reasons, checked by the rules. */
export async function optimize(project: Project, options: PlanOptions = {}): Promise<OptimizeResult> {
  const thePlan = makePlan(project, options);
  const dockerfile = render(thePlan);
  const keep = thePlan.sourceCopies.flatMap((c) => c.sources);
  const dockerignore = dockerignoreText(project.dockerignore, keep);
  const model = await parseDockerfile(dockerfile, project.dockerfile?.path ?? 'Dockerfile');
  // Lint the result as it will be: the new Dockerfile beside the new .dockerignore.
  const after: Project = {
    ...project,
    dockerignore: parseDockerIgnore(dockerignore, '.dockerignore'),
    dockerfile: { path: project.dockerfile?.path ?? 'Dockerfile', model, dockerignore: '.dockerignore' },
  };
  const remainingFindings = runRules(after, model, after.dockerfile!.path).filter(
    (f) => f.severity !== 'info',
  );
  return {
    plan: thePlan,
    dockerfile,
    dockerignore,
    changes: thePlan.changes,
    warnings: thePlan.warnings,
    remainingFindings,
  };
}
