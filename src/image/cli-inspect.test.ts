import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageConfig, layer, legacySaveMembers, tarMembers, tarOf } from './test-support/fixtures.js';
import { sampleImage } from './test-support/sample-image.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(repo, 'dist/cli.js');
let dir: string;
let tarball: string;

const inspect = (args: string[], cwd = dir) =>
  execa('node', [cli, 'inspect', ...args], { reject: false, cwd });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-cli-inspect-'));
  const { layers, config } = await sampleImage();
  tarball = join(dir, 'image.tar');
  await writeFile(tarball, await tarMembers(legacySaveMembers(layers, config)));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('shipshape inspect (CLI)', () => {
  it('prints the text report with both waste figures and masked secrets', async () => {
    const result = await inspect(['--tarball', tarball, '--layer', '2']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/wasted 2\.15 kB, efficiency /);
    expect(result.stdout).toMatch(/dive would report: wasted 2\.75 kB/);
    expect(result.stdout).toMatch(/700 B {2}pip cache/);
    expect(result.stdout).toMatch(/Largest files added by layer 2\n\s+1\.50 kB {2}\/data\/big\.bin/);
    expect(result.stdout).toContain('API_TOKEN=****');
    expect(result.stdout).not.toContain('abc123');
  });

  it('prints JSON that parses and carries the exact figures', async () => {
    const result = await inspect(['--tarball', tarball, '--format', 'json']);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.schemaVersion).toBe(1);
    expect(report.waste.wastedBytes).toBe(2150);
    expect(report.waste.dive.wastedBytes).toBe(2750);
  });

  it('exits 1 naming the budget that broke, and 0 when budgets hold', async () => {
    const broken = await inspect([
      '--tarball',
      tarball,
      '--ci',
      '--max-wasted',
      '1kB',
      '--min-efficiency',
      '0.5',
    ]);
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toMatch(
      /max-wasted 2\.15 kB breaks the budget \(at most 1\.00 kB; over by 1\.15 kB\)/,
    );
    expect(broken.stderr).not.toMatch(/efficiency/);
    const fine = await inspect(['--tarball', tarball, '--ci', '--max-wasted', '10kB']);
    expect(fine.exitCode).toBe(0);
    expect(fine.stdout).toMatch(/all budgets met/);
  });

  it("reads dive's .dive-ci and [tool.shipshape.budgets] in --ci mode", async () => {
    const project = join(dir, 'project');
    await mkdir(project, { recursive: true });
    await writeFile(
      join(project, '.dive-ci'),
      'rules:\n  lowestEfficiency: 0.99\n  highestWastedBytes: disabled\n',
    );
    await writeFile(
      join(project, 'pyproject.toml'),
      '[project]\nname = "demo"\nversion = "0"\n\n[tool.shipshape.budgets]\nmax-wasted = "2KB"\n',
    );
    const result = await inspect(['--tarball', tarball, '--ci', '--project', project]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/min-efficiency .* breaks the budget \(at least 99\.0%; short by/);
    expect(result.stderr).toMatch(/max-wasted 2\.15 kB breaks the budget \(at most 2\.00 kB/);
  });

  it('holds .dive-ci thresholds as dive does: a figure equal to its limit passes, one past it fails', async () => {
    const measured = JSON.parse((await inspect(['--tarball', tarball, '--format', 'json'])).stdout).waste;
    const project = join(dir, 'dive-equal');
    await mkdir(project, { recursive: true });
    const diveCi = (userWasted: number, wastedBytes: number, efficiency: number) =>
      writeFile(
        join(project, '.dive-ci'),
        `rules:\n  highestUserWastedPercent: ${userWasted}\n  highestWastedBytes: ${wastedBytes}\n  lowestEfficiency: ${efficiency}\n`,
      );
    await diveCi(measured.userWastedPercent, measured.wastedBytes, measured.efficiency);
    const equal = await inspect(['--tarball', tarball, '--ci', '--project', project]);
    expect(equal.exitCode, equal.stderr).toBe(0);
    await diveCi(measured.userWastedPercent * 0.99, measured.wastedBytes, measured.efficiency);
    const past = await inspect(['--tarball', tarball, '--ci', '--project', project]);
    expect(past.exitCode).toBe(1);
    expect(past.stderr).toMatch(/max-user-wasted-percent .* breaks the budget/);
  });

  it('exits 2 with one sentence on bad input', async () => {
    const truncated = join(dir, 'cut.tar');
    const layers = [layer(await tarOf([{ path: 'a', size: 4000 }]))];
    const whole = await tarMembers(legacySaveMembers(layers, imageConfig(layers)));
    await writeFile(truncated, whole.subarray(0, 3000));
    for (const args of [
      ['--tarball', truncated],
      [],
      ['--tarball', tarball, '--format', 'xml'],
      ['--oci', dir],
    ]) {
      const result = await inspect(args);
      expect(result.exitCode).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
