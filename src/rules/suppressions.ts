import type { Dockerfile, Word } from '../dockerfile/model.js';
import { instructionAfter } from '../dockerfile/queries.js';

/** One `# shipshape: ignore=…` comment and the codes it names. */
export interface Suppression {
  comment: Word;
  codes: string[];
  global: boolean;
  /** Instruction index it applies to (next instruction); null for global ones. */
  instructionIndex: number | null;
}

const SUPPRESSION = /^#\s*shipshape:\s*(global\s+)?ignore\s*=\s*([A-Za-z0-9_,\s]+?)\s*$/;

export function readSuppressions(dockerfile: Dockerfile): Suppression[] {
  const suppressions: Suppression[] = [];
  // Comments are pieces of the text: a file that never says `shipshape` has none to read.
  if (!dockerfile.text.includes('shipshape')) return suppressions;
  // A comment inside a continued instruction (between `\` lines) belongs to that instruction.
  const nextInstructionOf = (comment: Word): number | null =>
    instructionAfter(dockerfile, comment.range.start.offset)?.index ?? null;
  const allComments = new Set(dockerfile.comments);
  for (const instruction of dockerfile.instructions) {
    for (const comment of instruction.leadingComments) allComments.add(comment);
  }
  for (const comment of allComments) {
    // Most comments are prose: a substring test is cheaper than the pattern.
    if (!comment.text.includes('shipshape')) continue;
    const match = SUPPRESSION.exec(comment.text.trim());
    if (!match) continue;
    const global = Boolean(match[1]);
    const codes = match[2]!
      .split(',')
      .map((c) => c.trim().toUpperCase())
      .filter(Boolean);
    suppressions.push({
      comment,
      codes,
      global,
      instructionIndex: global ? null : nextInstructionOf(comment),
    });
  }
  return suppressions;
}
