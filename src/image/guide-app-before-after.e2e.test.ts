import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build, formatBuildFailure, removeImage } from '../engine/index.js';
import { optimize } from '../optimize/index.js';
import { load } from '../project/index.js';
import { describeWithEngine } from '../test-support/docker.js';
import type { ImageReport } from './types.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const guideApp = join(repo, 'examples/guide-app');

async function inspect(tag: string): Promise<ImageReport> {
  const result = await execa(
    'node',
    [join(repo, 'dist/cli.js'), 'inspect', tag, '--format', 'json', '--project', guideApp],
    { reject: false },
  );
  if (result.exitCode !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as ImageReport;
}

const kinds = (report: ImageReport) => report.pythonWaste.filter((w) => w.bytes > 0).map((w) => w.kind);

describeWithEngine('inspect names the guide app’s waste before optimize and none after', () => {
  const before = `shipshape-e2e-inspect-guide:before-${process.pid}`;
  const after = `shipshape-e2e-inspect-guide:after-${process.pid}`;
  let context: string;
  let beforeReport: ImageReport;
  let afterReport: ImageReport;

  beforeAll(async () => {
    const result = await optimize(await load(guideApp), { syntaxDirective: false });
    context = mkdtempSync(join(tmpdir(), 'shipshape-inspect-guide-'));
    cpSync(guideApp, context, { recursive: true });
    writeFileSync(join(context, 'Dockerfile'), result.dockerfile);
    writeFileSync(join(context, '.dockerignore'), result.dockerignore);
    for (const [tag, dir] of [
      [before, guideApp],
      [after, context],
    ] as const) {
      const built = await build({ context: dir, tag, progress: 'plain' });
      if (!built.ok) throw new Error(formatBuildFailure(built.failure));
    }
    beforeReport = await inspect(before);
    afterReport = await inspect(after);
  }, 1_200_000);

  afterAll(async () => {
    await removeImage(before);
    await removeImage(after);
    rmSync(context, { recursive: true, force: true });
  });

  it('finds the uv cache, the dev dependencies and the Docker apt tooling in the before image', () => {
    expect(kinds(beforeReport)).toEqual(expect.arrayContaining(['uv-cache', 'dev-dependencies']));
    const devPaths = beforeReport.pythonWaste
      .find((w) => w.kind === 'dev-dependencies')!
      .paths.map((p) => p.path);
    expect(devPaths.join('\n')).toMatch(/pytest/);
    const tooling = beforeReport.pythonWaste.find((w) => w.kind === 'apt-repository-tooling');
    expect(tooling?.paths.map((p) => p.path).join('\n')).toMatch(/gnupg|lsb-release|apt-transport-https/);
  });

  it('finds none of them in the after image, which runs as a non-root user', () => {
    expect(kinds(afterReport)).not.toContain('uv-cache');
    expect(kinds(afterReport)).not.toContain('dev-dependencies');
    expect(kinds(afterReport)).not.toContain('apt-repository-tooling');
    expect(kinds(afterReport)).not.toContain('build-toolchain');
    expect(afterReport.security.runsAsRoot).toBe(false);
    expect(afterReport.layerBytes).toBeLessThan(beforeReport.layerBytes);
  });
});
