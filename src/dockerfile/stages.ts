import type { Instruction, Stage } from './model.js';
import { expandVariables } from './variables.js';

/** Splits instructions into stages at each FROM and resolves base images against global ARGs. */
export function buildStages(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  // First stage of each name: `FROM x` refers to the earliest stage named x, as in BuildKit.
  const byName = new Map<string, Stage>();
  const globalScope = new Map<string, string>();
  let current: Stage | null = null;
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, asWord, nameWord] = instruction.args;
      const baseImage = image?.value ?? '';
      const resolvedBaseImage = expandVariables(baseImage, globalScope);
      const name =
        asWord && asWord.value.toLowerCase() === 'as' && nameWord ? nameWord.value.toLowerCase() : null;
      const baseStage = byName.get(resolvedBaseImage.toLowerCase());
      const platform = instruction.flags.find((flag) => flag.name === 'platform')?.value ?? null;
      current = {
        index: stages.length,
        name,
        nameRange: name && nameWord ? nameWord.range : null,
        baseImage,
        resolvedBaseImage,
        baseRange: image?.range ?? instruction.range,
        baseStageIndex: baseStage ? baseStage.index : null,
        platform,
        from: instruction,
        instructions: [],
      };
      stages.push(current);
      if (name !== null && !byName.has(name)) byName.set(name, current);
    } else if (!current && instruction.keyword === 'ARG') {
      for (const assignment of instruction.assignments) {
        globalScope.set(assignment.name, expandVariables(assignment.value ?? '', globalScope));
      }
    }
    if (current) {
      instruction.stageIndex = current.index;
      // An ONBUILD trigger is read in the scope of the stage that registers it.
      if (instruction.trigger) instruction.trigger.stageIndex = current.index;
      current.instructions.push(instruction);
    }
  }
  return stages;
}
