import { isInstallerTool } from '../project/managers.js';
import type { Allowed, Difference, InstalledDistribution, VerifySection } from './types.js';

/** Versions per name: one image may hold a name in two environments (system and venv). */
function versions(distributions: readonly InstalledDistribution[]): Map<string, Set<string>> {
  const byName = new Map<string, Set<string>>();
  for (const dist of distributions) {
    const set = byName.get(dist.name) ?? new Set<string>();
    set.add(dist.version);
    byName.set(dist.name, set);
  }
  return byName;
}

const INSTALLER_REASON = 'installer tool, no distribution requires it (the rewrite installs with its own)';

function requiredByOthers(distributions: readonly InstalledDistribution[], name: string): boolean {
  return distributions.some((d) => d.name !== name && d.requires.includes(name));
}

function requirerMap(
  distributions: readonly InstalledDistribution[],
  requires: (d: InstalledDistribution) => readonly string[],
): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const dist of distributions)
    for (const required of requires(dist)) {
      const set = map.get(required) ?? new Set<string>();
      set.add(dist.name);
      map.set(required, set);
    }
  return map;
}

/** Why a distribution may be absent from "after", or null when its absence is a difference. */
export type AbsenceReason = (name: string) => string | null;

/**
 * Names "after" may lack: what only development needs (the project says which), the package
 * managers themselves (the rewrite brings its own in the builder), and what only those
 * require — read from the requirements recorded in "before"'s own metadata, so a dev tool's
 * dependencies (pytest → pluggy) go with it even without a lock.
 */
export function allowedAbsences(
  before: readonly InstalledDistribution[],
  after: readonly InstalledDistribution[],
  devOnly: readonly string[],
): Map<string, string> {
  const present = new Set(after.map((d) => d.name));
  const missing = new Set(before.map((d) => d.name).filter((name) => !present.has(name)));
  const reasons = new Map<string, string>();
  const dev = new Set(devOnly);
  for (const name of missing) {
    if (dev.has(name)) reasons.set(name, 'development only (a dev group, extra or requirements file)');
    else if (isInstallerTool(name) && !requiredByOthers(before, name)) reasons.set(name, INSTALLER_REASON);
  }
  // Through an extra only when nothing requires a name outright: which extras a requirer asked
  // for is not in the metadata, and a plain requirement says more.
  const requirers = requirerMap(before, (d) => d.requires);
  const extraRequirers = requirerMap(before, (d) => d.requiresExtra ?? []);
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of missing) {
      if (reasons.has(name)) continue;
      const plain = [...(requirers.get(name) ?? [])].filter((r) => r !== name);
      const by = plain.length > 0 ? plain : [...(extraRequirers.get(name) ?? [])].filter((r) => r !== name);
      if (by.length > 0 && by.every((r) => reasons.has(r))) {
        reasons.set(name, `only required by ${by.sort().join(', ')}, which may go`);
        changed = true;
      }
    }
  }
  return reasons;
}

/** Every distribution of "before" with the same version in "after", except those allowed to go. */
export function compareDistributions(
  before: readonly InstalledDistribution[],
  after: readonly InstalledDistribution[],
  devOnly: readonly string[],
): VerifySection {
  const b = versions(before);
  const a = versions(after);
  const absences = allowedAbsences(before, after, devOnly);
  const allowed: Allowed[] = [];
  const differences: Difference[] = [];
  let same = 0;
  for (const [name, wanted] of [...b].sort(([x], [y]) => x.localeCompare(y))) {
    const got = a.get(name);
    const shown = [...wanted].sort().join(', ');
    if (!got) {
      const why = absences.get(name);
      if (why) allowed.push({ what: `${name} ${shown} is not installed`, why });
      else differences.push({ what: name, detail: `${name} ${shown} is missing` });
      continue;
    }
    const lost = [...wanted].filter((v) => !got.has(v));
    const change = `${name} is ${[...got].sort().join(', ')} instead of ${shown}`;
    if (lost.length === 0) same += 1;
    else if (isInstallerTool(name) && !requiredByOthers(before, name))
      allowed.push({ what: change, why: INSTALLER_REASON });
    else differences.push({ what: name, detail: change });
  }
  const added = [...a.keys()].filter((name) => !b.has(name)).sort();
  if (added.length > 0)
    allowed.push({
      what: `${added.length} only in after (${added.join(', ')})`,
      why: 'installed by the rewrite',
    });
  return {
    name: 'distributions',
    equal: `${same} distribution${same === 1 ? '' : 's'} with the same version`,
    allowed,
    differences,
    notes: [],
  };
}
