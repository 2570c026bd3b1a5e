import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { githubWorkflowSpec, renderGithubWorkflow, repositoryRoot } from '../ci/index.js';
import { UserError } from '../errors.js';
import { writeFile } from '../fs/index.js';
import { packageVersion } from '../package-version.js';
import { load } from '../project/index.js';
import type { CiGithubFlags } from './ci.js';

export const WORKFLOW_PATH = '.github/workflows/container.yml';

/** `shipshape ci github`: print the workflow, or write it atomically at the repository root. */
export async function runCiGithub(dir: string, flags: CiGithubFlags): Promise<void> {
  const project = await load(dir);
  const root = repositoryRoot(project.root);
  const spec = githubWorkflowSpec(project, root, packageVersion());
  const text = renderGithubWorkflow(spec);
  if (!flags.write) {
    process.stdout.write(text);
    return;
  }
  const target = path.join(root, WORKFLOW_PATH);
  const shown = path.relative(process.cwd(), target) || target;
  if (existsSync(target) && !flags.force) {
    throw new UserError(
      `${shown} already exists; pass --force to replace it or print the workflow without --write.`,
    );
  }
  const folder = path.dirname(target);
  for (let current = folder; current.startsWith(root) && current !== root; current = path.dirname(current)) {
    if (existsSync(current) && !statSync(current).isDirectory()) {
      throw new UserError(
        `Cannot write ${shown}: ${path.relative(process.cwd(), current) || current} is a file, not a folder.`,
      );
    }
  }
  writeFile(target, text, shown);
  process.stderr.write(
    `shipshape: wrote ${shown}${spec.checkFlags.length > 0 ? ` (starter budgets ${spec.checkFlags.join(' ')}: set your own in [tool.shipshape.budgets])` : ''}.\n`,
  );
}
