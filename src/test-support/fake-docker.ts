import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Puts a tiny shell script named `docker` first on PATH, so engine code can be tested against
 * what the real CLI prints in situations this machine cannot produce (no engine, no buildx).
 * The script records its arguments, one per line, in `argsFile`.
 */
export interface FakeDocker {
  dir: string;
  argsFile: string;
  /** Arguments of the last call. */
  lastArgs(): string[];
  restore(): void;
}

export function installFakeDocker(body: string): FakeDocker {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-fake-docker-'));
  const argsFile = join(dir, 'args');
  const script = `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n${body}\n`;
  writeFileSync(join(dir, 'docker'), script);
  chmodSync(join(dir, 'docker'), 0o755);
  const originalPath = process.env.PATH;
  process.env.PATH = `${dir}:${originalPath ?? ''}`;
  return {
    dir,
    argsFile,
    lastArgs: () => readFileSync(argsFile, 'utf8').split('\n').slice(0, -1),
    restore: () => {
      process.env.PATH = originalPath;
      // A call the code under test started but no longer waits for (it failed on another
      // call's answer) may still be writing its arguments there: removal is retried until done.
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
    },
  };
}

/** PATH without any docker at all: an empty folder only. */
export function withoutDocker(): { restore(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-no-docker-'));
  const originalPath = process.env.PATH;
  process.env.PATH = dir;
  return {
    restore: () => {
      process.env.PATH = originalPath;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
