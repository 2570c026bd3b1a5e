import { scopeView } from '../../dockerfile/index.js';
import type { Dockerfile, Instruction } from '../../dockerfile/model.js';

/**
 * The ARG/ENV values visible at an instruction (before it applies). src/dockerfile/ resolves
 * every value once per parsed Dockerfile and shares it between instructions, so rules may ask
 * at every RUN without rescanning the file or copying scopes.
 */
export function scopeBefore(dockerfile: Dockerfile, instruction: Instruction): ReadonlyMap<string, string> {
  return scopeView(dockerfile, instruction);
}
