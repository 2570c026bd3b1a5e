import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isUserError } from '../errors.js';
import { type FakeDocker, installFakeDocker, withoutDocker } from '../test-support/fake-docker.js';
import { build } from './build.js';
import { exec, run } from './containers.js';
import { DockerCommandError, runDocker } from './docker-cli.js';
import {
  BUILDX_MISSING,
  DOCKER_MISSING,
  ENGINE_NOT_RUNNING,
  ENGINE_PERMISSION_DENIED,
} from './environment-errors.js';
import { pruneBuildCache, saveImage } from './images.js';
import { checkEngine, engineInfo } from './info.js';

const fixture = new URL('./fixtures/', import.meta.url).pathname;
let cleanup: { restore(): void } | undefined;
afterEach(() => {
  cleanup?.restore();
  cleanup = undefined;
});
function fake(body: string): FakeDocker {
  const installed = installFakeDocker(body);
  cleanup = installed;
  return installed;
}

async function userErrorOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isUserError(error)).toBe(true);
  return (error as Error).message;
}

describe('engine errors the user can act on', () => {
  it('says to install Docker when no docker binary is on PATH', async () => {
    cleanup = withoutDocker();
    expect(await userErrorOf(runDocker(['version']))).toBe(DOCKER_MISSING);
    expect(await userErrorOf(build({ context: '.', tag: 'x:1' }))).toBe(DOCKER_MISSING);
    expect(await userErrorOf(checkEngine())).toBe(DOCKER_MISSING);
  });

  it('says to start the engine when the daemon does not answer', async () => {
    fake(
      `echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2; exit 1`,
    );
    expect(await userErrorOf(checkEngine())).toBe(ENGINE_NOT_RUNNING);
    expect(await userErrorOf(engineInfo())).toBe(ENGINE_NOT_RUNNING);
  });

  it('says so when the engine refuses the user', async () => {
    fake(
      `echo 'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock' >&2; exit 1`,
    );
    expect(await userErrorOf(checkEngine())).toBe(ENGINE_PERMISSION_DENIED);
  });

  it('names the buildx package when the plugin is missing (docker 28 and older wording)', async () => {
    fake(
      `[ "$1" = buildx ] || { echo 26.1.5; exit 0; }; echo 'docker: unknown command: docker buildx' >&2; exit 1`,
    );
    expect(await userErrorOf(checkEngine())).toBe(BUILDX_MISSING);
    expect(await userErrorOf(build({ context: '.', tag: 'x:1' }))).toBe(BUILDX_MISSING);
    cleanup?.restore();
    fake(`echo "docker: 'buildx' is not a docker command." >&2; exit 1`);
    expect(await userErrorOf(build({ context: '.', tag: 'x:1' }))).toMatch(/docker-buildx/);
  });

  it('names an unknown --builder and how to create it', async () => {
    fake(`echo 'ERROR: no builder "remote" found' >&2; exit 1`);
    const message = await userErrorOf(build({ context: '.', tag: 'x:1', builder: 'remote' }));
    expect(message).toBe(
      'Buildx builder "remote" does not exist: list builders with `docker buildx ls` or create it with `docker buildx create --name remote`.',
    );
  });

  it('turns other failures into one line naming the command', async () => {
    fake(
      `echo 'docker: Error response from daemon: driver failed programming external connectivity: port is already allocated.' >&2; exit 125`,
    );
    const error = await run({ image: 'app:1', ports: [8080] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DockerCommandError);
    expect(isUserError(error)).toBe(true);
    expect((error as DockerCommandError).commandExitCode).toBe(125);
    expect((error as Error).message).toBe(
      '`docker run --detach --label io.shipshape.managed=true …` failed: driver failed programming external connectivity: port is already allocated.',
    );
  });
});

describe('build through a recorded BuildKit transcript', () => {
  it('passes every option through to docker buildx build', async () => {
    const docker = fake(
      `[ "$1" = image ] && { echo sha256:abc; exit 0; }; cat '${fixture}buildkit-fresh.txt' >&2`,
    );
    const result = await build({
      context: '/ctx',
      dockerfile: '/ctx/Dockerfile.opt',
      tag: 'app:after',
      buildArgs: { PYTHON: '3.13' },
      noCache: true,
      builder: 'remote',
      target: 'runtime',
      extraArgs: ['--cache-from', 'type=local,src=/c'],
    });
    expect(result.ok).toBe(true);
    expect(result.ok && result.imageId).toBe('sha256:abc');
    expect(result.steps).toHaveLength(10);
    // The last call is the image-id lookup; the build call is checked through a fresh fake below.
    expect(docker.lastArgs()).toEqual(['image', 'inspect', '--format', '{{.Id}}', 'app:after']);
  });

  it('builds the expected argument list', async () => {
    const docker = fake(`cat '${fixture}buildkit-run-failure.txt' >&2; exit 1`);
    await build({
      context: '/ctx',
      dockerfile: '/ctx/Dockerfile.opt',
      tag: 'app:after',
      buildArgs: { PYTHON: '3.13' },
      noCache: true,
      builder: 'remote',
      target: 'runtime',
    });
    expect(docker.lastArgs()).toEqual([
      'buildx',
      'build',
      '--load',
      '--progress=plain',
      '--tag',
      'app:after',
      '--builder',
      'remote',
      '--file',
      '/ctx/Dockerfile.opt',
      '--target',
      'runtime',
      '--no-cache',
      '--build-arg',
      'PYTHON=3.13',
      '/ctx',
    ]);
  });

  it('returns a failed build as data with the failing step, its tail and the whole log', async () => {
    fake(`cat '${fixture}buildkit-run-failure.txt' >&2; exit 1`);
    const seen: string[] = [];
    const result = await build({
      context: '.',
      tag: 'x:1',
      onStep: (step) => seen.push(`${step.id} ${step.status}`),
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.step?.id).toBe('#6');
    expect(result.failure.logTail.at(-1)).toBe('boom');
    expect(result.log).toBe(readFileSync(`${fixture}buildkit-run-failure.txt`, 'utf8').replace(/\n$/, ''));
    expect(seen).toContain('#6 error');
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });
});

describe('cancelling a build', () => {
  it('stops docker and rejects with the abort reason, so bench can clean up on Ctrl-C', async () => {
    fake(`echo '#1 [internal] load build definition from Dockerfile' >&2; exec sleep 30`);
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(new Error('interrupted')), 200);
    await expect(build({ context: '.', tag: 'x:1', signal: controller.signal })).rejects.toThrow(
      'interrupted',
    );
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('other commands against a fake docker', () => {
  it('exec returns a non-zero exit of the command as a result', async () => {
    fake(`echo out; echo err >&2; exit 3`);
    expect(await exec('c1', ['false'])).toEqual({ exitCode: 3, stdout: 'out', stderr: 'err' });
  });

  it('exec throws when the daemon refuses (no such container)', async () => {
    fake(`echo 'Error response from daemon: No such container: c1' >&2; exit 1`);
    await expect(exec('c1', ['true'])).rejects.toBeInstanceOf(DockerCommandError);
  });

  it('saveImage streams stdout and errors (instead of ending) when docker save fails midway', async () => {
    fake(`printf 'partial-tar'; echo 'Error response from daemon: No such image: gone:1' >&2; exit 1`);
    const chunks: Buffer[] = [];
    const stream = saveImage('gone:1');
    const error = await new Promise<unknown>((resolve) => {
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve(undefined));
      stream.on('error', resolve);
    });
    expect(Buffer.concat(chunks).toString()).toBe('partial-tar');
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^Image "gone:1" is not in the local Docker engine/);
  });

  it('saveImage ends the stream after a clean exit', async () => {
    fake(`printf 'whole-tar'`);
    const chunks: Buffer[] = [];
    for await (const chunk of saveImage('app:1')) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('whole-tar');
  });

  it('pruneBuildCache passes its filters and reads what BuildKit reclaimed', async () => {
    const docker = fake(
      `printf 'ID\\t\\t\\t\\t\\t\\tRECLAIMABLE\\tSIZE\\t\\tLAST ACCESSED\\nzc5mdn10eb48tg46tbn3kijae*              \\ttrue \\t\\t12.5MB        \\t2 seconds ago\\nabcdefghijklmnopqrstuvwxy               \\ttrue \\t\\t1MB        \\t2 seconds ago\\nTotal:\\t13.5MB\\n'`,
    );
    const result = await pruneBuildCache({ all: true, filters: ['type=exec.cachemount'], builder: 'b1' });
    expect(docker.lastArgs()).toEqual([
      'buildx',
      'prune',
      '--force',
      '--builder',
      'b1',
      '--all',
      '--filter',
      'type=exec.cachemount',
    ]);
    expect(result.reclaimedBytes).toBe(13_500_000);
    expect(result.recordsRemoved).toBe(2);
    expect(result.description).toMatch(/matching type=exec\.cachemount from builder "b1"/);
  });

  it('engineInfo reads versions, cores and memory', async () => {
    fake(`case "$1" in
  version) echo '{"Client":{"Version":"28.2.2","ApiVersion":"1.45"},"Server":{"Version":"26.1.5","ApiVersion":"1.45"}}';;
  info) echo '{"ServerVersion":"26.1.5","NCPU":2,"MemTotal":25276063744,"OperatingSystem":"Debian","Architecture":"x86_64","Driver":"overlay2"}';;
  buildx) echo 'github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3';;
esac`);
    expect(await engineInfo()).toEqual({
      serverVersion: '26.1.5',
      clientVersion: '28.2.2',
      apiVersion: '1.45',
      buildxVersion: '0.13.1+ds1',
      cores: 2,
      memoryBytes: 25276063744,
      operatingSystem: 'Debian',
      architecture: 'x86_64',
      storageDriver: 'overlay2',
    });
  });
});
