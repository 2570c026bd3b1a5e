#!/usr/bin/env node
import { answerVersion, prepareProcess, quickLint, runQuickLint } from './cli/start.js';

// The CLI as an ES module. The package's bin is dist/bin.cjs (bin.ts), which answers the
// quick command lines itself and loads this file for the rest; this one answers every line.
const args = process.argv.slice(2);
if (!answerVersion(args)) {
  prepareProcess(args);
  const quick = quickLint(args);
  if (quick) {
    await runQuickLint(quick);
  } else {
    const { main } = await import('./cli/program.js');
    process.exitCode = await main(process.argv).catch((error: unknown) => {
      process.stderr.write(`shipshape: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    });
  }
}
