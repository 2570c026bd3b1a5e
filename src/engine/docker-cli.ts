import { execa, type Options, type ResultPromise } from 'execa';
import { UserError } from '../errors.js';
import { DOCKER_MISSING, environmentError } from './environment-errors.js';

/** The one place that spawns the docker CLI. Every other engine module goes through here. */

/** A docker command failed for a reason that is not the machine's setup (bad image name, port taken…). */
export class DockerCommandError extends UserError {
  readonly args: readonly string[];
  readonly commandExitCode: number | undefined;
  readonly stderr: string;
  constructor(args: readonly string[], commandExitCode: number | undefined, stderr: string, reason?: string) {
    super(`\`docker ${summarizeArgs(args)}\` failed: ${reason ?? firstUsefulLine(stderr)}`);
    this.args = args;
    this.commandExitCode = commandExitCode;
    this.stderr = stderr;
  }
}

export interface DockerCallOptions {
  /** Defaults to two minutes; `docker stop -t N` and friends stay well within it. */
  timeoutMs?: number;
  input?: string;
  signal?: AbortSignal;
  /** When false, a non-zero exit is returned instead of thrown (setup problems still throw). */
  reject?: boolean;
}

export interface DockerOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** Runs `docker …` to completion; throws a UserError for setup problems, DockerCommandError otherwise. */
export async function runDocker(
  args: readonly string[],
  options: DockerCallOptions = {},
): Promise<DockerOutput> {
  const result = await execa('docker', args, {
    reject: false,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.input !== undefined ? { input: options.input } : {}),
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  });
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if (isMissingBinary(result)) throw new UserError(DOCKER_MISSING);
  if (result.isCanceled) throw options.signal?.reason ?? new Error('docker command cancelled');
  if (result.timedOut) {
    const seconds = Math.round((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000);
    throw new DockerCommandError(args, undefined, stderr, `no answer within ${seconds} s`);
  }
  if (result.exitCode !== 0) {
    const setup = environmentError(`${stderr}\n${stdout}`);
    if (setup) throw setup;
    if (options.reject === false) return { exitCode: result.exitCode ?? 1, stdout, stderr };
    throw new DockerCommandError(args, result.exitCode, stderr);
  }
  return { exitCode: 0, stdout, stderr };
}

/** Starts `docker …` for callers that stream its output (build progress, docker save). */
export function spawnDocker<O extends Options>(args: readonly string[], options: O): ResultPromise<{} & O> {
  return execa('docker', args, options);
}

/** True when the spawn itself failed because no `docker` is on PATH. */
export function isMissingBinary(result: {
  exitCode?: number | undefined;
  code?: string | undefined;
}): boolean {
  return result.exitCode === undefined && result.code === 'ENOENT';
}

function summarizeArgs(args: readonly string[]): string {
  const words = args.slice(0, 4).join(' ');
  return args.length > 4 ? `${words} …` : words;
}

function firstUsefulLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith("Run 'docker"));
  const daemonLine = lines.find((line) => line.includes('Error response from daemon'));
  const chosen = daemonLine ?? lines[0] ?? 'no error output';
  return chosen.replace(/^docker: /, '').replace(/^Error response from daemon: /, '');
}
