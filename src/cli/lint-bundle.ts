/**
 * What `shipshape lint` runs, in one module: the entry of dist/cli-chunks/lint.cjs, the bundle
 * the CLI and its worker threads load through V8's code cache (lint-bundle-load.ts).
 */
export { runLintCommand } from './lint-main.js';
export { serveLintTasks } from './lint-serve.js';
