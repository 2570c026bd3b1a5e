/**
 * The Python project model: `load(dir)` (disk) or `projectFromFiles(texts)` (memory) → `Project`,
 * both through the pure `buildProject`, plus the pure helpers rules and optimize ask it with.
 */

export { type BuildOptions, buildProject, isDockerfileName } from './build.js';
export { isDevName } from './dev-names.js';
export {
  cleanPath,
  copyAllLetsThrough,
  isIgnored,
  parseDockerIgnore,
  patternRegExp,
} from './dockerignore.js';
export { MAX_FILE_BYTES, MAX_LOCK_BYTES } from './files.js';
export { parsePdmLock } from './pdm-lock.js';
export { normalizeName, parseRequirement } from './pep508.js';
export { parsePipfile, parsePipfileLock } from './pipfile.js';
export { parsePoetryLock } from './poetry-lock.js';
export { parsePyproject } from './pyproject.js';
export { dependencySet, dockerignoreFor, isIgnoredFor, lockedPackage, namedSets } from './queries.js';
export {
  diskSource,
  type FromFilesOptions,
  load,
  loadSnapshot,
  loadWithText,
  type ProjectSnapshot,
  projectFromFiles,
} from './read.js';
export { loadRequirementsFiles, parseRequirementsText } from './requirements.js';
export { analyseArgv, appInArgs, portsInArgs } from './server/command.js';
export { memorySource, overlaySource, type ProjectFiles, type ProjectSource } from './source.js';
export { projectToJson } from './summary.js';
export type * from './types.js';
export { parseUvLock } from './uv-lock.js';
export {
  compilesFromSourceOn,
  hasPlatformWheel,
  hasWheelFor,
  type Libc,
  packagesBuiltFromSource,
  type WheelTarget,
  wheelFits,
  wheelTags,
} from './wheels.js';
