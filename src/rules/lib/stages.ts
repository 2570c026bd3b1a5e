import type { Dockerfile, Instruction, Stage } from '../../dockerfile/model.js';
import { stagesReachingShipped } from '../../dockerfile/queries.js';
import { readOnce } from '../../dockerfile/read-once.js';

/** The stage BuildKit builds by default: the last one. */
export function shippedStage(dockerfile: Dockerfile): Stage | undefined {
  return dockerfile.stages[dockerfile.stages.length - 1];
}

interface ShippedFacts {
  lineage: readonly Stage[];
  instructions: readonly Instruction[];
  stageIndexes: ReadonlySet<number>;
}

/** Asked by most rules, several times each: one walk per parsed Dockerfile. */
const shippedFacts = readOnce((dockerfile: Dockerfile): ShippedFacts => {
  const lineage: Stage[] = [];
  for (let stage = shippedStage(dockerfile); stage; ) {
    lineage.push(stage);
    stage = stage.baseStageIndex !== null ? dockerfile.stages[stage.baseStageIndex] : undefined;
  }
  lineage.reverse();
  const instructions: Instruction[] = [];
  for (const stage of lineage) for (const instruction of stage.instructions) instructions.push(instruction);
  return { lineage, instructions, stageIndexes: new Set(lineage.map((stage) => stage.index)) };
});

/**
 * Stages whose filesystem ends up in the image: the last stage and the stages it is built
 * FROM (not those it only copies from — a COPY --from takes chosen files only).
 */
export function shippedLineage(dockerfile: Dockerfile): readonly Stage[] {
  return shippedFacts(dockerfile).lineage;
}

/** Instructions whose layers ship: every instruction of the shipped lineage, in order. */
export function shippedInstructions(dockerfile: Dockerfile): readonly Instruction[] {
  return shippedFacts(dockerfile).instructions;
}

export function isShipped(dockerfile: Dockerfile, instruction: Instruction): boolean {
  return shippedFacts(dockerfile).stageIndexes.has(instruction.stageIndex);
}

export { stagesReachingShipped };
