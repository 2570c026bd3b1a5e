import type { Instruction, Stage } from './model.js';
import { expandVariables } from './variables.js';

/** Splits instructions into stages at each FROM and resolves base images against global ARGs. */
export function buildStages(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  const globalScope = new Map<string, string>();
  let current: Stage | null = null;
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, asWord, nameWord] = instruction.args;
      const baseImage = image?.value ?? '';
      const resolvedBaseImage = expandVariables(baseImage, globalScope);
      const name =
        asWord && asWord.value.toLowerCase() === 'as' && nameWord ? nameWord.value.toLowerCase() : null;
      const baseStage = stages.find(
        (stage) => stage.name !== null && stage.name === resolvedBaseImage.toLowerCase(),
      );
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
    } else if (!current && instruction.keyword === 'ARG') {
      for (const assignment of instruction.assignments) {
        globalScope.set(assignment.name, expandVariables(assignment.value ?? '', globalScope));
      }
    }
    if (current) {
      instruction.stageIndex = current.index;
      current.instructions.push(instruction);
    }
  }
  return stages;
}
