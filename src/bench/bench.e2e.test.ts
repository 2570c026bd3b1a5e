import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithEngine } from '../test-support/docker.js';
import type { BenchReport } from './types.js';

/**
 * `shipshape bench` end to end through the built CLI, one run per scenario: the guide app
 * (size, fresh, no-op, code change), a new dependency on the Flask fixture, and Ctrl-C in
 * the middle of a build. No assertion depends on how fast this machine is.
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repo, 'dist/cli.js');
const guideApp = path.join(repo, 'examples/guide-app');
const flask = path.join(repo, 'fixtures/projects/flask-requirements');

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const benchImages = () =>
  docker('images', '--filter', 'reference=shipshape-bench-*', '--format', '{{.Repository}}:{{.Tag}}')
    .split('\n')
    .filter(Boolean);
const benchContainers = () =>
  docker('ps', '--all', '--filter', 'name=shipshape-bench-', '--format', '{{.Names}}')
    .split('\n')
    .filter(Boolean);

describeWithEngine('shipshape bench', () => {
  let scratch: string;
  let temp: string;
  const bench = (args: string[], timeoutMs: number) =>
    execa('node', [cli, 'bench', ...args, '--quiet'], {
      reject: false,
      cwd: repo,
      env: { TMPDIR: temp },
      timeout: timeoutMs,
    });

  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'shipshape-bench-e2e-'));
    temp = path.join(scratch, 'tmp');
    mkdirSync(temp);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  // Other test files run bench and optimize --verify at the same time (vitest runs files in
  // parallel): what one run leaves is what carries its own workspace id.
  const leftovers = (id: string) => ({
    folders: readdirSync(temp),
    images: benchImages().filter((image) => image.startsWith(`shipshape-bench-${id}:`)),
    containers: benchContainers().filter((name) => name.startsWith(`shipshape-bench-${id}-`)),
  });
  const idOf = (report: BenchReport) =>
    report.before.tag.replace(/^shipshape-bench-/, '').replace(/:.*$/, '');

  it('measures the guide app: after is healthy and smaller, and a code change reuses its dependency layer', async () => {
    const mainPy = readFileSync(path.join(guideApp, 'src/main.py'), 'utf8');
    const output = path.join(scratch, 'guide-app.json');
    const result = await bench(
      [
        'examples/guide-app',
        '--runs',
        '1',
        '--scenarios',
        'size,fresh,noop,code',
        '--format',
        'json',
        '--output',
        output,
      ],
      1_500_000,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(output, 'utf8')) as BenchReport;

    expect(report.verdict.ok).toBe(true);
    expect(report.after.verification?.healthy, report.after.verification?.logs).toBe(true);
    expect(report.after.size!.bytes).toBeLessThan(report.before.size!.bytes);
    expect(report.results.map((r) => r.name)).toEqual(['fresh', 'noop', 'code']);

    const code = report.results.find((r) => r.name === 'code')!;
    expect(code.runs.after[0]?.dependencyInstall).toBe('cached');
    expect(code.runs.before[0]?.setup).toBe('ran');
    const fresh = report.results.find((r) => r.name === 'fresh')!;
    const freshRuns = fresh.runs.before[0]?.steps.filter((step) => step.instruction?.startsWith('RUN')) ?? [];
    expect(freshRuns.length).toBeGreaterThan(0);
    expect(freshRuns.filter((step) => step.cached)).toEqual([]);

    expect(readFileSync(path.join(guideApp, 'src/main.py'), 'utf8')).toBe(mainPy);
    expect(leftovers(idOf(report))).toEqual({ folders: [], images: [], containers: [] });
  }, 1_600_000);

  it('adds a dependency to the Flask fixture and says what changed', async () => {
    const result = await bench(
      [
        'fixtures/projects/flask-requirements',
        '--runs',
        '1',
        '--scenarios',
        'deps',
        '--no-verify',
        '--format',
        'json',
      ],
      900_000,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as BenchReport;
    const deps = report.results.find((r) => r.name === 'deps');
    expect(deps?.change).toMatch(/requirements\.txt/);
    expect(deps?.runs.before[0]?.dependencyInstall).toBe('ran');
    expect(deps?.runs.after[0]?.dependencyInstall).toBe('ran');
    expect(readFileSync(path.join(flask, 'requirements.txt'), 'utf8')).not.toMatch(/^six$/m);
    expect(leftovers(idOf(report))).toEqual({ folders: [], images: [], containers: [] });
  }, 1_000_000);

  it('removes what it created when interrupted in the middle of a build', async () => {
    // "before" builds at once (a new label), "after" sleeps: the interrupt lands in the after build
    // while the before image is tagged.
    const project = path.join(scratch, 'slow-project');
    mkdirSync(project);
    const nonce = `${process.pid}-${Date.now()}`;
    writeFileSync(path.join(project, 'app.py'), 'print("hi")\n');
    writeFileSync(
      path.join(project, 'Dockerfile'),
      `FROM python:3.11-slim\nLABEL nonce=${nonce}\nCMD ["python", "app.py"]\n`,
    );
    writeFileSync(
      path.join(scratch, 'Dockerfile.slow'),
      `FROM python:3.11-slim\nRUN echo ${nonce} && sleep 120\nCMD ["python", "app.py"]\n`,
    );
    const child = bench(
      [
        project,
        '--against',
        path.join(scratch, 'Dockerfile.slow'),
        '--scenarios',
        'noop',
        '--runs',
        '1',
        '--no-verify',
      ],
      300_000,
    );
    // The run's workspace folder (in its TMPDIR) names its id; wait for its "before" image.
    const deadline = Date.now() + 120_000;
    let id = '';
    while (Date.now() < deadline) {
      const folder = readdirSync(temp).find((name) => name.startsWith('shipshape-bench-'));
      id = (folder?.replace(/^shipshape-bench-/, '') ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
      if (id && leftovers(id).images.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(id).not.toBe('');
    expect(leftovers(id).images).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/interrupted/);
    expect(result.stdout).toBe('');
    expect(leftovers(id)).toEqual({ folders: [], images: [], containers: [] });
  }, 400_000);
});
