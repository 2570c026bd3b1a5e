#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import module from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { quickLintArgs } from './cli/lint-argv.js';

// `shipshape --version` is what scripts call most: answer it before loading the CLI at all.
const [, , firstArg, ...rest] = process.argv;
if ((firstArg === '--version' || firstArg === '-V') && rest.length === 0) {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  process.stdout.write(`${manifest.version}\n`);
} else {
  // A reader that went away (`shipshape lint | head`) is no crash: further output is dropped
  // and the command still ends with its own exit code.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  // A short-lived CLI gains nothing from V8 optimising the bash grammar's WebAssembly in the
  // background; that tier-up kept the process alive for seconds after the work was done.
  setFlagsFromString('--liftoff-only');
  // Nor lint from TurboFan as V8 runs it for long-lived programs: over 600 Dockerfiles its
  // background compiles (inlining whole parse paths, again after each deoptimisation) took as
  // much CPU as the lint itself. Optimising later and without inlining halved the CPU of a
  // long lint and left the main thread as fast (bench/lint-speed.mjs, README "Tool figures").
  // Only lint: inspect's tar walk over millions of entries is the kind of hot loop inlining is for.
  if (firstArg === 'lint') {
    setFlagsFromString('--no-turbo-inlining');
    setFlagsFromString('--interrupt-budget=500000');
  }
  // Node 22+ keeps V8's compiled code of the modules loaded below on disk (in the system's
  // temporary folder) between runs; Node 20 has no such cache and simply compiles them.
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // `shipshape lint` with plain options, the command hooks and editors run on every save,
  // skips commander (its help and error messages are only needed for the other lines).
  const quickLint = firstArg === 'lint' ? quickLintArgs(rest) : null;
  if (quickLint) {
    const { loadLintBundle } = await import('./cli/lint-bundle-load.js');
    const { bundle, saveCode } = await loadLintBundle();
    process.exitCode = await bundle.runLintCommand(quickLint);
    saveCode();
  } else {
    const { main } = await import('./cli/program.js');
    process.exitCode = await main(process.argv).catch((error: unknown) => {
      process.stderr.write(`shipshape: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    });
  }
}
