#!/usr/bin/env node
import { answerVersion, prepareProcess, quickLint, runQuickLint } from './cli/start.js';

// The package's bin, bundled by scripts/bundle-cli.mjs into dist/bin.cjs: CommonJS, because
// an ES module entry starts Node's ES module loader (its own internal modules compiled at
// every start, node:fs's exports copied with fs/promises and readline), some 5–10 ms of a
// 0.1 s `shipshape lint`. `--version` and a plain `lint` (the lines hooks and editors run)
// are answered here from CommonJS alone; every other line loads the ES module CLI, dist/cli.js.
const args = process.argv.slice(2);
if (!answerVersion(args)) {
  const quick = quickLint(args);
  if (quick) {
    prepareProcess(args);
    void runQuickLint(quick);
  } else {
    void import('./cli.js');
  }
}
