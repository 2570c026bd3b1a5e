import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

// Both entries of the built CLI: the package's bin (CommonJS, which loads the ES module for
// the lines it does not answer itself) and the ES module dist/cli.js that docs and scripts call.
const { version, bin } = JSON.parse(readFileSync('package.json', 'utf8')) as {
  version: string;
  bin: { shipshape: string };
};
const entries = [bin.shipshape, 'dist/cli.js'].map((file) => join(process.cwd(), file));

describe.each(entries)('%s', (cli) => {
  it.each(['--version', '-V'])('%s prints the package version and exits 0', async (flag) => {
    const result = await execa('node', [cli, flag], { reject: false });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(version);
  });

  it('an unknown command exits 2', async () => {
    const result = await execa('node', [cli, 'frobnicate'], { reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('a plain lint and one commander reads give the same report', async () => {
    const project = join(process.cwd(), 'examples/guide-app');
    // `--format=json` is read by the quick path, `-fjson` only by commander (lint-argv.ts).
    const quick = await execa('node', [cli, 'lint', '--format=json', project], { reject: false });
    const full = await execa('node', [cli, 'lint', '-fjson', project], { reject: false });
    expect(quick.exitCode, quick.stderr).toBe(1);
    expect(full.exitCode, full.stderr).toBe(1);
    expect(quick.stdout).toBe(full.stdout);
  });
});
