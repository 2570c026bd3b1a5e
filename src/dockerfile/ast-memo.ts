import { Instruction, JSONInstruction, ModifiableInstruction, PropertyInstruction } from 'dockerfile-ast';

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
