import { existsSync, readFileSync } from 'node:fs';
import { runOnce } from '../engine/index.js';
import { MANAGERS } from '../project/managers.js';
import type { ProbeFacts } from './types.js';

/** The probe's own time limit; docker gets a little more to start and remove the container. */
const PROBE_SECONDS = 150;

let script: string | undefined;
function probeScript(): string {
  // Beside this module in src/ and in dist/verify/ (scripts/copy-assets.mjs copies it there);
  // from the CLI bundle's chunks in dist/cli-chunks/, dist/verify/ is one folder up.
  const beside = new URL('./probe.py', import.meta.url);
  script ??= readFileSync(
    existsSync(beside) ? beside : new URL('../verify/probe.py', import.meta.url),
    'utf8',
  );
  return script;
}

/**
 * Package managers' download caches, relative to the home folder: not files the app owns. Poetry,
 * PDM and Pipenv also fill virtualenv's own cache when they make a venv.
 */
export const CACHE_FOLDERS = [
  ...MANAGERS.flatMap((m) => (m.cache ? [m.cache.path.replace(/^\/root\//, '')] : [])),
  '.cache/virtualenv',
];

export interface ProbeOptions {
  image: string;
  /** Container name, so cleanup finds it when interrupted. */
  name: string;
  /** Folders whose writability for the image's user is asked. */
  folders: string[];
  /** `elf` forces reading DT_NEEDED entries (the distroless path) even where ldd exists. */
  libraries?: 'auto' | 'ldd' | 'loader' | 'elf';
  signal?: AbortSignal;
}

/**
 * Runs the probe in a throwaway container of the image, as its user and in its WORKDIR, with
 * the image's own Python (`python3`, else `python`): no shell needed, so distroless works too.
 */
export async function probeImage(options: ProbeOptions): Promise<ProbeFacts | string> {
  const args = JSON.stringify({
    caches: CACHE_FOLDERS,
    folders: options.folders,
    deadline: PROBE_SECONDS,
    libraries: options.libraries ?? 'auto',
  });
  let lastError = '';
  for (const python of ['python3', 'python']) {
    const result = await runOnce({
      image: options.image,
      entrypoint: python,
      command: ['-c', probeScript(), args],
      name: `${options.name}-${python}`,
      timeoutMs: (PROBE_SECONDS + 60) * 1000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const last = result.stdout.trim().split('\n').at(-1) ?? '';
    if (result.exitCode === 0 && last.startsWith('{')) return JSON.parse(last) as ProbeFacts;
    lastError = (result.stderr.trim().split('\n').at(-1) ?? '') || `exit code ${result.exitCode}`;
    // Only a missing interpreter is worth a second try.
    if (!/executable file not found|no such file/i.test(result.stderr)) break;
  }
  return `the image's Python could not run the probe (${lastError})`;
}
