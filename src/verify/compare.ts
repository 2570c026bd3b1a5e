import { compareBehaviour } from './compare-behaviour.js';
import { compareContract } from './compare-contract.js';
import { allowedAbsences, compareDistributions } from './compare-distributions.js';
import { compareFiles } from './compare-files.js';
import { compareImports } from './compare-imports.js';
import { compareLibraries } from './compare-libraries.js';
import type { ImageFacts, VerificationReport, VerifyContext, VerifySection } from './types.js';

function probeFailed(name: VerifySection['name'], before: ImageFacts, after: ImageFacts): VerifySection {
  const problems = (['before', 'after'] as const)
    .filter((side) => !{ before, after }[side].probe)
    .map((side) => ({
      what: 'probe',
      detail: `the probe found nothing in ${side}: ${{ before, after }[side].probeError ?? 'no facts'}`,
    }));
  return { name, equal: '', allowed: [], differences: problems, notes: [] };
}

/** A folder under the user's home as the probe lists it (`~/app`), so the two can be matched. */
function shownPath(path: string, home: string): string {
  return home !== '/' && (path === home || path.startsWith(`${home}/`))
    ? `~${path.slice(home.length)}`
    : path;
}

/** All six comparisons of two images' facts; `ok` when no section has a difference. */
export function compareImages(
  before: ImageFacts,
  after: ImageFacts,
  context: VerifyContext,
): VerificationReport {
  const sections: VerifySection[] = [];
  if (before.probe && after.probe) {
    const b = before.probe;
    const a = after.probe;
    const absent = new Set(allowedAbsences(b.distributions, a.distributions, context.devOnly).keys());
    sections.push(
      compareDistributions(b.distributions, a.distributions, context.devOnly),
      compareImports(b.distributions, b.imports, a.imports, absent),
      compareLibraries(b.libraries, a.libraries),
      compareFiles({
        before: b.files.entries,
        after: a.files.entries,
        workdir: shownPath(before.config.workingDir || '/', b.user.home),
        afterDockerignore: context.afterDockerignore,
        namedRemovals: context.namedRemovals,
        buildFiles: context.buildFiles,
        truncated: b.files.truncated || a.files.truncated,
      }),
    );
  } else {
    sections.push(probeFailed('distributions', before, after));
  }
  sections.push(
    compareContract(
      { config: before.config, probe: before.probe },
      { config: after.config, probe: after.probe },
      context.scripts,
    ),
    compareBehaviour(before.behaviour, after.behaviour),
  );
  return {
    ok: sections.every((section) => section.differences.length === 0),
    sections,
    behaviour: { before: before.behaviour, after: after.behaviour },
  };
}
