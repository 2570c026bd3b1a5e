import type { Dockerfile, Instruction, Stage } from './model.js';
import { expandVariables } from './variables.js';

/** Predefined build args BuildKit provides without an ARG (they still need ARG to be visible in RUN). */
export const AUTOMATIC_PLATFORM_ARGS = [
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
];

export const PROXY_ARGS = ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'].flatMap(
  (name) => [name, name.toLowerCase()],
);

function globalDefaults(dockerfile: Dockerfile, buildArgs: ReadonlyMap<string, string>): Map<string, string> {
  const scope = new Map<string, string>();
  for (const arg of dockerfile.globalArgs) {
    for (const a of arg.assignments) {
      const given = buildArgs.get(a.name);
      scope.set(a.name, given ?? expandVariables(a.value ?? '', scope));
    }
  }
  return scope;
}

/**
 * The variables visible to `instruction` within its stage: ENV inherited from a parent
 * stage, then the stage's ARG (a bare `ARG NAME` picks up the global default) and ENV in order.
 */
export function scopeAt(
  dockerfile: Dockerfile,
  instruction: Instruction,
  buildArgs: ReadonlyMap<string, string> = new Map(),
): Map<string, string> {
  const globals = globalDefaults(dockerfile, buildArgs);
  if (instruction.stageIndex < 0) {
    const scope = new Map<string, string>();
    for (const arg of dockerfile.globalArgs) {
      if (arg.index >= instruction.index) break;
      for (const a of arg.assignments) scope.set(a.name, globals.get(a.name) ?? '');
    }
    return scope;
  }
  const stage = dockerfile.stages[instruction.stageIndex];
  return stage ? stageScope(dockerfile, stage, instruction.index, globals, buildArgs) : new Map();
}

function stageScope(
  dockerfile: Dockerfile,
  stage: Stage,
  beforeIndex: number,
  globals: ReadonlyMap<string, string>,
  buildArgs: ReadonlyMap<string, string>,
): Map<string, string> {
  const scope = new Map<string, string>();
  if (stage.baseStageIndex !== null) {
    const parent = dockerfile.stages[stage.baseStageIndex];
    if (parent) {
      const parentEnd = parent.instructions[parent.instructions.length - 1]?.index ?? parent.from.index;
      const inherited = stageScope(dockerfile, parent, parentEnd + 1, globals, buildArgs);
      // Only ENV survives into a child stage; ARGs are scoped to the stage that declares them.
      const envNames = new Set(
        parent.instructions
          .filter((i) => i.keyword === 'ENV')
          .flatMap((i) => i.assignments.map((a) => a.name)),
      );
      for (const [name, value] of inherited) if (envNames.has(name)) scope.set(name, value);
    }
  }
  for (const instruction of stage.instructions) {
    if (instruction.index >= beforeIndex) break;
    if (instruction.keyword === 'ARG') {
      for (const a of instruction.assignments) {
        const value =
          buildArgs.get(a.name) ?? (a.value !== null ? expandVariables(a.value, scope) : globals.get(a.name));
        scope.set(a.name, value ?? '');
      }
    } else if (instruction.keyword === 'ENV') {
      for (const a of instruction.assignments) scope.set(a.name, expandVariables(a.value ?? '', scope));
    }
  }
  return scope;
}

/** Substitutes the variables visible at `instruction` into `text`. */
export function resolveAt(dockerfile: Dockerfile, instruction: Instruction, text: string): string {
  return expandVariables(text, scopeAt(dockerfile, instruction), { escapeChar: dockerfile.escapeChar });
}
