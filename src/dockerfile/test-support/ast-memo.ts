import { Instruction, JSONInstruction, ModifiableInstruction, PropertyInstruction } from 'dockerfile-ast';
import { Dockerfile as DockerfileAst } from 'dockerfile-ast/lib/dockerfile.js';

/**
 * dockerfile-ast recomputes an instruction's arguments from its text on every call, and its
 * own getters call each other many times per instruction (most of a parse was spent there).
 * The model reads each instruction once and never edits it, so the answers are cached on
 * the instance.
 */
const MEMOIZED: Array<[object, string]> = [
  [Instruction.prototype, 'getRawArguments'],
  [Instruction.prototype, 'getTextContent'],
  [ModifiableInstruction.prototype, 'getFlags'],
  [ModifiableInstruction.prototype, 'getArguments'],
  [JSONInstruction.prototype, 'getJSONStrings'],
  [PropertyInstruction.prototype, 'getProperties'],
  [PropertyInstruction.prototype, 'getPropertyArguments'],
];

const PATCHED = Symbol.for('shipshape.dockerfile-ast.memo');

export function memoizeAstGetters(): void {
  for (const [prototype, name] of MEMOIZED) {
    const target = prototype as Record<string | symbol, unknown>;
    const original = target[name];
    if (typeof original !== 'function' || (original as unknown as Record<symbol, boolean>)[PATCHED]) continue;
    // A symbol-keyed slot on the instance: a WeakMap lookup per call cost more than the getter saved.
    const slot = Symbol(name);
    const memoized = function (this: Record<symbol, unknown>) {
      if (!(slot in this)) this[slot] = (original as () => unknown).call(this);
      return this[slot];
    };
    (memoized as unknown as Record<symbol, boolean>)[PATCHED] = true;
    target[name] = memoized;
  }
}

/** dockerfile-ast's position and range shape (the LSP one), as parse.ts also reads them. */
export interface LspPosition {
  line: number;
  character: number;
}
export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}
interface CommentLike {
  getRange(): LspRange;
}
interface TemplateLike {
  getRange(): LspRange;
  getInstructions(): unknown[];
  addComment(comment: unknown): void;
}
interface OrganizedDockerfile {
  getComments(): CommentLike[];
  initialInstructions: TemplateLike;
  buildStages: TemplateLike[];
}

const before = (a: LspPosition, b: LspPosition) =>
  a.line < b.line || (a.line === b.line && a.character < b.character);
const inside = (p: LspPosition, r: LspRange) => !before(p, r.start) && !before(r.end, p);

/**
 * dockerfile-ast hands each comment to the stage holding it by asking every stage for its
 * range, per comment: 10,000 commented stages took 37 s. Stages and comments are both in
 * document order and stage ranges do not overlap, so one walk over both gives each comment
 * the same stage (its start inside the stage's range; one before the first FROM goes to
 * the initial instructions, as in the original).
 */
function organizeCommentsLinearly(this: OrganizedDockerfile): void {
  const initial = this.initialInstructions.getRange();
  const stages = this.buildStages.map((stage) => ({ stage, range: stage.getRange() }));
  let at = 0;
  for (const comment of this.getComments()) {
    const range = comment.getRange();
    if (inside(range.end, initial)) {
      this.initialInstructions.addComment(comment);
      continue;
    }
    while (at < stages.length && before(stages[at]!.range.end, range.start)) at++;
    const candidate = stages[at];
    if (candidate && inside(range.start, candidate.range)) candidate.stage.addComment(comment);
  }
}

export function organizeCommentsOnce(): void {
  const prototype = DockerfileAst.prototype as unknown as Record<string | symbol, unknown>;
  if ((prototype.organizeComments as Record<symbol, boolean>)[PATCHED]) return;
  (organizeCommentsLinearly as unknown as Record<symbol, boolean>)[PATCHED] = true;
  prototype.organizeComments = organizeCommentsLinearly;
}
