import type { ImageConfig } from '../engine/types.js';
import type { InstalledDistribution, ProbeFacts } from './types.js';

/** Synthetic facts for the comparison tests: a distribution, a probe result, an image config. */
export function dist(
  name: string,
  version: string,
  more: Partial<InstalledDistribution> = {},
): InstalledDistribution {
  return {
    name,
    version,
    location: '/app/.venv/lib/python3.11/site-packages',
    requires: [],
    topLevel: [],
    ...more,
  };
}

export function probe(more: Partial<ProbeFacts> = {}): ProbeFacts {
  return {
    user: { uid: 0, gid: 0, home: '/root' },
    workdir: '/app',
    environments: [{ python: '/usr/local/bin/python3', prefix: '/usr', sites: [] }],
    distributions: [],
    imports: [],
    libraries: { method: 'ldd', extensions: 0, unresolved: [] },
    files: { roots: ['/app'], entries: {}, truncated: false },
    writable: {},
    errors: [],
    seconds: 1,
    ...more,
  };
}

export function config(more: Partial<ImageConfig> = {}): ImageConfig {
  return {
    user: '',
    exposedPorts: ['8000/tcp'],
    env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'LANG=C.UTF-8'],
    cmd: ['gunicorn', '--bind', ':8000', 'app:app'],
    entrypoint: null,
    workingDir: '/app',
    volumes: [],
    labels: {},
    ...more,
  };
}
