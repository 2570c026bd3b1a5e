import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const cli = join(process.cwd(), 'dist/cli.js');
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

describe('shipshape --version', () => {
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
});
