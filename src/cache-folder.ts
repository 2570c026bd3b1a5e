import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where shipshape keeps what it may compute again (parsed locks, project/parse-cache.ts; the
 * lint bundle's compiled code, cli/lint-bundle-load.ts): `$SHIPSHAPE_CACHE_DIR`; else `node_modules/.cache/shipshape`
 * beside an installed shipshape (where JavaScript tools keep theirs); else
 * `$XDG_CACHE_HOME/shipshape` (default `~/.cache/shipshape`). `SHIPSHAPE_NO_CACHE=1` turns the
 * cache off.
 */
export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.SHIPSHAPE_NO_CACHE && env.SHIPSHAPE_NO_CACHE !== '0') return null;
  if (env.SHIPSHAPE_CACHE_DIR) return path.resolve(env.SHIPSHAPE_CACHE_DIR);
  const installed = fileURLToPath(new URL('.', import.meta.url)).split('/node_modules/');
  if (installed.length > 1)
    return path.join(installed.slice(0, -1).join('/node_modules/'), 'node_modules/.cache/shipshape');
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : safeHome();
  return base === null ? null : path.join(base, env.XDG_CACHE_HOME ? '' : '.cache', 'shipshape');
}

function safeHome(): string | null {
  try {
    // node:os only here: the cache mostly lives in SHIPSHAPE_CACHE_DIR or beside the package.
    const { homedir } = createRequire(import.meta.url)('node:os') as typeof import('node:os');
    return homedir() || null;
  } catch {
    return null;
  }
}
