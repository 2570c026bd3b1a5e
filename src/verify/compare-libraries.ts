import type { Difference, ProbeFacts, VerifySection } from './types.js';

const METHOD: Record<ProbeFacts['libraries']['method'], string> = {
  ldd: 'ldd',
  loader: "the dynamic loader's --list",
  elf: 'ELF DT_NEEDED entries looked up in the library folders',
};

/**
 * Every compiled extension resolves all its shared libraries in "after" (by the image's own
 * loader); a library already missing in "before" for the same extension is reported, not held
 * against "after". Extensions are matched by their path inside site-packages, which stays the
 * same when the venv moves.
 */
export function compareLibraries(
  before: ProbeFacts['libraries'],
  after: ProbeFacts['libraries'],
): VerifySection {
  const missingBefore = new Map(before.unresolved.map((u) => [u.extension, new Set(u.missing)]));
  const differences: Difference[] = [];
  const notes: string[] = [];
  for (const { extension, missing } of after.unresolved) {
    const known = missingBefore.get(extension) ?? new Set<string>();
    const fresh = missing.filter((name) => !known.has(name));
    const old = missing.filter((name) => known.has(name));
    if (fresh.length > 0)
      differences.push({
        what: fresh.join(', '),
        detail: `${extension} needs ${fresh.join(', ')}, not found`,
      });
    if (old.length > 0) notes.push(`${extension} needs ${old.join(', ')}, not found in before either`);
  }
  const broken = new Set(after.unresolved.map((u) => u.extension));
  const resolved = after.extensions - broken.size;
  return {
    name: 'libraries',
    equal: `${resolved} of ${after.extensions} compiled extension${after.extensions === 1 ? '' : 's'} resolve every library (after: ${METHOD[after.method]}; before: ${METHOD[before.method]})`,
    allowed: [],
    differences,
    notes,
  };
}
