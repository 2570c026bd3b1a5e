import { runDocker } from './docker-cli.js';
import type { EngineInfo } from './types.js';

/**
 * Fails early, with what to install or start, when docker, its engine or buildx is missing.
 * Commands that build call this before doing any work.
 */
export async function checkEngine(options: { builder?: string } = {}): Promise<void> {
  await runDocker(['version', '--format', '{{.Server.Version}}'], { timeoutMs: 20_000 });
  await runDocker(['buildx', 'version'], { timeoutMs: 20_000 });
  if (options.builder) await runDocker(['buildx', 'inspect', options.builder], { timeoutMs: 20_000 });
}

/** The machine a measurement ran on: engine and buildx versions, cores, memory. */
export async function engineInfo(): Promise<EngineInfo> {
  const [version, info, buildx] = await Promise.all([
    runDocker(['version', '--format', '{{json .}}']),
    runDocker(['info', '--format', '{{json .}}']),
    runDocker(['buildx', 'version']),
  ]);
  const versions = JSON.parse(version.stdout) as {
    Client?: { Version?: string; ApiVersion?: string };
    Server?: { Version?: string; ApiVersion?: string } | null;
  };
  const details = JSON.parse(info.stdout) as {
    ServerVersion?: string;
    NCPU?: number;
    MemTotal?: number;
    OperatingSystem?: string;
    Architecture?: string;
    Driver?: string;
  };
  return {
    serverVersion: details.ServerVersion ?? versions.Server?.Version ?? 'unknown',
    clientVersion: versions.Client?.Version ?? 'unknown',
    apiVersion: versions.Server?.ApiVersion ?? versions.Client?.ApiVersion ?? 'unknown',
    buildxVersion: buildxVersionFrom(buildx.stdout),
    cores: details.NCPU ?? 0,
    memoryBytes: details.MemTotal ?? 0,
    operatingSystem: details.OperatingSystem ?? 'unknown',
    architecture: details.Architecture ?? 'unknown',
    storageDriver: details.Driver ?? 'unknown',
  };
}

/** `github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3` → `0.13.1+ds1`. */
export function buildxVersionFrom(text: string): string {
  const words = text.trim().split(/\s+/);
  return words[1] ?? words[0] ?? 'unknown';
}
