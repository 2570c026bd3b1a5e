import { MANAGED_LABEL } from './containers.js';
import { runDocker } from './docker-cli.js';
import type { ExecResult } from './types.js';

export interface RunOnceOptions {
  image: string;
  command: string[];
  /** Host folder → container path bind mounts (read-write). */
  mounts?: Array<{ source: string; target: string }>;
  workdir?: string;
  /** Replaces the image's ENTRYPOINT (the command then follows it as arguments). */
  entrypoint?: string;
  /** A name makes the container findable for cleanup while it runs. */
  name?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * `docker run --rm` to completion, for one-off tool runs (re-locking dependencies in the
 * project's own base image). A non-zero exit is a result, not an error.
 */
export async function runOnce(options: RunOnceOptions): Promise<ExecResult> {
  const args = ['run', '--rm', '--label', `${MANAGED_LABEL}=true`];
  if (options.name) args.push('--name', options.name);
  if (options.workdir) args.push('--workdir', options.workdir);
  if (options.entrypoint !== undefined) args.push('--entrypoint', options.entrypoint);
  for (const mount of options.mounts ?? []) {
    args.push('--mount', `type=bind,source=${mount.source},target=${mount.target}`);
  }
  for (const [key, value] of Object.entries(options.env ?? {})) args.push('--env', `${key}=${value}`);
  args.push(options.image, ...options.command);
  return runDocker(args, {
    reject: false,
    timeoutMs: options.timeoutMs ?? 600_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
