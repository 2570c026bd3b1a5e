#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { main } from './cli/program.js';

// A short-lived CLI gains nothing from V8 optimising the bash grammar's WebAssembly in the
// background; that tier-up kept the process alive for seconds after the work was done.
setFlagsFromString('--liftoff-only');

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`shipshape: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
