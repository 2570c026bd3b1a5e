export { applyEdits, nonOverlapping, printDockerfile } from './edit.js';
export type * from './model.js';
export { lastCommandOfArgv, scriptIndex, splitShellWords } from './nested-shell.js';
export { parseDockerfile, parseDockerfileWith } from './parse.js';
export { LineIndex } from './positions.js';
export * from './queries.js';
export {
  AUTOMATIC_PLATFORM_ARGS,
  MAX_SCOPE_CHARS,
  PROXY_ARGS,
  resolveAt,
  runtimeEnvironmentAtEnd,
  runtimeScopeView,
  scopeAt,
  scopeView,
} from './scope.js';
export { parseShellScript, type ShellParserSource, type ShellReaders } from './shell.js';
export { loadShellParser, withShellParserWhenNeeded } from './shell-grammar.js';
export { expandVariables, referencedVariables } from './variables.js';
