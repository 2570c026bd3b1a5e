import type { HealthStrategy, ImageDetails } from '../engine/index.js';
import {
  containerMemory,
  containerState,
  DockerCommandError,
  exec,
  imageInspect,
  logs,
  run,
  stop,
  waitForHealthy,
} from '../engine/index.js';
import type { Project } from '../project/types.js';
import type { Behaviour } from './types.js';

const HEALTH_TIMEOUT_MS = 120_000;
const POLL_MS = 250;
/** `docker stats` samples once healthy; each takes about a second (docker reads two cgroup readings). */
const MEMORY_SAMPLES = 3;

export interface RunContext {
  project: Project;
  tag: string;
  /** Container name, so cleanup finds it even when interrupted before docker answered. */
  name: string;
  onContainer: (name: string) => void;
}

/**
 * Runs the image on a random loopback port and waits until it answers: its own HEALTHCHECK
 * command (run with `docker exec` at our pace: Docker's first verdict waits a whole
 * interval, which would time Docker's schedule, not the app), else an HTTP probe of the
 * detected health route, else a TCP connect. Once healthy, samples its idle memory; then
 * times a graceful `docker stop`.
 */
export async function runAndWatch(ctx: RunContext): Promise<Behaviour> {
  const image = await imageInspect(ctx.tag);
  const user = image.config.user || 'root';
  const port = mainPort(ctx.project, image);
  ctx.onContainer(ctx.name);
  let container: Awaited<ReturnType<typeof run>>;
  try {
    container = await run({ image: ctx.tag, name: ctx.name, ...(port ? { ports: [port] } : {}) });
  } catch (error) {
    // A command that cannot start (`gunicorn` not on PATH) is the image's behaviour, not ours.
    if (!(error instanceof DockerCommandError)) throw error;
    return { healthy: false, strategy: 'start', user, error: error.message };
  }
  const hostPort = port ? container.hostPorts[port] : undefined;
  const check = image.config.healthcheck?.test ?? [];
  const healthcheckCommand =
    check[0] === 'CMD'
      ? check.slice(1)
      : check[0] === 'CMD-SHELL'
        ? ['/bin/sh', '-c', check.slice(1).join(' ')]
        : null;

  let strategy: string;
  let waited: { healthy: boolean; timeToHealthyMs?: number; lastError?: string };
  if (healthcheckCommand && healthcheckCommand.length > 0) {
    strategy = `HEALTHCHECK (${healthcheckCommand.join(' ')})`;
    waited = await pollExec(container.id, healthcheckCommand);
  } else {
    const chosen = fallbackStrategy(ctx.project, hostPort);
    strategy = chosen.label;
    waited = chosen.strategy
      ? await waitForHealthy({
          containerId: container.id,
          strategy: chosen.strategy,
          timeoutMs: HEALTH_TIMEOUT_MS,
          intervalMs: POLL_MS,
        })
      : { healthy: false, lastError: 'no port known to probe (no EXPOSE and none detected in the project)' };
  }
  const result: Behaviour = {
    healthy: waited.healthy,
    strategy,
    user,
    ...(waited.timeToHealthyMs !== undefined ? { timeToHealthyMs: waited.timeToHealthyMs } : {}),
    ...(waited.lastError && !waited.healthy ? { error: waited.lastError } : {}),
  };
  if (waited.healthy) {
    const samples = await idleMemory(container.id);
    if (samples.length > 0) {
      result.memorySamples = samples;
      result.idleMemoryBytes = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
    }
  }
  if (!waited.healthy) result.logs = await logs(container.id, 60).catch(() => '');
  const state = await containerState(container.id);
  if (state.running) {
    const stopped = await stop(container.id, 10);
    result.stopMs = stopped.durationMs;
    result.gracefulStop = stopped.graceful;
  }
  return result;
}

async function idleMemory(containerId: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < MEMORY_SAMPLES; i++) {
    const bytes = await containerMemory(containerId).catch(() => undefined);
    if (bytes !== undefined && bytes > 0) samples.push(bytes);
  }
  return samples;
}

function mainPort(project: Project, image: ImageDetails): number | undefined {
  const exposed = image.config.exposedPorts.map((spec) => Number.parseInt(spec, 10)).filter((n) => n > 0);
  const detected = project.server.ports.find((port) => exposed.includes(port));
  return detected ?? project.server.ports[0] ?? exposed[0];
}

function fallbackStrategy(
  project: Project,
  hostPort: number | undefined,
): { label: string; strategy?: HealthStrategy } {
  if (!hostPort) return { label: 'none' };
  if (project.server.health) {
    const url = `http://127.0.0.1:${hostPort}${project.server.health}`;
    return { label: `HTTP GET ${project.server.health}`, strategy: { kind: 'http', url } };
  }
  return { label: 'TCP connect', strategy: { kind: 'tcp', host: '127.0.0.1', port: hostPort } };
}

async function pollExec(
  containerId: string,
  command: string[],
): Promise<{ healthy: boolean; timeToHealthyMs?: number; lastError?: string }> {
  const started = performance.now();
  let lastError = 'timed out';
  while (performance.now() - started < HEALTH_TIMEOUT_MS) {
    const state = await containerState(containerId);
    if (!state.running) return { healthy: false, lastError: `container exited with code ${state.exitCode}` };
    const result = await exec(containerId, command).catch((error: Error) => ({
      exitCode: -1,
      stdout: '',
      stderr: error.message,
    }));
    if (result.exitCode === 0)
      return { healthy: true, timeToHealthyMs: Math.round(performance.now() - started) };
    lastError =
      `${result.stderr || result.stdout}`.trim().split('\n').at(-1) || `exit code ${result.exitCode}`;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return { healthy: false, lastError };
}
