import module from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { packageVersion } from '../package-version.js';
import { type LintArgs, quickLintArgs } from './lint-argv.js';

/**
 * What the CLI does before it loads commander, shared by its two entries: the bin
 * (`bin.ts`, bundled as CommonJS into dist/bin.cjs) and the ES module dist/cli.js (`cli.ts`).
 * The command lines run most often — `--version` and a plain `lint` — are answered here.
 */

/** `shipshape --version`, what scripts call most: true when `args` asked it and it is answered. */
export function answerVersion(args: readonly string[]): boolean {
  if ((args[0] !== '--version' && args[0] !== '-V') || args.length !== 1) return false;
  process.stdout.write(`${packageVersion()}\n`);
  return true;
}

/** `shipshape lint` with plain options (lint-argv.ts), the line hooks and editors run on every save; else null. */
export function quickLint(args: readonly string[]): LintArgs | null {
  return args[0] === 'lint' ? quickLintArgs(args.slice(1)) : null;
}

/** Sets up the process for any command but `--version`. */
export function prepareProcess(args: readonly string[]): void {
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
  if (args[0] === 'lint') {
    setFlagsFromString('--no-turbo-inlining');
    setFlagsFromString('--interrupt-budget=500000');
    // Each regular expression compiled once, to machine code, instead of first to bytecode for
    // V8's interpreter and again on its second use: lint runs some hundred patterns a few
    // times each, and this took a tenth off what a one-project lint runs beside Node's own
    // start (instructions counted under valgrind, README "Tool figures").
    setFlagsFromString('--no-regexp-tier-up');
  }
  // Node 22+ keeps V8's compiled code of the modules loaded below on disk (in the system's
  // temporary folder) between runs; Node 20 has no such cache and simply compiles them.
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
}

/** Runs a quick lint from the lint bundle (lint-bundle-load.ts) and sets the exit code. */
export async function runQuickLint(args: LintArgs): Promise<void> {
  const { loadLintBundle } = await import('./lint-bundle-load.js');
  const { bundle, saveCode } = await loadLintBundle();
  process.exitCode = await bundle.runLintCommand(args);
  saveCode();
}
