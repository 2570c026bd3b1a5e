/**
 * What `shipshape lint` runs, in one module: the entry of dist/cli-chunks/lint.cjs, the bundle
 * the CLI and its worker threads load through V8's code cache (lint-bundle-load.ts). The
 * loader writes that cache with the bundle's own safe writer, so the bin (dist/bin.cjs, which
 * holds the loader and is compiled at every start) carries no writer of its own.
 */
export { writeFile } from '../fs/write.js';
export { runLintCommand } from './lint-main.js';
export { serveLintTasks } from './lint-serve.js';
