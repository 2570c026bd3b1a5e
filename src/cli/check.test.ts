import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacySaveMembers, tarMembers } from '../image/test-support/fixtures.js';
import { sampleImage } from '../image/test-support/sample-image.js';

// Runs the built CLI (`npm run build` first), as users and CI do.
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(repo, 'dist/cli.js');
const lintFixture = join(repo, 'fixtures/projects/flask-requirements');
let dir: string;
let tarball: string;

const check = (args: string[], cwd = dir) => execa('node', [cli, 'check', ...args], { reject: false, cwd });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-cli-check-'));
  const { layers, config } = await sampleImage();
  tarball = join(dir, 'image.tar');
  await writeFile(tarball, await tarMembers(legacySaveMembers(layers, config)));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('shipshape check (CLI) on a tarball', () => {
  it('exits 1 with a table naming the broken budget, its limit, the figure and the overshoot', async () => {
    const result = await check(['--tarball', tarball, '--max-wasted', '1kB', '--max-size', '1GB']);
    expect(result.exitCode).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^status\s+check\s+limit\s+actual\s+over by$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ok\s+max-size\s+at most 1\.00 GB\s+\d/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^BROKEN\s+max-wasted\s+at most 1\.00 kB\s+2\.15 kB\s+1\.15 kB$/),
    );
    expect(result.stdout).toContain('1 of 2 checks broke.');
  });

  it('exits 0 when every budget holds', async () => {
    const result = await check(['--tarball', tarball, '--max-wasted', '1MB', '--min-efficiency', '0.1']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('every check holds (max-wasted, min-efficiency)');
  });

  it('reads [tool.shipshape.budgets] from the project, and a flag overrides it', async () => {
    const project = join(dir, 'with-budgets');
    await mkdir(project);
    await writeFile(
      join(project, 'pyproject.toml'),
      '[project]\nname = "x"\nversion = "1"\n\n[tool.shipshape.budgets]\nmax-size = "1 kB"\n',
    );
    const fromConfig = await check([project, '--tarball', tarball]);
    expect(fromConfig.exitCode).toBe(1);
    expect(fromConfig.stdout).toMatch(/BROKEN\s+max-size\s+at most 1\.00 kB/);
    const overridden = await check([project, '--tarball', tarball, '--max-size', '1GiB']);
    expect(overridden.exitCode).toBe(0);
  });

  it('prints JSON with the exact figures', async () => {
    const result = await check(['--tarball', tarball, '--max-wasted', '1000', '--format', 'json']);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(false);
    expect(report.budgets).toEqual([
      { name: 'max-wasted', unit: 'bytes', limit: 1000, actual: 2150, overBy: 1150, status: 'broken' },
    ]);
  });
});

describe('shipshape check --fail-on (CLI)', () => {
  it('lints the project and fails on findings at the threshold', async () => {
    const result = await check([lintFixture, '--fail-on', 'warning']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/BROKEN\s+lint\s+no warnings or worse\s+(\d+) findings\s+\1 findings/);
    expect(result.stdout).toMatch(/Dockerfile:\d+:\d+ SS\d{3} /);
  });

  it('passes when nothing reaches the threshold', async () => {
    const result = await check([lintFixture, '--fail-on', 'error']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/ok\s+lint\s+no errors\s+0 findings/);
  });
});

describe('shipshape check (CLI) bad input: one sentence, exit 2', () => {
  it.each([
    [['--tarball', 'image.tar', '--max-size', '20XB'], /--max-size: unknown unit "XB" in "20XB"/],
    [['--tarball', 'image.tar', '--max-wasted', '-5MB'], /--max-wasted: a budget cannot be negative/],
    [['--tarball', 'image.tar', '--min-efficiency', '95'], /--min-efficiency: "95" is more than 1/],
    [['--tarball', 'missing.tar', '--max-size', '1GB'], /The tarball missing\.tar does not exist/],
    [['--tarball', 'image.tar'], /No budgets to check/],
    [['--max-size', '1GB'], /Budgets need an image/],
    [[], /Nothing to check/],
    [['--image', 'a', '--tarball', 'image.tar', '--max-size', '1GB'], /not both/],
    [['--tarball', 'image.tar', '--max-size', '1GB', '--fail-on', 'error'], /has no Dockerfile to lint/],
  ])('%j', async (args, message) => {
    const result = await check(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  it('a missing local image', async () => {
    const result = await check(['--image', 'shipshape-test/does-not-exist:never', '--max-size', '1GB']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^shipshape: /);
  });
});
