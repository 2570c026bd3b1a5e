import { execFileSync } from 'node:child_process';
import { describe } from 'vitest';

/** True when a Docker engine answers (not just the client binary). */
export function engineAvailable(): boolean {
  try {
    execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
      stdio: 'pipe',
      timeout: 15_000,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * End-to-end suites that need the engine. They may skip only when no engine answers AND
 * SHIPSHAPE_REQUIRE_DOCKER is unset; CI sets it, so a missing engine fails there instead.
 */
export function describeWithEngine(name: string, body: () => void): void {
  const available = engineAvailable();
  if (!available && process.env.SHIPSHAPE_REQUIRE_DOCKER) {
    describe(name, () => {
      throw new Error('SHIPSHAPE_REQUIRE_DOCKER is set but no Docker engine answers `docker version`.');
    });
    return;
  }
  if (!available) {
    describe.skip(name, body);
    return;
  }
  describe(name, body);
}
