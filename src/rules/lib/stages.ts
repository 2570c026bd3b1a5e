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
  let lineage = lineages.get(dockerfile);
  if (!lineage) {
    lineage = [];
    for (let stage = shippedStage(dockerfile); stage; ) {
      lineage.push(stage);
      stage = stage.baseStageIndex !== null ? dockerfile.stages[stage.baseStageIndex] : undefined;
    }
    lineage.reverse();
    lineages.set(dockerfile, lineage);
  }
  return [...lineage];
}

/** Asked per instruction by some rules: one walk per parsed Dockerfile. */
const lineages = new WeakMap<Dockerfile, Stage[]>();

/** Instructions whose layers ship: every instruction of the shipped lineage. */
export function shippedInstructions(dockerfile: Dockerfile): Instruction[] {
  return shippedLineage(dockerfile).flatMap((stage) => stage.instructions);
}

export function isShipped(dockerfile: Dockerfile, instruction: Instruction): boolean {
  return shippedLineage(dockerfile).some((stage) => stage.index === instruction.stageIndex);
}

export { stagesReachingShipped };
