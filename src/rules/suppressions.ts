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
  // A comment inside a continued instruction (between `\` lines) belongs to that instruction.
  const nextInstructionOf = (comment: Word): number | null =>
    instructionAfter(dockerfile, comment.range.start.offset)?.index ?? null;
  // Most comments are prose: a substring test is cheaper than the pattern, and only the few
  // that pass are gathered (leading comments are mostly the file's comments again).
  const mentions: Word[] = [];
  const gather = (comment: Word) => {
    if (comment.text.includes('shipshape') && !mentions.includes(comment)) mentions.push(comment);
  };
  for (const comment of dockerfile.comments) gather(comment);
  for (const instruction of dockerfile.instructions)
    for (const comment of instruction.leadingComments) gather(comment);
  for (const comment of mentions) {
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
