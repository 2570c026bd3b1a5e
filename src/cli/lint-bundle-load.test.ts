import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { removeProjectCopies, writeProject } from '../test-support/project-copies.js';

// Runs the built CLI (`npm run build` first, as `npm test` does): the lint bundle is a built file.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repo, 'dist/bin.cjs');
afterAll(removeProjectCopies);

const project = writeProject({ Dockerfile: 'FROM python:3.12-slim\nRUN pip install flask\n' });
const lint = (env: Record<string, string>) =>
  execa('node', [cli, 'lint', '--format', 'json', project], {
    reject: false,
    env: { NO_COLOR: '1', ...env },
  });
const codeCaches = (folder: string) => readdirSync(folder).filter((name) => name.startsWith('lint-code-'));

describe('the lint bundle’s code cache', () => {
  it('is written once, read by later runs, and never changes what lint prints', async () => {
    const uncached = await lint({ SHIPSHAPE_NO_CACHE: '1' });
    expect(uncached.exitCode, uncached.stderr).toBe(1);

    const older = Object.fromEntries(
      [1, 2, 3, 4].map((build) => [`lint-code-v0.0.0-x64-${build}-1.bin`, 'an older build’s cache']),
    );
    const folder = writeProject(older, 'shipshape-cache-');
    utimesSync(path.join(folder, 'lint-code-v0.0.0-x64-1-1.bin'), 1, 1);
    const env = { SHIPSHAPE_NO_CACHE: '0', SHIPSHAPE_CACHE_DIR: folder };
    const first = await lint(env);
    expect(first.stdout).toBe(uncached.stdout);
    // Four are kept: this build's and the three newest others; the oldest is gone.
    expect(codeCaches(folder)).toHaveLength(4);
    expect(codeCaches(folder)).not.toContain('lint-code-v0.0.0-x64-1-1.bin');
    const written = codeCaches(folder).find((name) => name.startsWith(`lint-code-${process.version}-`));
    expect(written).toBeDefined();
    const code = readFileSync(path.join(folder, written!));

    const second = await lint(env);
    expect(second.stdout).toBe(uncached.stdout);
    expect(readFileSync(path.join(folder, written!))).toEqual(code); // accepted, so not written again

    // A cache V8 refuses (damaged, another V8) is compiled around and replaced.
    writeFileSync(path.join(folder, written!), Buffer.alloc(code.length, 7));
    const damaged = await lint(env);
    expect(damaged.stdout).toBe(uncached.stdout);
    expect(damaged.stderr).toBe('');
    expect(readFileSync(path.join(folder, written!)).equals(Buffer.alloc(code.length, 7))).toBe(false);
  });
});
