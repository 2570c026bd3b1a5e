import type { Difference, ImportOutcome, InstalledDistribution, VerifySection } from './types.js';

/** One verdict per module: it imports when any environment that has it imports it. */
function outcomes(imports: readonly ImportOutcome[]): Map<string, ImportOutcome> {
  const byModule = new Map<string, ImportOutcome>();
  for (const outcome of imports) {
    const known = byModule.get(outcome.module);
    if (!known || (!known.ok && outcome.ok)) byModule.set(outcome.module, outcome);
  }
  return byModule;
}

/**
 * Every top-level module of every runtime distribution of "before" imports in "after". A module
 * that fails in "before" too is reported, not held against "after"; modules of distributions
 * "after" may lack (`absent`) are left to the distributions section.
 */
export function compareImports(
  beforeDistributions: readonly InstalledDistribution[],
  before: readonly ImportOutcome[],
  after: readonly ImportOutcome[],
  absent: ReadonlySet<string>,
): VerifySection {
  const b = outcomes(before);
  const a = outcomes(after);
  const modules = new Map<string, string>();
  for (const dist of beforeDistributions)
    if (!absent.has(dist.name)) for (const module of dist.topLevel) modules.set(module, dist.name);
  const differences: Difference[] = [];
  const notes: string[] = [];
  let same = 0;
  for (const [module, dist] of [...modules].sort(([x], [y]) => x.localeCompare(y))) {
    const was = b.get(module);
    const now = a.get(module);
    if (was && !was.ok) {
      notes.push(
        `import ${module} (${dist}) fails in before too: ${was.error ?? 'error'}${now?.ok ? '; it imports in after' : ''}`,
      );
      continue;
    }
    if (!now) continue; // its distribution is missing: the distributions section says so
    if (now.ok) same += 1;
    else
      differences.push({ what: module, detail: `import ${module} (${dist}) fails: ${now.error ?? 'error'}` });
  }
  return {
    name: 'imports',
    equal: `${same} top-level module${same === 1 ? '' : 's'} import in both`,
    allowed: [],
    differences,
    notes,
  };
}
