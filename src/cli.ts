#!/usr/bin/env node
import { main } from './cli/program.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`shipshape: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
