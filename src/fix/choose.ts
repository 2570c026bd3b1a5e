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
 * The edits already taken, per file, sorted by start. Taken edits never conflict, so their
 * starts are distinct and their ends rise with their starts: the edits that may conflict with
 * a new one are found by binary search instead of a scan of every taken fix (20,000 fixes of
 * a 20,000-line Dockerfile made that scan quadratic).
 */
class TakenEdits {
  private readonly byFile = new Map<string, Edit[]>();
  /** Files where one fix brought edits that conflict among themselves: searched edit by edit. */
  private readonly unordered = new Set<string>();

  conflicts(edit: Edit & { file: string }): boolean {
    const list = this.byFile.get(edit.file);
    if (!list) return false;
    if (this.unordered.has(edit.file)) return list.some((taken) => editsConflict(edit, taken));
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (list[mid]!.end < edit.start) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < list.length && list[i]!.start <= edit.end; i++) {
      if (editsConflict(edit, list[i]!)) return true;
    }
    return false;
  }

  add(edit: Edit & { file: string }): void {
    const list = this.byFile.get(edit.file) ?? [];
    this.byFile.set(edit.file, list);
    let at = list.length;
    while (at > 0 && list[at - 1]!.start > edit.start) at--;
    const before = list[at - 1];
    const after = list[at];
    if ((before && editsConflict(edit, before)) || (after && editsConflict(edit, after)))
      this.unordered.add(edit.file);
    list.splice(at, 0, edit);
  }
}

/**
 * The fixes to apply in one pass: allowed by applicability, in source order, each taken whole
 * or not at all; a fix that conflicts with one already taken waits for the next pass.
 */
export function chooseFixes(
  findings: readonly Finding[],
  options: { unsafe: boolean; skip?: ReadonlySet<string> },
): PlannedFix[] {
  const firstStart = (p: PlannedFix) => Math.min(...p.edits.map((e) => e.start));
  const candidates = findings
    .filter((f): f is Finding & { fix: Fix } => f.fix !== undefined && f.fix.edits.length > 0)
    .filter((f) => f.fix.applicability === 'safe' || options.unsafe)
    .map(planFix)
    .filter((p) => !options.skip?.has(p.key))
    .map((p) => ({ p, start: firstStart(p) }))
    .sort((a, b) => a.start - b.start)
    .map(({ p }) => p);
  const taken: PlannedFix[] = [];
  const takenEdits = new TakenEdits();
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate.key)) continue;
    if (candidate.edits.some((c) => takenEdits.conflicts(c))) continue;
    taken.push(candidate);
    for (const edit of candidate.edits) takenEdits.add(edit);
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
    // Back to front, so earlier offsets still point at the original text; the pieces are
    // joined once (re-slicing the whole text per edit was quadratic in the number of fixes).
    const ordered = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
    const pieces: string[] = [];
    let rest = text.length;
    for (const edit of ordered) {
      const end = Math.min(edit.end, rest);
      pieces.push(text.slice(end, rest), edit.content);
      rest = Math.min(edit.start, rest);
    }
    pieces.push(text.slice(0, rest));
    next[file] = pieces.reverse().join('');
  }
  return next;
}
