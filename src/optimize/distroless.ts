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
 * Debian packages the distroless Python image already carries, from its build configuration
 * (static + base + cc + python3 for debian13), so a runtime list made only of these needs no
 * package manager. Binaries such as `openssl` are not among them: only libraries.
 */
const PROVIDED = new Set(
  [
    ['ca-certificates', 'tzdata', 'netbase', 'libc6', 'libssl3', 'libssl3t64', 'libzstd1', 'zlib1g'],
    ['libgcc-s1', 'libstdc++6', 'libgomp1', 'libffi8', 'libsqlite3-0', 'libexpat1', 'liblzma5'],
    ['libbz2-1.0', 'libuuid1', 'libncursesw6', 'libtinfo6', 'libreadline8', 'libreadline8t64'],
    ['libdb5.3t64', 'libcrypt1', 'libnsl2', 'libtirpc3t64', 'libcom-err2', 'libkeyutils1'],
    ['libgssapi-krb5-2', 'libk5crypto3', 'libkrb5-3', 'libkrb5support0'],
  ].flat(),
);

/** Runtime packages the distroless image lacks (it has no apt to add them). */
export function runtimePackagesMissingFromDistroless(runtime: string[]): string[] {
  return runtime.filter((name) => !PROVIDED.has(name));
}

const SHELL_ONLY = /[$`\\|;<>*?(){}[\]]/;
const SHELLS = /^(?:.*\/)?(sh|bash|dash|ash|zsh|ksh)$|\.sh$/;
const SHELL_WORDS = new Set(
  [
    ['cd', 'export', 'source', '.', 'exec', 'set', 'test', '[', 'eval', 'umask', 'exit', 'return', 'unset'],
    ['alias', 'read', 'shift', 'trap', 'wait', 'time', 'function', 'select'],
    ['if', 'then', 'elif', 'else', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac'],
  ].flat(),
);

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
  // Docker joins continued lines as they are; a line break left over separates commands.
  const text = command.replace(/\\\r?\n/g, '');
  if (/[\r\n]/.test(text)) return null;
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
    (argv) => SHELL_WORDS.has(argv[0]!) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0]!),
  );
  return needsShell ? null : commands;
}

/** Programs that live outside the venv: in the builder, or in images other than distroless. */
const ABSENT_PROGRAMS = new Set(
  [
    ['uv', 'uvx', 'poetry', 'pdm', 'pipenv', 'pipx', 'apt', 'apt-get', 'apk', 'dpkg', 'npm', 'node'],
    ['chmod', 'chown', 'chgrp', 'mkdir', 'cp', 'mv', 'rm', 'ln', 'touch', 'cat', 'echo', 'printf'],
    ['sed', 'awk', 'grep', 'curl', 'wget', 'tar', 'gzip', 'unzip', 'git', 'ls', 'find', 'xargs', 'id'],
    ['useradd', 'groupadd', 'adduser', 'addgroup', 'su', 'sudo', 'gosu', 'tini', 'dumb-init', 'env'],
    ['true', 'false', 'sleep', 'make', 'gcc', 'cc', 'ldconfig', 'update-ca-certificates'],
  ].flat(),
);

/**
 * Why the distroless stage cannot start `program`, or null when it can: the image's Python,
 * anything in the venv (on PATH, so console scripts by name), and the copied Docker CLI.
 */
function missingProgram(program: string, venv: string, dockerCli: boolean): string | null {
  if (/^(\/usr\/bin\/)?python(3(\.13)?)?$/.test(program) || program.startsWith(`${venv}/bin/`)) return null;
  if (dockerCli && (program === 'docker' || program === '/usr/local/bin/docker')) return null;
  if (/^python\d/.test(program)) return `\`${program}\` (the image has python3.13 only)`;
  // A path outside the venv (./start, /usr/local/bin/uvicorn) or a system tool.
  if (program.includes('/') || ABSENT_PROGRAMS.has(program)) return `\`${program}\``;
  return null;
}

/** `/usr/local/bin/python3.13 -m app` → `python -m app`: the venv's Python is the one on PATH. */
export function onVenvPython(argv: string[]): string[] {
  return /^\/usr\/(local\/)?bin\/python(3(\.13)?)?$/.test(argv[0] ?? '')
    ? ['python', ...argv.slice(1)]
    : argv;
}

export interface DistrolessWork {
  runtimePackages: string[];
  steps: AppStep[];
  review: ReviewStep[];
  commands: Array<ServerCommand | null>;
  venv: string;
  /** The Docker CLI is copied into the image. */
  dockerCli: boolean;
}

/** Why a project cannot ship on distroless, one clause per reason; empty when it can. */
export function distrolessBlockers(work: DistrolessWork): string[] {
  const blockers: string[] = [];
  const missing = runtimePackagesMissingFromDistroless(work.runtimePackages);
  if (missing.length > 0)
    blockers.push(`runtime package(s) ${missing.join(', ')} cannot be installed without apt`);
  for (const step of work.steps.filter((s) => s.kind === 'system'))
    blockers.push(`line ${step.line} (\`${step.command}\`) installs system libraries with apt`);
  const steps = [
    ...work.steps.filter((s) => s.kind !== 'system').map((s) => ({ line: s.line, text: s.command })),
    ...work.review.map((s) => ({ line: s.line, text: s.text })),
  ];
  for (const step of steps) {
    const argvs = execForm(step.text);
    if (!argvs || argvs.some((argv) => SHELLS.test(argv[0]!))) {
      blockers.push(`line ${step.line} (\`${step.text}\`) needs a shell`);
      continue;
    }
    const absent = argvs.map((argv) => missingProgram(argv[0]!, work.venv, work.dockerCli)).find(Boolean);
    if (absent) blockers.push(`line ${step.line} runs ${absent}, which the image does not have`);
  }
  for (const server of work.commands) {
    if (!server) continue;
    const program = server.argv[0] ?? '';
    if (server.viaShell)
      blockers.push(`the command \`${server.translatedFrom}\` needs a shell to expand at run time`);
    else if (SHELLS.test(program))
      blockers.push(
        `the command \`${server.argv.join(' ')}\` runs a shell script, and the image has no shell`,
      );
    else {
      const absent = missingProgram(program, work.venv, work.dockerCli);
      if (absent) blockers.push(`the command runs ${absent}, which the image does not have`);
    }
  }
  return blockers;
}
