/** The engine adapter: the only code in shipshape that runs `docker`. */
export { build, buildArgs } from './build.js';
export {
  containerHealth,
  containerMemory,
  containerState,
  exec,
  logs,
  MANAGED_LABEL,
  managedContainers,
  memoryUsage,
  remove,
  run,
  stop,
} from './containers.js';
export { DockerCommandError } from './docker-cli.js';
export {
  BUILDX_MISSING,
  DOCKER_MISSING,
  ENGINE_NOT_RUNNING,
  ENGINE_PERMISSION_DENIED,
} from './environment-errors.js';
export {
  imageExists,
  imageHistory,
  imageInspect,
  pruneBuildCache,
  removeImage,
  saveImage,
  withSavedImage,
} from './images.js';
export { checkEngine, engineInfo } from './info.js';
export {
  type HealthStrategy,
  type ProbeResult,
  probeHttp,
  probeTcp,
  type WaitOptions,
  type WaitResult,
  waitForHealthy,
} from './probe.js';
export { BuildProgressParser, describeStep, formatBuildFailure, parseBuildProgress } from './progress.js';
export { type RunOnceOptions, runOnce } from './run-once.js';
export type * from './types.js';
