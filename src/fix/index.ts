import { parseDockerfile } from '../dockerfile/index.js';
import type { Finding } from '../types.js';
import { applyFixes, chooseFixes, type PlannedFix } from './choose.js';

export { applyFixes, chooseFixes, editsConflict, type PlannedFix, planFix } from './choose.js';

/** Lints the current texts (Dockerfile plus any file a fix touched, keyed by project-relative path). */
export type Linter = (files: Readonly<Record<string, string>>) => Promise<Finding[]>;

export interface FixOptions {
  /** The key of the Dockerfile in the files map: its result must keep parsing. */
  dockerfile: string;
  /** Also apply fixes marked unsafe. */
  unsafe: boolean;
  /** Lint/fix rounds before giving up on convergence. */
  maxPasses?: number;
}

export interface AppliedFix {
  rule: string;
  description: string;
  files: string[];
}

export interface FixResult {
  /** Every file's text after fixing (only files that changed differ from the input). */
  files: Record<string, string>;
  applied: AppliedFix[];
  passes: number;
  /** False when fixes were still being offered after the last pass. */
  converged: boolean;
  /** Fixes dropped because the Dockerfile no longer parsed with them. */
  rejected: number;
}

export const DEFAULT_MAX_PASSES = 10;

async function syntaxErrorCount(text: string, path: string): Promise<number> {
  return (await parseDockerfile(text, path)).syntaxErrors.length;
}

/**
 * Applies fixes pass by pass (sorted, conflicting ones deferred), re-linting after each pass
 * until no fix is offered or the pass limit is reached. A pass whose result would not parse
 * is retried fix by fix, and a fix that breaks parsing is never tried again.
 */
export async function fixUntilStable(
  initial: Readonly<Record<string, string>>,
  lint: Linter,
  options: FixOptions,
): Promise<FixResult> {
  const maxPasses = options.maxPasses ?? DEFAULT_MAX_PASSES;
  const baseline = await syntaxErrorCount(initial[options.dockerfile] ?? '', options.dockerfile);
  const parses = async (files: Record<string, string>) =>
    (await syntaxErrorCount(files[options.dockerfile] ?? '', options.dockerfile)) <= baseline;
  const skip = new Set<string>();
  const applied: AppliedFix[] = [];
  let files: Record<string, string> = { ...initial };
  for (let pass = 1; pass <= maxPasses; pass++) {
    const chosen = chooseFixes(await lint(files), { unsafe: options.unsafe, skip });
    if (chosen.length === 0)
      return { files, applied, passes: pass - 1, converged: true, rejected: skip.size };
    let next = applyFixes(files, chosen);
    let kept = chosen;
    if (!(await parses(next))) {
      kept = [];
      next = files;
      for (const fix of chosen) {
        const attempt = applyFixes(next, [fix]);
        if (await parses(attempt)) {
          next = attempt;
          kept.push(fix);
        } else skip.add(fix.key);
      }
    }
    if (sameFiles(files, next)) {
      // Every offered fix was a no-op or rejected: nothing more will change.
      for (const fix of kept) skip.add(fix.key);
      continue;
    }
    applied.push(...kept.map(describe));
    files = next;
  }
  const leftover = chooseFixes(await lint(files), { unsafe: options.unsafe, skip });
  return { files, applied, passes: maxPasses, converged: leftover.length === 0, rejected: skip.size };
}

function describe(fix: PlannedFix): AppliedFix {
  return {
    rule: fix.rule,
    description: fix.fix.description,
    files: [...new Set(fix.edits.map((e) => e.file))],
  };
}

function sameFiles(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}
