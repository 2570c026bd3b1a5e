import { UserError } from '../errors.js';
import { DockerCommandError, isMissingBinary, runDocker, spawnDocker } from './docker-cli.js';
import { DOCKER_MISSING, environmentError } from './environment-errors.js';
import { BuildProgressParser } from './progress.js';
import type { BuildOptions, BuildResult } from './types.js';

/** The `docker buildx build` argument list for a build: always `--load` and plain progress. */
export function buildArgs(options: BuildOptions): string[] {
  const args = ['buildx', 'build', '--load', '--progress=plain', '--tag', options.tag];
  if (options.builder) args.push('--builder', options.builder);
  if (options.dockerfile) args.push('--file', options.dockerfile);
  if (options.target) args.push('--target', options.target);
  if (options.noCache) args.push('--no-cache');
  for (const [name, value] of Object.entries(options.buildArgs ?? {}))
    args.push('--build-arg', `${name}=${value}`);
  args.push(...(options.extraArgs ?? []));
  args.push(options.context);
  return args;
}

/**
 * Builds an image with BuildKit and loads it into the engine. A failing Dockerfile is a
 * result (`ok: false`, with the failing step and its last lines), not an exception; a
 * machine without docker, engine or buildx throws a UserError.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const parser = new BuildProgressParser();
  const started = performance.now();
  const subprocess = spawnDocker(buildArgs(options), {
    reject: false,
    all: true,
    // BuildKit reacts to SIGTERM by cancelling the solve; SIGKILL if it lingers.
    forceKillAfterDelay: 5_000,
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  });
  for await (const line of subprocess.iterable({ from: 'all' })) {
    const changed = parser.push(line);
    if (changed && options.onStep) options.onStep(changed, parser.steps);
  }
  const result = await subprocess;
  const durationMs = Math.round(performance.now() - started);
  const base = { tag: options.tag, durationMs, steps: parser.steps, log: parser.log };

  if (isMissingBinary(result)) throw new UserError(DOCKER_MISSING);
  if (result.isCanceled) throw options.signal?.reason ?? new Error('build cancelled');
  if (result.exitCode !== 0) {
    const failure = parser.failure();
    // Setup problems (no engine, no buildx, unknown builder) show up before any step ran.
    const setup = environmentError(parser.log);
    if (setup && !failure?.step) throw setup;
    if (!failure) {
      throw new DockerCommandError(buildArgs(options), result.exitCode, parser.log);
    }
    return { ...base, ok: false, failure };
  }
  const imageId = (await runDocker(['image', 'inspect', '--format', '{{.Id}}', options.tag])).stdout.trim();
  return { ...base, ok: true, imageId };
}
