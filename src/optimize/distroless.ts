import type { ServerCommand } from './command.js';
import type { AppStep, ReviewStep } from './types.js';

/**
 * The distroless variant: the shipped stage is Google's distroless Python image, which has
 * Debian 13's own python3.13 at /usr/bin, no shell and no package manager. The builder is
 * plain Debian 13 with the same python3.13 package, so the venv's interpreter link
 * (/usr/bin/python3.13) and its compiled extensions are valid in both stages.
 */
export const DISTROLESS = {
  /** python3-debian12 (Python 3.11) was retired in May 2026; debian13 is the one published. */
  image: 'gcr.io/distroless/python3-debian13:nonroot',
  python: '3.13',
  /** The python3.13 package of Debian 13 that the image is built from. */
  pythonPatch: '3.13.5',
  interpreter: '/usr/bin/python3.13',
  builderImage: 'debian:13-slim',
  release: 'trixie' as const,
  /** The image's own non-root account (uid and gid 65532, in its /etc/passwd). */
  user: { name: 'nonroot', uid: 65532, gid: 65532 },
};

/** What the builder installs to have the distroless image's Python (and its headers when compiling). */
export function distrolessBuilderPackages(compiles: boolean): string[] {
  return ['ca-certificates', 'python3.13', 'python3.13-venv', ...(compiles ? ['python3.13-dev'] : [])];
}

/**
 * Debian packages whose libraries the distroless Python image already carries, so a runtime
 * package list made only of these needs no package manager.
 */
const PROVIDED = new Set([
  'ca-certificates',
  'tzdata',
  'netbase',
  'openssl',
  'libssl3',
  'libssl3t64',
  'libffi8',
  'zlib1g',
  'libsqlite3-0',
  'libexpat1',
  'liblzma5',
  'libbz2-1.0',
  'libuuid1',
  'libncursesw6',
  'libreadline8',
  'libreadline8t64',
  'libgcc-s1',
  'libstdc++6',
  'libgssapi-krb5-2',
  'libkrb5-3',
  'python3.13',
]);

/** Runtime packages the distroless image lacks (it has no apt to add them). */
export function runtimePackagesMissingFromDistroless(runtime: string[]): string[] {
  return runtime.filter((name) => !PROVIDED.has(name));
}

const SHELL_ONLY = /[$`\\|;<>*?(){}[\]]/;
const SHELLS = /^(?:.*\/)?(sh|bash|dash|ash|zsh|ksh)$|\.sh$/;
const SHELL_BUILTINS = new Set(['cd', 'export', 'source', '.', 'exec', 'set', 'test', '[', 'eval', 'umask']);

/**
 * A shell command as exec-form argument lists, one per `&&` link, or null when it needs a
 * shell (expansions, pipes, redirections, globs, builtins, variable assignments) — the
 * distroless image has none to run it.
 */
export function execForm(command: string): string[][] | null {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const text = command.replace(/\\\n/g, ' ');
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return null;
      const quoted = text.slice(i + 1, end);
      if (c === '"' && /[$`\\]/.test(quoted)) return null;
      word += quoted;
      inWord = true;
      i = end;
    } else if (/\s/.test(c)) {
      endWord();
    } else if (c === '&' && text[i + 1] === '&' && !inWord) {
      if (words.length === 0) return null;
      commands.push(words);
      words = [];
      i++;
    } else if (SHELL_ONLY.test(c) || c === '&' || (!inWord && /[~#!]/.test(c))) {
      return null;
    } else {
      word += c;
      inWord = true;
    }
  }
  endWord();
  if (words.length === 0) return null;
  commands.push(words);
  const needsShell = commands.some(
    (argv) => SHELL_BUILTINS.has(argv[0]!) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0]!),
  );
  return needsShell ? null : commands;
}

/** Programs a distroless shipped stage can run: its Python, and what the venv (on PATH) provides. */
function runsInDistroless(program: string, venv: string): boolean {
  return /^(?:\/usr\/bin\/)?python(3(\.\d+)?)?$/.test(program) || program.startsWith(`${venv}/`);
}

export interface DistrolessWork {
  runtimePackages: string[];
  steps: AppStep[];
  review: ReviewStep[];
  commands: Array<ServerCommand | null>;
  venv: string;
}

/** Why a project cannot ship on distroless, one clause per reason; empty when it can. */
export function distrolessBlockers(work: DistrolessWork): string[] {
  const blockers: string[] = [];
  const missing = runtimePackagesMissingFromDistroless(work.runtimePackages);
  if (missing.length > 0)
    blockers.push(`runtime package(s) ${missing.join(', ')} cannot be installed without apt`);
  for (const step of work.steps) {
    const argvs = execForm(step.command);
    if (!argvs || argvs.some((argv) => SHELLS.test(argv[0]!)))
      blockers.push(`line ${step.line} (\`${step.command}\`) needs a shell`);
  }
  // Steps optimize does not know run programs of their own: only Python and the venv's exist there.
  for (const step of work.review) {
    const argvs = execForm(step.text);
    const foreign = argvs?.map((argv) => argv[0]!).find((program) => !runsInDistroless(program, work.venv));
    if (!argvs || (foreign && SHELLS.test(foreign)))
      blockers.push(`line ${step.line} (\`${step.text}\`) needs a shell`);
    else if (foreign) blockers.push(`line ${step.line} runs \`${foreign}\`, which the image does not have`);
  }
  for (const server of work.commands) {
    if (!server) continue;
    if (server.viaShell)
      blockers.push(`the command \`${server.translatedFrom}\` needs a shell to expand at run time`);
    else if (SHELLS.test(server.argv[0] ?? ''))
      blockers.push(
        `the command \`${server.argv.join(' ')}\` runs a shell script, and the image has no shell`,
      );
  }
  return blockers;
}
