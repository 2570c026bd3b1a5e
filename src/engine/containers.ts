import { DockerCommandError, runDocker } from './docker-cli.js';
import type {
  ContainerState,
  ExecResult,
  HealthStatus,
  PortMapping,
  RunningContainer,
  RunOptions,
  StopResult,
} from './types.js';
import { parseDockerSize } from './units.js';

/** Label on every container shipshape starts, so leftovers can be found and removed. */
export const MANAGED_LABEL = 'io.shipshape.managed';

export function runArgs(options: RunOptions): string[] {
  const args = ['run', '--detach', '--label', `${MANAGED_LABEL}=true`];
  if (options.name) args.push('--name', options.name);
  for (const [key, value] of Object.entries(options.labels ?? {})) args.push('--label', `${key}=${value}`);
  for (const port of options.ports ?? []) args.push('--publish', publishSpec(port));
  for (const [key, value] of Object.entries(options.env ?? {})) args.push('--env', `${key}=${value}`);
  args.push(options.image, ...(options.command ?? []));
  return args;
}

function publishSpec(port: number | PortMapping): string {
  const mapping = typeof port === 'number' ? { container: port } : port;
  return `${mapping.hostIp ?? '127.0.0.1'}:${mapping.host ?? ''}:${mapping.container}`;
}

/** Starts a container in the background and reports the host ports it was given. */
export async function run(options: RunOptions): Promise<RunningContainer> {
  const id = (await runDocker(runArgs(options))).stdout.trim();
  const ports = await inspectJson<Record<string, Array<{ HostPort: string }> | null>>(
    id,
    '{{json .NetworkSettings.Ports}}',
  );
  return { id, hostPorts: hostPortsFrom(ports) };
}

export function hostPortsFrom(
  ports: Record<string, Array<{ HostPort: string }> | null> | null,
): Record<number, number> {
  const hostPorts: Record<number, number> = {};
  for (const [key, bindings] of Object.entries(ports ?? {})) {
    const binding = bindings?.[0];
    if (binding) hostPorts[Number.parseInt(key, 10)] = Number(binding.HostPort);
  }
  return hostPorts;
}

/** `docker stop -t timeoutS`, timed: a graceful server exits on SIGTERM well before the timeout. */
export async function stop(id: string, timeoutS = 10): Promise<StopResult> {
  const started = performance.now();
  await runDocker(['stop', '--time', String(timeoutS), id], { timeoutMs: (timeoutS + 60) * 1000 });
  const durationMs = Math.round(performance.now() - started);
  const state = await containerState(id);
  // 137 = 128 + SIGKILL: docker had to kill it after the timeout.
  return { durationMs, exitCode: state.exitCode, graceful: state.exitCode !== 137 };
}

/** Everything the container printed, stdout and stderr interleaved as docker returns them. */
export async function logs(id: string, tail?: number): Promise<string> {
  const args = ['logs', ...(tail !== undefined ? ['--tail', String(tail)] : []), id];
  const output = await runDocker(args);
  return [output.stdout, output.stderr].filter((part) => part.length > 0).join('\n');
}

/** Removes the container and its anonymous volumes; a container that is already gone is fine. */
export async function remove(id: string): Promise<void> {
  try {
    await runDocker(['rm', '--force', '--volumes', id]);
  } catch (error) {
    if (!isNoSuch(error)) throw error;
  }
}

export async function containerState(id: string): Promise<ContainerState> {
  const state = await inspectJson<{
    Status: string;
    Running: boolean;
    ExitCode: number;
    OOMKilled: boolean;
    Health?: { Status: string };
  }>(id, '{{json .State}}');
  return {
    status: state.Status,
    running: state.Running,
    exitCode: state.ExitCode,
    oomKilled: state.OOMKilled,
    health: (state.Health?.Status as HealthStatus | undefined) ?? 'none',
  };
}

/** The HEALTHCHECK verdict: starting, healthy, unhealthy, or none when the image has no HEALTHCHECK. */
export async function containerHealth(id: string): Promise<HealthStatus> {
  return (await containerState(id)).health;
}

/** Runs a command inside a running container; a non-zero exit is a result, not an error. */
export async function exec(
  id: string,
  command: string[],
  options: { user?: string } = {},
): Promise<ExecResult> {
  const args = ['exec', ...(options.user ? ['--user', options.user] : []), id, ...command];
  const output = await runDocker(args, { reject: false });
  // The daemon refusing (no such container, not running) is not the command's own exit.
  if (output.exitCode !== 0 && /Error response from daemon/.test(output.stderr)) {
    throw new DockerCommandError(args, output.exitCode, output.stderr);
  }
  return output;
}

/**
 * Memory the container uses now, from `docker stats --no-stream` (`12.5MiB / 23.4GiB`); undefined
 * when docker reports none (a stopped container).
 */
export async function containerMemory(id: string): Promise<number | undefined> {
  const output = await runDocker(['stats', '--no-stream', '--format', '{{.MemUsage}}', id], {
    timeoutMs: 30_000,
  });
  return memoryUsage(output.stdout);
}

/** The used part of `docker stats`' MemUsage column (`12.5MiB / 23.4GiB` → bytes). */
export function memoryUsage(text: string): number | undefined {
  const used = text.trim().split('/')[0]?.trim() ?? '';
  return parseDockerSize(used);
}

/** Ids of containers shipshape started and did not remove (e.g. after a crash). */
export async function managedContainers(): Promise<string[]> {
  const output = await runDocker(['ps', '--all', '--quiet', '--filter', `label=${MANAGED_LABEL}=true`]);
  return output.stdout.split('\n').filter((line) => line.length > 0);
}

async function inspectJson<T>(id: string, format: string): Promise<T> {
  const output = await runDocker(['container', 'inspect', '--format', format, id]);
  return JSON.parse(output.stdout) as T;
}

export function isNoSuch(error: unknown): boolean {
  return (
    error instanceof Error &&
    /No such (container|image|object)/i.test(String((error as { stderr?: string }).stderr ?? error.message))
  );
}
