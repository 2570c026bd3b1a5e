import type { Dockerfile, Instruction, Stage } from '../../dockerfile/model.js';
import { stagesReachingShipped } from '../../dockerfile/queries.js';

/** The stage BuildKit builds by default: the last one. */
export function shippedStage(dockerfile: Dockerfile): Stage | undefined {
  return dockerfile.stages[dockerfile.stages.length - 1];
}

/**
 * Stages whose filesystem ends up in the image: the last stage and the stages it is built
 * FROM (not those it only copies from — a COPY --from takes chosen files only).
 */
export function shippedLineage(dockerfile: Dockerfile): Stage[] {
  const lineage: Stage[] = [];
  for (let stage = shippedStage(dockerfile); stage; ) {
    lineage.unshift(stage);
    stage = stage.baseStageIndex !== null ? dockerfile.stages[stage.baseStageIndex] : undefined;
  }
  return lineage;
}

/** Instructions whose layers ship: every instruction of the shipped lineage. */
export function shippedInstructions(dockerfile: Dockerfile): Instruction[] {
  return shippedLineage(dockerfile).flatMap((stage) => stage.instructions);
}

export function isShipped(dockerfile: Dockerfile, instruction: Instruction): boolean {
  return shippedLineage(dockerfile).some((stage) => stage.index === instruction.stageIndex);
}

export { stagesReachingShipped };
