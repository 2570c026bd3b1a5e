import type { ShellCommand } from '../dockerfile/model.js';
import { isShellName } from '../dockerfile/nested-shell.js';
import { innermostCommand, lastSegment } from '../dockerfile/queries.js';
import { defineRule } from './define.js';
import { baseName } from './lib/commands.js';
import { baseImageOf, isAlpineImage } from './lib/size-images.js';

const TEXT_BUILTINS = new Set(['echo', 'printf']);

function shellSetsPipefail(words: string[]): boolean {
  return words.some((word, index) => word === 'pipefail' && /^[-+][a-z]*o$/.test(words[index - 1] ?? ''));
}

function setsPipefail(command: ShellCommand): boolean {
  if (baseName(command) !== 'set') return false;
  const values = command.args.map((a) => a.value);
  return values.some((v, index) => v === 'pipefail' && /^-[a-z]*o$/.test(values[index - 1] ?? ''));
}

export const rule = defineRule({
  code: 'SS414',
  name: 'pipe-without-pipefail',
  severity: 'warning',
  fixable: false,
  sources: ['hadolint:DL4006'],
  docs: {
    summary: 'A RUN pipes commands without `pipefail`, so a failure before the last `|` is ignored.',
    whatItDoes:
      'Reports each pipeline in a RUN (under a POSIX shell) when neither the SHELL instruction (`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`) nor a `set -o pipefail` earlier in the same RUN turns pipefail on. The finding points at the command whose failure is hidden; `echo` and `printf` of plain text feeding a pipe (`echo "$SHA  file" | sha256sum -c`) are left alone, as they cannot fail in a way the next command would not show (with a command substitution in their arguments they are still reported). On Alpine, which has no bash, the advice is `set -o pipefail` in ash or `SHELL ["/bin/ash", "-eo", "pipefail", "-c"]`.',
    why: "A pipeline's status is that of its last command. `curl -fsSL https://… | gpg --dearmor -o key.gpg` succeeds when the download fails, and the build goes on with an empty key: the error shows up later, far from its cause.",
    example: {
      bad: 'RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg',
      good: 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg',
    },
    fixSafety: "No fix: Debian's /bin/sh (dash) has no pipefail, so the fix means choosing bash with SHELL.",
  },
  check({ dockerfile, report }) {
    // The SHELL each stage ends with; a stage starts with its FROM parent's (null: `/bin/sh -c`).
    const shellAtEnd: Array<string[] | null> = [];
    for (const stage of dockerfile.stages) {
      const parent = stage.baseStageIndex;
      let shell = parent !== null && parent < stage.index ? (shellAtEnd[parent] ?? null) : null;
      shellAtEnd[stage.index] = shell;
      // Alpine has no bash unless installed; its BusyBox ash knows `set -o pipefail`.
      const image = baseImageOf(dockerfile, stage);
      const cure =
        image && isAlpineImage(image)
          ? 'start it with `set -o pipefail &&` (Alpine\'s ash has it), or put `SHELL ["/bin/ash", "-eo", "pipefail", "-c"]` before this RUN'
          : 'put `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before this RUN';
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'SHELL') {
          shell = instruction.args.map((a) => a.value);
          shellAtEnd[stage.index] = shell;
        }
        if (instruction.keyword !== 'RUN' || !instruction.shell) continue;
        if (shell) {
          const program = lastSegment(shell[0] ?? '');
          if (!isShellName(program) || shellSetsPipefail(shell)) continue;
        }
        const commands = instruction.shell.commands;
        // Commands inside `$(…)` sit between the members of a pipeline; the pipeline index joins them.
        const tails = new Map<string, ShellCommand>();
        for (const c of commands) if (c.operatorBefore === '|') tails.set(`${c.pipeline}:${c.depth}`, c);
        if (tails.size === 0) continue;
        let pipefail = false;
        commands.forEach((command, index) => {
          if (setsPipefail(command)) pipefail = true;
          if (pipefail || command.operatorBefore === '|') return;
          const last = tails.get(`${command.pipeline}:${command.depth}`);
          if (!last || last === command) return;
          // `echo "$SHA  file" | sha256sum -c`: a builtin printing its arguments has no failure
          // for the pipe to hide — unless an argument runs a command (`$(lsb_release -cs)`).
          // `sudo echo …`: the wrapped command is what prints (the wrapper's args hold its words).
          const printer = baseName(innermostCommand(commands, index));
          if (TEXT_BUILTINS.has(printer) && !command.args.some((a) => /\$\(|`/.test(a.text))) return;
          report({
            range: command.range,
            message: `If \`${command.name}\` fails, the pipe hides it (only \`${last.name}\`'s status counts): ${cure}.`,
          });
        });
      }
    }
  },
});
