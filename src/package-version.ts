import { existsSync, readFileSync } from 'node:fs';

let version: string | undefined;

/**
 * shipshape's own version, from its package.json: the first one found going up from this
 * module, which may be compiled (dist/package-version.js), bundled (dist/cli.js or a chunk in
 * dist/cli-chunks/) or run from source by the tests.
 */
export function packageVersion(): string {
  if (version !== undefined) return version;
  for (let folder = new URL('./', import.meta.url); ; folder = new URL('../', folder)) {
    const manifest = new URL('package.json', folder);
    if (existsSync(manifest)) {
      version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
      return version;
    }
    if (folder.pathname === '/') throw new Error('shipshape cannot find its own package.json');
  }
}
