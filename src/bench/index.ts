/** `shipshape bench`: before/after builds, scenarios, verification. */
export { BenchBuildError, pythonBaseImage, runBench } from './run.js';
export { stats } from './stats.js';
export { classifySteps } from './steps.js';
export type * from './types.js';
export { SCENARIOS } from './types.js';
export { BENCH_PREFIX } from './workspace.js';
