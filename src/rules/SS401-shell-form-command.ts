import type { Dockerfile, Instruction } from '../dockerfile/model.js';
import type { Fix } from '../types.js';
import { defineRule } from './define.js';
import { commandWord, launchInstructions } from './lib/runtime-launch.js';
import { shippedInstructions } from './lib/stages.js';

/** Characters that only mean something to a shell: expansion, operators, globs, escapes, comments. */
const SHELL_SYNTAX = /[$`\\;&|<>*?[\]~{}()#!]/;

/** The SHELL in effect for an instruction of the shipped lineage (the last one before it), as written. */
function shellInEffect(dockerfile: Dockerfile, instruction: Instruction): string | null {
  let shell: Instruction | undefined;
  for (const other of shippedInstructions(dockerfile))
    if (other.keyword === 'SHELL' && other.index < instruction.index) shell = other;
  return shell?.argsText ?? null;
}

/**
 * The JSON form of a shell-form command, when writing it out changes nothing but the process
 * tree: one plain command, no variables, operators, globs or escapes for a shell to interpret.
 */
function execForm(instruction: Instruction): string | null {
  const script = instruction.shell;
  const raw = (instruction.argsText ?? '').replace(/\\\r?\n/g, ' ');
  const topLevel = script?.commands.filter((c) => c.depth === 0) ?? [];
  if (!script || script.hasError || topLevel.length !== 1 || SHELL_SYNTAX.test(raw)) return null;
  const command = topLevel[0]!;
  if (command.assignments.length > 0 || command.depth !== 0) return null;
  const words = [commandWord(command), ...command.args].map((w) => w.value);
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

export const rule = defineRule({
  code: 'SS401',
  name: 'shell-form-command',
  severity: 'warning',
  fixable: 'unsafe',
  sources: ['hadolint:DL3025', 'buildkit:JSONArgsRecommended'],
  docs: {
    summary: 'CMD or ENTRYPOINT is written in shell form.',
    whatItDoes:
      'Reports shell-form `CMD`/`ENTRYPOINT` in the stage that ships (`CMD uvicorn app:app`), unless it already starts with `exec`. Stages whose SHELL is PowerShell or cmd are left alone.',
    why: 'Shell form runs `/bin/sh -c "<command>"`: the shell is PID 1 and the server its child. `docker stop` sends SIGTERM to the shell, which does not pass it on, so the server never shuts down gracefully — open requests are cut off when Docker kills it after the 10 s grace period. A shell-form ENTRYPOINT also ignores CMD and `docker run` arguments.',
    example: {
      bad: 'CMD uvicorn app.main:app --host 0.0.0.0 --port 8000',
      good: 'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]',
    },
    fixSafety:
      'Unsafe: offered only when the command uses no shell feature (no variables, operators, globs or escapes), but it still changes the environment the server starts in: no shell means no `/bin/sh` profile and PID 1 signal handling moves to the server itself.',
  },
  check({ dockerfile, report }) {
    for (const instruction of launchInstructions(dockerfile)) {
      if (instruction.form !== 'shell' || !instruction.argsRange) continue;
      const shell = shellInEffect(dockerfile, instruction);
      if (shell && /powershell|pwsh|cmd(\.exe)?"/i.test(shell)) continue;
      // Commands of a script the shell hands on (`exec sh -c "…"`) are one level deeper: not counted.
      const topLevel = instruction.shell?.commands.filter((c) => c.depth === 0) ?? [];
      if (topLevel[0]?.name === 'exec' && topLevel.length === 1) continue;
      const json = shell ? null : execForm(instruction);
      const fix: Fix | undefined = json
        ? {
            description: `Rewrite ${instruction.keyword} in JSON exec form`,
            applicability: 'unsafe',
            edits: [
              {
                start: instruction.argsRange.start.offset,
                end: instruction.argsRange.end.offset,
                content: json,
              },
            ],
          }
        : undefined;
      report({
        range: instruction.argsRange,
        message: `${instruction.keyword} in shell form runs under \`/bin/sh -c\`, so the server is not PID 1 and never gets SIGTERM: write it in JSON form, ${json ? `\`${instruction.keyword} ${json}\`` : `e.g. \`${instruction.keyword} ["program", "arg"]\`, or start it with \`exec\``}.`,
        ...(fix ? { fix } : {}),
      });
    }
  },
});
