import type { Edit, Finding, Fix } from '../types.js';

/** A fix with each edit's target file made explicit (the finding's file unless the edit names one). */
export interface PlannedFix {
  rule: string;
  fix: Fix;
  edits: Array<Edit & { file: string }>;
  /** Identifies the fix across passes (to remember one that broke the Dockerfile). */
  key: string;
}

export function planFix(finding: Finding & { fix: Fix }): PlannedFix {
  const edits = finding.fix.edits.map((edit) => ({ ...edit, file: edit.file ?? finding.file }));
  return { rule: finding.rule, fix: finding.fix, edits, key: JSON.stringify([finding.rule, edits]) };
}

/**
 * Two edits of one file conflict when their spans overlap, or when both touch the same point
 * and one is an insertion: their order would be a guess.
 */
export function editsConflict(a: Edit, b: Edit): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  return a.start === b.start && (a.start === a.end || b.start === b.end);
}

/**
 * The fixes to apply in one pass: allowed by applicability, in source order, each taken whole
 * or not at all; a fix that conflicts with one already taken waits for the next pass.
 */
export function chooseFixes(
  findings: readonly Finding[],
  options: { unsafe: boolean; skip?: ReadonlySet<string> },
): PlannedFix[] {
  const candidates = findings
    .filter((f): f is Finding & { fix: Fix } => f.fix !== undefined && f.fix.edits.length > 0)
    .filter((f) => f.fix.applicability === 'safe' || options.unsafe)
    .map(planFix)
    .filter((p) => !options.skip?.has(p.key))
    .sort((a, b) => Math.min(...a.edits.map((e) => e.start)) - Math.min(...b.edits.map((e) => e.start)));
  const taken: PlannedFix[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate.key)) continue;
    const clashes = taken.some((t) =>
      t.edits.some((e) => candidate.edits.some((c) => c.file === e.file && editsConflict(c, e))),
    );
    if (clashes) continue;
    taken.push(candidate);
    seen.add(candidate.key);
  }
  return taken;
}

/** Applies the chosen fixes to the file texts; a file not yet present starts empty. */
export function applyFixes(files: Readonly<Record<string, string>>, fixes: readonly PlannedFix[]) {
  const byFile = new Map<string, Edit[]>();
  for (const edit of fixes.flatMap((f) => f.edits)) {
    const list = byFile.get(edit.file) ?? [];
    list.push(edit);
    byFile.set(edit.file, list);
  }
  const next: Record<string, string> = { ...files };
  for (const [file, edits] of byFile) {
    const text = files[file] ?? '';
    // Back to front, so earlier offsets still point at the original text.
    const ordered = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
    let out = text;
    for (const edit of ordered) out = out.slice(0, edit.start) + edit.content + out.slice(edit.end);
    next[file] = out;
  }
  return next;
}
