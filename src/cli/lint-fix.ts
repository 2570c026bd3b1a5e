import path from 'node:path';
import { editedFile, writeFiles } from '../fs/index.js';
import { afterWritten, fixEntry, lintEntry, lintTexts } from '../lint/index.js';
import type { DockerfileEntry, Project } from '../project/types.js';
import type { RunOptions } from '../rules/run.js';
import type { Finding } from '../types.js';
import type { LintFlags } from './lint-options.js';
import { type Outcome, shown, unifiedDiff } from './lint-run.js';

/**
 * `lint --fix`, `--unsafe-fixes` or `--diff` on one Dockerfile: applies the fixes (or adds
 * their diff to the outcome), and returns the findings left, the text they are about and the
 * project as the next Dockerfile must see it.
 */
export async function fixAndLint(
  project: Project,
  entry: DockerfileEntry,
  options: RunOptions,
  flags: LintFlags,
  outcome: Outcome,
): Promise<{ findings: Finding[]; text: string; project: Project }> {
  let text = entry.model.text;
  let written: Record<string, string> | null = null;
  const { before, result } = await fixEntry(project, entry, options, Boolean(flags.unsafeFixes));
  const changed = Object.keys(result.files).filter((file) => result.files[file] !== before[file]);
  if (flags.diff) {
    for (const file of changed) {
      outcome.diffs.push(await unifiedDiff(shown(project, file), before[file] ?? '', result.files[file]!));
    }
  } else {
    // Dockerfile and ignore file together or neither; untouched bytes and line endings kept.
    writeFiles(
      changed.map((file) =>
        editedFile(
          path.join(project.root, file),
          shown(project, file),
          before[file] ?? null,
          result.files[file]!,
        ),
      ),
    );
    written = result.files;
    outcome.fixed += result.applied.length;
    text = result.files[entry.path] ?? text;
  }
  if (!result.converged) {
    process.stderr.write(
      `shipshape: fixes for ${shown(project, entry.path)} did not settle after ${result.passes} passes; run lint again to see what is left.\n`,
    );
  }
  const findings = flags.diff
    ? await lintEntry(project, entry, options)
    : await lintTexts(project, entry, result.files, options);
  return { findings, text, project: written ? afterWritten(project, entry, written) : project };
}
