import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../history/index.js';
import { legacySaveMembers, tarMembers } from '../image/test-support/fixtures.js';
import { sampleImage } from '../image/test-support/sample-image.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(repo, 'dist/cli.js');
let dir: string;
let tarball: string;

const shipshape = (args: string[]) => execa('node', [cli, ...args], { reject: false, cwd: dir });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-html-cli-'));
  const { layers, config } = await sampleImage();
  tarball = join(dir, 'image.tar');
  await writeFile(tarball, await tarMembers(legacySaveMembers(layers, config)));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--format html and --record on the commands', () => {
  it('lint writes the html report with its severity chart', async () => {
    const out = join(dir, 'lint.html');
    const result = await shipshape([
      'lint',
      join(repo, 'examples/guide-app'),
      '--format',
      'html',
      '--output',
      out,
    ]);
    expect(result.exitCode).toBe(1);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('<figure class="chart-bars"><figcaption>Findings by severity</figcaption>');
    expect(html).toMatch(/<rect class="mark"[^>]*><title>warning: \d+<\/title>/);
  });

  it('inspect renders html and records a row; check records one too; history shows both', async () => {
    const inspect = await shipshape(['inspect', '--tarball', tarball, '--format', 'html', '--record']);
    expect(inspect.exitCode).toBe(0);
    expect(inspect.stdout).toContain('class="chart-stacked"');
    const check = await shipshape(['check', '--tarball', tarball, '--max-size', '1GB', '--record']);
    expect(check.exitCode).toBe(0);
    const rows = readHistory(dir);
    expect(rows.map((row) => [row.command, row.subject])).toEqual([
      ['inspect', tarball],
      ['check', tarball],
    ]);
    expect(rows[0]!.sizeBytes).toBeGreaterThan(0);
    expect(rows[1]!.sizeBytes).toBe(rows[0]!.sizeBytes);
    const history = await shipshape(['history', '--format', 'json']);
    expect(history.exitCode).toBe(0);
    expect(JSON.parse(history.stdout).series[0].points).toHaveLength(2);
  });
});
