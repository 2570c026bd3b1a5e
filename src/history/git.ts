import { execa } from 'execa';

export interface GitFacts {
  commit: string | null;
  branch: string | null;
}

async function git(dir: string, args: string[]): Promise<string | null> {
  try {
    const result = await execa('git', ['-C', dir, ...args], {
      reject: false,
      timeout: 10_000,
      stdin: 'ignore',
    });
    return result.exitCode === 0 ? result.stdout.trim() || null : null;
  } catch {
    return null; // no git binary: history works without commit facts
  }
}

/** Commit and branch of `dir`; nulls outside a repository, before the first commit, or detached. */
export async function gitFacts(dir: string): Promise<GitFacts> {
  const [commit, branch] = await Promise.all([
    git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD']),
    git(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD']),
  ]);
  return { commit, branch };
}
