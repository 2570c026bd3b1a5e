import path from 'node:path';

/** A Docker container action: its metadata file and the Dockerfile it builds. */
export interface GitHubAction {
  /** `action.yml` or `action.yaml`, relative to the project root. */
  file: string;
  /** The Dockerfile of `runs.image`, relative to the project root. */
  dockerfile: string;
}

export const ACTION_FILES = ['action.yml', 'action.yaml'] as const;

/**
 * Reads an action's metadata (`runs: {using: docker, image: Dockerfile}`): the Dockerfile it
 * builds, or null when the action is not a Docker action or runs a published image
 * (`docker://…`). GitHub runs such a container as root: its docs tell authors not to set USER.
 */
export async function readGitHubAction(text: string, file: string): Promise<GitHubAction | null> {
  const { parse } = await import('./yaml.js');
  let metadata: unknown;
  try {
    metadata = parse(text);
  } catch {
    // Only one fact is read from it: a file GitHub would reject is no reason to stop a lint. The
    // reader throws more than YAMLParseError on such files (ReferenceError for an alias bomb).
    return null;
  }
  const runs = (metadata as { runs?: unknown } | null)?.runs as
    | { using?: unknown; image?: unknown }
    | undefined;
  if (!runs || typeof runs !== 'object' || runs.using !== 'docker' || typeof runs.image !== 'string')
    return null;
  if (runs.image.startsWith('docker://')) return null;
  const dockerfile = path.posix.normalize(path.posix.join(path.posix.dirname(file), runs.image));
  return dockerfile.startsWith('..') ? null : { file, dockerfile };
}
