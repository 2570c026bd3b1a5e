import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeDocker, installFakeDocker } from '../test-support/fake-docker.js';
import { runBench } from './run.js';

/**
 * A failing build, against a fake docker: bench stops with exit 1, names the failing step
 * with its last lines, and leaves no temporary folder and no tag behind.
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const failure = path.join(repo, 'src/engine/fixtures/buildkit-run-failure.txt');
const flask = path.join(repo, 'fixtures/projects/flask-requirements');

describe('bench when a build fails', () => {
  let docker: FakeDocker;
  let temp: string;
  const originalTmp = process.env.TMPDIR;

  beforeEach(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'shipshape-bench-failure-'));
    docker = installFakeDocker(`
case "$1 $2" in
  "version --format") echo '{"Client":{"Version":"26.1"},"Server":{"Version":"26.1","ApiVersion":"1.45"}}' ;;
  "buildx version") echo 'github.com/docker/buildx 0.13.1 abc' ;;
  "info --format") echo '{"NCPU":2,"MemTotal":8000000000,"ServerVersion":"26.1"}' ;;
  "buildx build") cat '${failure}' >&2; exit 1 ;;
  "image rm") printf '%s\\n' "$4" >> '${temp}/../removed-${path.basename(temp)}' ;;
  *) echo "Error: No such object: $3" >&2; exit 1 ;;
esac`);
    process.env.TMPDIR = temp; // after the fake docker, which lives in the real temporary folder
  });

  afterEach(() => {
    docker.restore();
    // Assigning undefined would leave the string "undefined" in the environment.
    if (originalTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = originalTmp;
    rmSync(temp, { recursive: true, force: true });
    rmSync(path.join(temp, '..', `removed-${path.basename(temp)}`), { force: true });
  });

  it('exits 1 with the failing step and its last log lines, and removes what it made', async () => {
    const error = await runBench({
      dir: flask,
      scenarios: ['noop'],
      runs: 1,
      verify: false,
      keep: false,
    }).then(
      () => undefined,
      (caught: unknown) => caught as Error & { exitCode?: number },
    );
    expect(error?.exitCode).toBe(1);
    expect(error?.message).toMatch(/"before" build failed/);
    expect(error?.message).toMatch(/Failing step: \[stage-0 3\/3\] RUN for i/);
    expect(error?.message).toMatch(/boom/);
    expect(readdirSync(temp)).toEqual([]);
    const removed = readFileSync(path.join(temp, '..', `removed-${path.basename(temp)}`), 'utf8');
    expect(removed).toMatch(/^shipshape-bench-[a-z0-9]+:before$/m);
    expect(removed).toMatch(/^shipshape-bench-[a-z0-9]+:after$/m);
  });

  it('builds "after" with the chosen optimize variant, refusing it before any build', async () => {
    // flask-requirements is on Python 3.11; distroless ships 3.13, so optimize refuses it.
    const error = await runBench({
      dir: flask,
      scenarios: ['noop'],
      runs: 1,
      verify: false,
      keep: false,
      variant: 'distroless',
    }).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toMatch(/ships Python 3\.13 but the project builds with Python 3\.11/);
    // Nothing was built: the last docker call, if any, was not a build.
    const lastCall = existsSync(docker.argsFile) ? docker.lastArgs().slice(0, 2).join(' ') : 'none';
    expect(lastCall).not.toBe('buildx build');
    expect(readdirSync(temp)).toEqual([]);
  });
});
