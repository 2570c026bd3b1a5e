import { connect } from 'node:net';
import { containerState } from './containers.js';
import type { ContainerState } from './types.js';

export interface ProbeResult {
  ok: boolean;
  durationMs: number;
  /** HTTP status, for HTTP probes that got an answer. */
  status?: number;
  error?: string;
}

/** One GET; ok for a 2xx or 3xx answer (redirects are not followed). */
export async function probeHttp(url: string, timeoutMs = 2_000): Promise<ProbeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  // A ref'd timer, not AbortSignal.timeout (whose timer is unref'd): a pending fetch holds no
  // handle of its own, and Node would otherwise exit mid-probe with an empty event loop.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), timeoutMs);
  try {
    const response = await fetch(url, { redirect: 'manual', signal: controller.signal });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 400;
    return {
      ok,
      status: response.status,
      durationMs: elapsed(),
      ...(ok ? {} : { error: `HTTP ${response.status}` }),
    };
  } catch (error) {
    return { ok: false, durationMs: elapsed(), error: describeFetchError(error) };
  } finally {
    clearTimeout(timer);
  }
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (error.name === 'TimeoutError') return 'timed out';
  return cause?.code ?? cause?.message ?? error.message;
}

/**
 * A TCP connect that counts only when the peer keeps the connection open for `settleMs`.
 * Docker's userland proxy accepts every connection on a published port and closes it at
 * once when nothing listens inside the container, so a bare connect proves nothing.
 */
export function probeTcp(
  host: string,
  port: number,
  options: { timeoutMs?: number; settleMs?: number } = {},
): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? 2_000;
  const settleMs = options.settleMs ?? 250;
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let settled = false;
    const finish = (result: Omit<ProbeResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...result, durationMs: Math.round(performance.now() - started) });
    };
    const timer = setTimeout(() => finish({ ok: false, error: 'timed out' }), timeoutMs);
    socket.once('connect', () => {
      setTimeout(() => finish({ ok: true }), settleMs);
    });
    socket.once('data', () => finish({ ok: true })); // a server that greets first is listening
    socket.once('end', () => finish({ ok: false, error: 'connection closed by peer' }));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, error: error.code ?? error.message }),
    );
  });
}

export type HealthStrategy =
  | { kind: 'healthcheck' }
  | { kind: 'http'; url: string }
  | { kind: 'tcp'; host: string; port: number };

export interface WaitOptions {
  containerId: string;
  strategy: HealthStrategy;
  timeoutMs: number;
  intervalMs?: number;
}

export interface WaitResult {
  healthy: boolean;
  /** From the start of waiting to the first good answer. */
  timeToHealthyMs?: number;
  attempts: number;
  /** Why the last attempt failed, or why waiting stopped. */
  lastError?: string;
  /** Set when the container stopped running while we waited. */
  exited?: ContainerState;
}

/** Polls until the container answers by the chosen strategy, exits, or the timeout passes. */
export async function waitForHealthy(options: WaitOptions): Promise<WaitResult> {
  const intervalMs = options.intervalMs ?? 250;
  const started = performance.now();
  let attempts = 0;
  let lastError: string | undefined;
  while (performance.now() - started < options.timeoutMs) {
    attempts += 1;
    const state = await containerState(options.containerId);
    if (!state.running) {
      return {
        healthy: false,
        attempts,
        lastError: `container exited with code ${state.exitCode}`,
        exited: state,
      };
    }
    const verdict = await attempt(options.strategy, state);
    if (verdict.ok)
      return { healthy: true, timeToHealthyMs: Math.round(performance.now() - started), attempts };
    lastError = verdict.error;
    if (verdict.final) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return { healthy: false, attempts, lastError: lastError ?? 'timed out' };
}

async function attempt(
  strategy: HealthStrategy,
  state: ContainerState,
): Promise<{ ok: boolean; error?: string; final?: boolean }> {
  switch (strategy.kind) {
    case 'healthcheck':
      if (state.health === 'healthy') return { ok: true };
      if (state.health === 'none') return { ok: false, error: 'the image has no HEALTHCHECK', final: true };
      return { ok: false, error: `health status ${state.health}` };
    case 'http': {
      const result = await probeHttp(strategy.url);
      return result.ok ? { ok: true } : { ok: false, error: result.error ?? 'no answer' };
    }
    case 'tcp': {
      const result = await probeTcp(strategy.host, strategy.port);
      return result.ok ? { ok: true } : { ok: false, error: result.error ?? 'no answer' };
    }
  }
}
