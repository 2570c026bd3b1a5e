import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { Project } from '../project/types.js';
import type { GithubWorkflowSpec } from './github.js';

/** Budget flags used when a project configures none, so the generated check still guards something. */
export const STARTER_BUDGET_FLAGS = ['--max-wasted', '20MB', '--min-efficiency', '0.95'];

/** The nearest folder at or above `dir` holding `.git`; `dir` itself outside a repository. */
export function repositoryRoot(dir: string): string {
  let current = path.resolve(dir);
  for (;;) {
    if (existsSync(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return path.resolve(dir);
    current = parent;
  }
}

/** A Docker repository name (lower case, [a-z0-9._-]) from the project's name or folder. */
export function imageNameFor(project: Project): string {
  const raw = project.pyproject?.project?.name ?? path.basename(project.root);
  const name = raw
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return name || 'app';
}

function posix(relative: string): string {
  return relative.split(path.sep).join('/') || '.';
}

/** What the workflow for this project should build, lint and check. */
export function githubWorkflowSpec(
  project: Project,
  repoRoot: string,
  shipshapeVersion: string,
): GithubWorkflowSpec {
  if (!project.dockerfile) {
    throw new UserError(
      `${project.root} has no Dockerfile to build; write one (\`shipshape optimize --write\`) before generating CI.`,
    );
  }
  const projectDir = posix(path.relative(repoRoot, project.root));
  const dockerfile = posix(path.relative(repoRoot, path.join(project.root, project.dockerfile.path)));
  const hasBudgets = project.config?.table.budgets !== undefined;
  return {
    projectDir,
    dockerfile,
    imageTag: `${imageNameFor(project)}:ci`,
    checkFlags: hasBudgets ? [] : STARTER_BUDGET_FLAGS,
    shipshapeVersion,
    branches: ['main'],
  };
}
