import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { readTextFile } from '../fs/index.js';
import type { Side } from './types.js';

/** Prefix of every temporary folder, image tag and container name bench creates. */
export const BENCH_PREFIX = 'shipshape-bench-';

export interface Workspace {
  /** Random id shared by the tags, container names and the temporary folder. */
  id: string;
  root: string;
  /** Build context of each side: a full copy of the project. */
  context: Record<Side, string>;
  /** Dockerfile of each side, absolute. */
  dockerfile: Record<Side, string>;
  /** The Dockerfile path relative to the project (the same in both copies). */
  dockerfileRelative: string;
}

export interface AfterFiles {
  dockerfile: string;
  /** The .dockerignore to put at the root of the "after" copy; undefined keeps the project's. */
  dockerignore?: string;
  /** Files of the original the rewrite says it no longer makes, with the ledger's reason. */
  namedRemovals?: Array<{ path: string; reason: string }>;
}

/**
 * Two copies of the project (before/ and after/) in one temporary folder, so each side
 * keeps its own Dockerfile and .dockerignore and the project folder itself is never touched.
 */
export function createWorkspace(
  projectRoot: string,
  dockerfileRelative: string,
  after: AfterFiles,
): Workspace {
  const root = mkdtempSync(join(tmpdir(), BENCH_PREFIX));
  const id = root
    .slice(root.lastIndexOf(BENCH_PREFIX) + BENCH_PREFIX.length)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  const context = { before: join(root, 'before'), after: join(root, 'after') };
  try {
    for (const side of ['before', 'after'] as const) {
      cpSync(projectRoot, context[side], { recursive: true, verbatimSymlinks: true });
    }
    const afterDockerfile = join(context.after, dockerfileRelative);
    writeFileSync(afterDockerfile, after.dockerfile);
    // BuildKit prefers `<Dockerfile>.dockerignore` over the root one; "after" must use its own.
    rmSync(`${afterDockerfile}.dockerignore`, { force: true });
    if (after.dockerignore !== undefined)
      writeFileSync(join(context.after, '.dockerignore'), after.dockerignore);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    id,
    root,
    context,
    dockerfile: {
      before: join(context.before, dockerfileRelative),
      after: join(context.after, dockerfileRelative),
    },
    dockerfileRelative,
  };
}

/** The files an `--against` Dockerfile brings: its text and the ignore file beside it, if any. */
export function againstFiles(path: string): AfterFiles {
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new UserError(`${path} does not exist: pass an existing Dockerfile to --against.`);
  }
  const ignore = [`${absolute}.dockerignore`, join(dirname(absolute), '.dockerignore')].find(existsSync);
  return {
    dockerfile: readTextFile(absolute, path, { what: 'Dockerfile' }),
    ...(ignore ? { dockerignore: readTextFile(ignore, ignore, { what: '.dockerignore file' }) } : {}),
  };
}

/** The project-relative path of a Dockerfile given relative to the project or absolute. */
export function relativeTo(projectRoot: string, path: string): string {
  const rel = isAbsolute(path) ? relative(projectRoot, path) : path;
  if (rel.startsWith('..')) {
    throw new UserError(
      `${path} is outside the project ${projectRoot}: bench builds a copy of the project folder, so the Dockerfile must be inside it.`,
    );
  }
  return rel.split('\\').join('/');
}
