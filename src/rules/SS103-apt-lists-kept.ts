import { asRun, mountsOfType, mountTarget } from '../dockerfile/index.js';
import type { Instruction, ShellCommand } from '../dockerfile/model.js';
import type { Edit } from '../types.js';
import { defineRule } from './define.js';
import { baseName, commandsOf, positionals } from './lib/commands.js';
import { packageManagerOf } from './lib/size-packages.js';
import { shippedInstructions } from './lib/stages.js';

const LISTS = '/var/lib/apt/lists';

/** A cache or tmpfs mount over the lists keeps them out of the layer. */
function listsMounted(instruction: Instruction): boolean {
  return [...mountsOfType(instruction, 'cache'), ...mountsOfType(instruction, 'tmpfs')].some((mount) => {
    const target = (mountTarget(mount) ?? '').replace(/\/+$/, '');
    return target === LISTS || target === '/var/lib/apt';
  });
}

/** `rm -rf /var/lib/apt/lists/*` (or the folder itself, or /var/lib/apt) anywhere in the RUN. */
function listsRemoved(instruction: Instruction): boolean {
  return commandsOf(instruction).some(
    (command) =>
      baseName(command) === 'rm' &&
      command.args.some((arg) => {
        const path = arg.value.replace(/\/+\*?$/, '').replace(/\/\*$/, '');
        return path === LISTS || path === '/var/lib/apt' || arg.value.startsWith(`${LISTS}/`);
      }),
  );
}

/**
 * How the cleanup is run: as the install ran. Under `sudo apt-get install` the RUN's own user may
 * not remove the lists, so `sudo rm`; under another switch (`su -c "…"`) no fix is offered.
 */
function cleanupCommand(commands: readonly ShellCommand[], install: ShellCommand): string | null {
  if (install.runsAs === null) return 'rm -rf /var/lib/apt/lists/*';
  for (let i = commands.indexOf(install); commands[i]?.wrappedBy; i--)
    if (commands[i]!.wrappedBy === 'sudo' && install.runsAs === 'root')
      return 'sudo rm -rf /var/lib/apt/lists/*';
  return null;
}

/** Appends the cleanup after the RUN's last command, keeping the author's line layout. */
function appendCleanup(instruction: Instruction, cleanup: string | null): Edit | null {
  const shell = instruction.shell;
  if (!cleanup || !shell || shell.hasError || instruction.heredocs.length > 0) return null;
  const trimmed = shell.text.replace(/\s+$/, '');
  if (trimmed === '' || /(;|&|\||\\)$/.test(trimmed)) return null;
  const lines = trimmed.split('\n');
  const lastLine = lines[lines.length - 1]!;
  if (lastLine.trimStart().startsWith('#')) return null;
  const end = shell.range.start.offset + trimmed.length;
  if (lines.length === 1) return { start: end, end, content: ` && ${cleanup}` };
  const indent = /^\s*/.exec(lastLine)![0];
  return { start: end, end, content: ` \\\n${indent}&& ${cleanup}` };
}

export const rule = defineRule({
  code: 'SS103',
  name: 'apt-lists-kept',
  severity: 'warning',
  fixable: 'safe',
  sources: ['hadolint:DL3009'],
  docs: {
    summary: 'An apt install leaves the package lists in the image.',
    whatItDoes:
      'Reports a RUN of the shipped stage (or a stage it is built FROM) that runs `apt-get install` but neither removes /var/lib/apt/lists in the same RUN nor mounts a cache or tmpfs there.',
    why: '`apt-get update` downloads the package index of every configured repository (tens of MB). Removing it in a later RUN does not help: the bytes stay in the earlier layer. Only the same RUN, or a cache mount, keeps them out.',
    example: {
      bad: 'RUN apt-get update && apt-get install -y --no-install-recommends libpq5',
      good: 'RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \\\n    && rm -rf /var/lib/apt/lists/*',
    },
    fixSafety:
      'Safe: appends `&& rm -rf /var/lib/apt/lists/*` to the end of the RUN (`&& sudo rm -rf …` when the install runs under `sudo`; no fix when another wrapper switches users for it); later RUNs that install packages must run `apt-get update` themselves, as they should anyway.',
  },
  check({ dockerfile, report }) {
    for (const instruction of shippedInstructions(dockerfile).map(asRun)) {
      if (!instruction) continue;
      const commands = commandsOf(instruction);
      const install = commands.find(
        (command) => packageManagerOf(command) === 'apt' && positionals(command)[0] === 'install',
      );
      if (!install) continue;
      if (listsMounted(instruction) || listsRemoved(instruction)) continue;
      const edit = appendCleanup(instruction, cleanupCommand(commands, install));
      const subcommand = install.expandedArgs.find((a) => a.value === 'install')!;
      report({
        range: { start: install.nameRange.start, end: subcommand.range.end },
        message:
          "apt's package lists stay in this layer: end the RUN with `&& rm -rf /var/lib/apt/lists/*` or mount a cache on /var/lib/apt/lists.",
        ...(edit && {
          fix: {
            description: 'Remove the apt lists in the same RUN',
            applicability: 'safe' as const,
            edits: [edit],
          },
        }),
      });
    }
  },
});
