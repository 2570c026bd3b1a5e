/**
 * What `shipshape lint` runs, in one module: the entry of dist/cli-chunks/lint.cjs, the bundle
 * the CLI and its worker threads load through V8's code cache (lint-bundle-load.ts).
 */
export { runLintCommand } from './lint-main.js';
export { serveLintTasks } from './lint-serve.js';
// The loader keeps the bundle's compiled code with the bundle's own safe write, so the bin
// (dist/bin.cjs, which holds the loader) carries no writer of its own.
export { writeFile } from '../fs/write.js';
