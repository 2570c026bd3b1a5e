import { expandVariables, scopeAt } from '../../dockerfile/index.js';
import type { Dockerfile, Instruction } from '../../dockerfile/model.js';

/**
 * `scopeAt` for every instruction of a Dockerfile, computed in one walk per stage and kept
 * per parsed Dockerfile: rules that ask it at every RUN would otherwise rescan the file each
 * time (quadratic on 1,000-line Dockerfiles). Same semantics as `scopeAt` without build args.
 */
const tables = new WeakMap<Dockerfile, Map<Instruction, ReadonlyMap<string, string>>>();

function globalDefaults(dockerfile: Dockerfile): Map<string, string> {
  const scope = new Map<string, string>();
  for (const arg of dockerfile.globalArgs) {
    for (const a of arg.assignments) scope.set(a.name, expandVariables(a.value ?? '', scope));
  }
  return scope;
}

function build(dockerfile: Dockerfile): Map<Instruction, ReadonlyMap<string, string>> {
  const table = new Map<Instruction, ReadonlyMap<string, string>>();
  const globals = globalDefaults(dockerfile);
  for (const stage of dockerfile.stages) {
    // What a stage inherits from its parent stage is what scopeAt says at its FROM.
    const scope = new Map(scopeAt(dockerfile, stage.from));
    // Instructions between two ARG/ENV lines share one snapshot.
    let snapshot: ReadonlyMap<string, string> = new Map(scope);
    for (const instruction of stage.instructions) {
      table.set(instruction, snapshot);
      const changes = instruction.keyword === 'ARG' || instruction.keyword === 'ENV';
      if (instruction.keyword === 'ARG') {
        for (const a of instruction.assignments) {
          const value = a.value !== null ? expandVariables(a.value, scope) : globals.get(a.name);
          scope.set(a.name, value ?? '');
        }
      } else if (instruction.keyword === 'ENV') {
        for (const a of instruction.assignments) scope.set(a.name, expandVariables(a.value ?? '', scope));
      }
      if (changes) snapshot = new Map(scope);
    }
  }
  return table;
}

/** The ARG/ENV values visible at an instruction (before it applies). */
export function scopeBefore(dockerfile: Dockerfile, instruction: Instruction): ReadonlyMap<string, string> {
  let table = tables.get(dockerfile);
  if (!table) {
    table = build(dockerfile);
    tables.set(dockerfile, table);
  }
  return table.get(instruction) ?? scopeAt(dockerfile, instruction);
}
