import type { ShellCommand } from '../dockerfile/model.js';
import { isPythonName } from '../dockerfile/queries.js';
import { rootOnlyCommand } from '../dockerfile/root-commands.js';
import { defineRule } from './define.js';
import { type BuildUser, buildUsers, mayRunAsNonRoot, type RunContext } from './lib/build-users.js';
import { baseName, positionals } from './lib/commands.js';

/** The paths a command writes (creates, changes or removes), as written. */
function writtenPaths(command: ShellCommand): { paths: readonly string[]; tolerant: boolean } {
  const name = baseName(command);
  const words = positionals(command);
  const flags = command.args.map((a) => a.value).filter((v) => v.startsWith('-'));
  switch (name) {
    case 'mkdir':
      // `mkdir -p` of a folder that already exists succeeds.
      return { paths: words, tolerant: flags.some((f) => /^-[a-z]*p|^--parents$/.test(f)) };
    case 'touch':
    case 'tee':
      return { paths: words, tolerant: false };
    case 'rm':
      return { paths: words, tolerant: false };
    case 'cp':
    case 'mv':
    case 'ln':
      return { paths: words.length >= 2 ? [words.at(-1)!] : [], tolerant: false };
    case 'install':
      if (flags.some((f) => f === '-d' || f === '--directory')) return { paths: words, tolerant: true };
      return { paths: words.length >= 2 ? [words.at(-1)!] : [], tolerant: false };
    case 'chmod':
    case 'chown':
    case 'chgrp':
      return { paths: words.slice(1), tolerant: false };
    case 'virtualenv':
      return { paths: words.slice(0, 1), tolerant: false };
    case 'uv':
      return words[0] === 'venv'
        ? { paths: [words[1] ?? '.venv'], tolerant: false }
        : { paths: [], tolerant: false };
    default:
      if (isPythonName(name) && command.args[0]?.value === '-m' && command.args[1]?.value === 'venv')
        return { paths: positionals(command).slice(2, 3), tolerant: false };
      return { paths: [], tolerant: false };
  }
}

function who(user: Extract<BuildUser, { kind: 'user' | 'inherited' }>): string {
  return user.kind === 'user'
    ? `\`${user.name}\` (USER on line ${user.at.range.start.line})`
    : `\`${user.name}\`, which this stage inherits as USER from its base \`${user.image}\``;
}

function cure(user: Extract<BuildUser, { kind: 'user' | 'inherited' }>): string {
  return user.kind === 'user'
    ? 'run it before that USER, or put `USER root` before it and switch back after'
    : `put \`USER root\` before it and \`USER ${user.name}\` after`;
}

/** Why this command fails for a non-root user, or null. */
function failure(command: ShellCommand, context: RunContext): string | null {
  const user = context.user;
  if (user.kind !== 'user' && user.kind !== 'inherited') return null;
  const program = rootOnlyCommand(command);
  if (program)
    return `\`${program}\` needs root, but this RUN runs as ${who(user)}: the build fails here — ${cure(user)}.`;
  // What a base image's own user owns (micromamba's /opt/conda) is not known: judge writes only
  // for users this Dockerfile made.
  if (user.kind !== 'user') return null;
  const { paths, tolerant } = writtenPaths(command);
  for (const written of paths) {
    const path = context.resolve(written);
    if (!path || (tolerant && context.exists(path))) continue;
    const why = context.whyNotWritable(path);
    if (!why) continue;
    return `\`${baseName(command)}\` writes ${path}, but ${why} and this RUN runs as ${who(user)}: the build fails here — ${cure(user)}, or give the folder to \`${user.name}\` (\`chown\`, \`COPY --chown\`) before switching.`;
  }
  return null;
}

/** `set -e`, `set -eux`, `set -o errexit`: a failing command stops the script. */
function setsErrexit(command: ShellCommand): boolean {
  if (baseName(command) !== 'set') return false;
  const values = command.args.map((a) => a.value);
  return values.some((v, i) => /^-[a-z]*e/.test(v) || (v === 'errexit' && values[i - 1] === '-o'));
}

/**
 * Whether a failure of command `index` fails the RUN: it is followed by `&&` or ends the script,
 * or the script runs under `set -e`. A failure followed by `;` or a newline without `set -e`,
 * hidden by a pipe, or guarded by `||` does not stop the build. The last command of a block
 * (`( … )`, `sh -c "…"`, a wrapper's command) gives the block its status, so what follows the
 * block decides: `(touch /etc/x) || true` and `timeout 30 touch /etc/x || true` are guarded.
 */
function failsTheBuild(commands: readonly ShellCommand[], index: number, errexit: boolean): boolean {
  const command = commands[index]!;
  let next: ShellCommand | undefined;
  for (let k = index + 1; k < commands.length && !next; k++)
    if (commands[k]!.depth <= command.depth) next = commands[k];
  if (!next) return true;
  if (next.operatorBefore === '&&') return true;
  if (next.operatorBefore === '||' || next.operatorBefore === '|' || next.operatorBefore === '&')
    return false;
  return errexit;
}

export const rule = defineRule({
  code: 'SS416',
  name: 'root-only-step-after-user',
  severity: 'error',
  fixable: false,
  sources: [],
  docs: {
    summary: 'A step that needs root runs after USER switched to an unprivileged user, so the build fails.',
    whatItDoes:
      "Reports, in a RUN that runs as a non-root user (a `USER` of this Dockerfile, of a stage it is built FROM, or one the base image sets itself, such as `mambaorg/micromamba`'s mambauser): system package managers changing the system (`apt-get install`/`update`, `apk add`, `dnf install`, `dpkg -i`), account tools (`useradd`, `adduser`, `groupadd`), `setcap`, `update-ca-certificates`; and, for a user this Dockerfile switched to, writes (`mkdir`, `touch`, `cp`, `mv`, `ln`, `tee`, `rm`, `chmod`, `chown`, `install`, `python -m venv`, `uv venv`) into folders root owns: system folders (/etc, /usr, /opt, /var…), a new folder right under /, and folders root made earlier in the build (a WORKDIR, a COPY without `--chown`, a `mkdir`) unless they were given to a user (`chown`, `COPY --chown`, `install -o`, `chmod 777`). One finding per RUN, at the first command that fails (the build stops there). A command whose failure does not stop the RUN is left alone: guarded by `||`, hidden by a pipe, or followed by `;` without `set -e`; so are paths held in variables the build cannot see. A command a wrapper runs as another user (`sudo apt-get install`, `su app -c '…'`) is not judged as the RUN's user; `su` and `runuser` themselves need root (a build has no terminal for su's password).",
    why: 'An unprivileged user may not change the system or write where root owns the folder: the step stops with "Permission denied" (apt: "Could not open lock file") and the build fails — usually found only when the image is built after a "harmless" reordering.',
    example: {
      bad: 'FROM python:3.12-slim\nRUN useradd --create-home app\nUSER app\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5',
      good: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5\nRUN useradd --create-home app\nUSER app',
    },
    fixSafety: 'No fix: whether to move the step or switch users around it depends on what it does.',
  },
  check({ dockerfile, report }) {
    // Every RUN as root: no step can fail for want of root.
    if (!mayRunAsNonRoot(dockerfile)) return;
    const walk = buildUsers(dockerfile);
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      const context = walk.at(instruction);
      // A RUN as root fails for none of these reasons (`failure` asks for a user).
      if (!context || (context.user.kind !== 'user' && context.user.kind !== 'inherited')) continue;
      const commands = instruction.shell?.commands ?? [];
      let errexit = false;
      for (const [index, command] of commands.entries()) {
        if (setsErrexit(command)) errexit = true;
        // A wrapper switched users (`sudo apt-get …`, `su app -c "…"`): not this RUN's user.
        if (command.runsAs !== null) continue;
        if (!failsTheBuild(commands, index, errexit)) continue;
        const message = failure(command, context);
        if (!message) continue;
        // The build stops at the first failing command: the rest of the RUN never runs.
        report({ range: command.range, message });
        break;
      }
    }
  },
});
