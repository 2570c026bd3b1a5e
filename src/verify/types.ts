import type { ImageConfig } from '../engine/types.js';

/**
 * What `--verify` collects from one image and what it concludes from two: plain data, so the
 * comparisons are pure functions and every reporter (text, JSON, markdown, HTML) reads the same value.
 */

export type Side = 'before' | 'after';

/** An installed Python distribution as the image's own Python sees it. */
export interface InstalledDistribution {
  /** PEP 503 normalized name. */
  name: string;
  version: string;
  /** The site folder it was found in. */
  location: string;
  /** Normalized names it requires (requirements behind an `extra ==` marker left out). */
  requires: string[];
  /** Names it requires only for one of its extras (`httpx2; extra == "download"`). */
  requiresExtra?: string[];
  /** Its importable top-level modules (top_level.txt, else its RECORD). */
  topLevel: string[];
}

export interface ImportOutcome {
  module: string;
  ok: boolean;
  /** `ModuleNotFoundError: …`, `ImportError: libpq.so.5: …`, `timed out`. */
  error?: string;
}

export interface UnresolvedLibraries {
  /** Extension path relative to its site folder (`psycopg2/_psycopg.cpython-311-x86_64-linux-gnu.so`). */
  extension: string;
  /** Library names the loader could not find (`libpq.so.5`). */
  missing: string[];
}

export interface FileFact {
  size: number;
  /** `f` regular file, `l` symbolic link. */
  kind: 'f' | 'l';
}

/** What the probe found inside the image (run as the image's user, from its WORKDIR). */
export interface ProbeFacts {
  user: { uid: number; gid: number; home: string };
  workdir: string;
  environments: Array<{ python: string; prefix: string; sites: string[] }>;
  distributions: InstalledDistribution[];
  imports: ImportOutcome[];
  libraries: { method: 'ldd' | 'loader' | 'elf'; extensions: number; unresolved: UnresolvedLibraries[] };
  /** Files outside system folders keyed by path (`~/…` under the user's home), venvs and bytecode left out. */
  files: { roots: string[]; entries: Record<string, FileFact>; truncated: boolean };
  /** Folder → whether the image's user may write there (only folders that exist). */
  writable: Record<string, boolean>;
  errors: string[];
  seconds: number;
}

/** How the image behaves when started: from the health wait, `docker stats` and `docker stop`. */
export interface Behaviour {
  healthy: boolean;
  strategy: string;
  timeToHealthyMs?: number;
  /** Median of a few `docker stats` samples once healthy. */
  idleMemoryBytes?: number;
  memorySamples?: number[];
  user: string;
  stopMs?: number;
  gracefulStop?: boolean;
  error?: string;
  /** Container logs, kept when it was not healthy. */
  logs?: string;
}

export interface ImageFacts {
  tag: string;
  config: ImageConfig;
  probe: ProbeFacts | null;
  /** Why the probe gave nothing (no Python in the image, time limit…). */
  probeError?: string;
  behaviour: Behaviour | null;
}

/** What the comparisons need to know about the project and the rewrite. */
export interface VerifyContext {
  /** Normalized names only development needs (the project's dev groups, extras, requirements files). */
  devOnly: string[];
  /** The rewrite's .dockerignore text (paths it keeps out of the build context). */
  afterDockerignore: string | null;
  /** The project's runner scripts (`[tool.pdm.scripts]`): `pdm run start` runs what `start` names. */
  scripts?: Record<string, string[]>;
  /** The Dockerfile and ignore file being compared, by context path: they differ by construction. */
  buildFiles: string[];
  /** Files the rewrite no longer makes, each with the ledger line that says so (none for `--against`). */
  namedRemovals: Array<{ path: string; reason: string }>;
}

export type SectionName = 'distributions' | 'imports' | 'libraries' | 'files' | 'contract' | 'behaviour';

export interface Allowed {
  what: string;
  /** The named reason the difference is allowed. */
  why: string;
}

export interface Difference {
  what: string;
  detail: string;
}

export interface VerifySection {
  name: SectionName;
  /** One line that summarises what is equal ("64 distributions, same versions"). */
  equal: string;
  allowed: Allowed[];
  differences: Difference[];
  /** Facts worth knowing that decide nothing (modules failing in both images). */
  notes: string[];
}

export interface VerificationReport {
  ok: boolean;
  sections: VerifySection[];
  behaviour: Record<Side, Behaviour | null>;
}
