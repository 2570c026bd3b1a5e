/** A lint worker thread's script (see lint-pool.ts): the lint bundle's task loop. */
import { loadLintBundle } from './lint-bundle-load.js';

await (await loadLintBundle()).bundle.serveLintTasks();
