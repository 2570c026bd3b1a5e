import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { cacheFolder } from '../cache-folder.js';
import { readRegularFileOrNull } from '../fs/read.js';

export type LintBundle = typeof import('./lint-bundle.js');

export interface LoadedLintBundle {
  bundle: LintBundle;
  /** Keeps the code V8 compiled during this run for the next one (when the cache lacked it). */
  saveCode: () => void;
}

/** Code caches start with this; a save keeps the newest few. */
const PREFIX = 'lint-code-';
const KEPT = 4;
/** Ours is under a megabyte; anything much bigger is not ours. */
const MAX_CACHE_BYTES = 16 * 1024 * 1024;

/**
 * The lint code, loaded as fast as Node allows. `npm run build` bundles it into one CommonJS
 * file (dist/cli-chunks/lint.cjs, scripts/bundle-cli.mjs): on Node 20 it is compiled here
 * with V8's code cache kept in the cache folder (cache-folder.ts), which spares most of what
 * compiling the linter cost at every start; Node 22+ caches it itself
 * (`module.enableCompileCache`, cli.ts). Without the bundle (tsc's output alone) the modules
 * are imported as they are.
 */
export async function loadLintBundle(): Promise<LoadedLintBundle> {
  const file = bundleFile();
  if (file === null) return { bundle: await import('./lint-bundle.js'), saveCode: () => {} };
  if ('enableCompileCache' in module) {
    return { bundle: createRequire(import.meta.url)(file) as LintBundle, saveCode: () => {} };
  }
  return compileWithCache(file);
}

function bundleFile(): string | null {
  // This module is part of dist/cli.js, of a chunk in dist/cli-chunks/ or of dist/cli/lint-worker.js.
  for (const relative of ['./cli-chunks/lint.cjs', './lint.cjs', '../cli-chunks/lint.cjs']) {
    const candidate = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function compileWithCache(file: string): LoadedLintBundle {
  const source = readFileSync(file, 'utf8');
  const built = statSync(file);
  const folder = cacheFolder();
  // A new build or another Node gets a file of its own; V8 also refuses code that does not
  // fit its version, flags or the source, and then compiles as if there were no cache.
  const name = `${PREFIX}${process.version}-${process.arch}-${built.size}-${Math.trunc(built.mtimeMs)}.bin`;
  const cacheFile = folder === null ? null : path.join(folder, name);
  let cached: Buffer | null = null;
  try {
    cached = cacheFile === null ? null : readRegularFileOrNull(cacheFile, MAX_CACHE_BYTES);
  } catch {
    cached = null; // an unreadable cache is no cache
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cached ? { cachedData: cached } : {}),
  });
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const commonModule = { exports: {} as LintBundle };
  wrapper.call(
    commonModule.exports,
    commonModule.exports,
    createRequire(file),
    commonModule,
    file,
    path.dirname(file),
  );
  const fresh = cached === null || script.cachedDataRejected === true;
  return {
    bundle: commonModule.exports,
    saveCode: () => {
      if (fresh && folder !== null && cacheFile !== null)
        saveCode(commonModule.exports, folder, cacheFile, script.createCachedData());
    },
  };
}

function saveCode(bundle: LintBundle, folder: string, cacheFile: string, code: Buffer): void {
  try {
    mkdirSync(folder, { recursive: true });
    bundle.writeFile(cacheFile, code);
    // Older builds' and Node versions' go, past the few newest (several checkouts may share
    // the folder).
    const byAge = readdirSync(folder)
      .filter((name) => name.startsWith(PREFIX))
      .map((name) => ({ file: path.join(folder, name), time: statSync(path.join(folder, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const { file } of byAge.slice(KEPT)) rmSync(file, { force: true });
  } catch {
    // A read-only home, a full disk: the next run compiles again.
  }
}
