import type { Dockerfile, Word } from '../dockerfile/model.js';

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
  const nextInstructionOf = (comment: Word): number | null => {
    const offset = comment.range.start.offset;
    const next = dockerfile.instructions.find(
      (i) => i.range.start.offset > offset || (i.range.start.offset < offset && offset < i.range.end.offset),
    );
    return next ? next.index : null;
  };
  const allComments = [...dockerfile.comments];
  for (const instruction of dockerfile.instructions) {
    for (const comment of instruction.leadingComments)
      if (!allComments.includes(comment)) allComments.push(comment);
  }
  for (const comment of allComments) {
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
