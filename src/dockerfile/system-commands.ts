import type { ShellCommand } from './model.js';
import { baseName } from './queries.js';
import { readOnce } from './read-once.js';

/**
 * Shell questions about system tools, asked by rules, optimize and the root-only table
 * (root-commands.ts): a command's positional words, its sub-command, apt and apk installs.
 */

/**
 * Positional (non-flag) argument values, in order, as the command receives them (ARG/ENV
 * substituted); every rule asks them of every command, so they are read once per command.
 */
export const positionals = readOnce((command: ShellCommand): readonly string[] => {
  const found: string[] = [];
  for (const arg of command.expandedArgs) if (!arg.value.startsWith('-')) found.push(arg.value);
  return found;
});

/** The sub-command after the tool name, skipping flags: `apt-get -y install` → `install`. */
export function subcommand(command: ShellCommand): string | undefined {
  for (const arg of command.expandedArgs) if (!arg.value.startsWith('-')) return arg.value;
  return undefined;
}

function isApt(command: ShellCommand): boolean {
  const name = baseName(command);
  return name === 'apt-get' || name === 'apt';
}

export function isAptInstall(command: ShellCommand): boolean {
  return isApt(command) && subcommand(command) === 'install';
}

export function isAptUpdate(command: ShellCommand): boolean {
  return isApt(command) && subcommand(command) === 'update';
}

export function isApkAdd(command: ShellCommand): boolean {
  return baseName(command) === 'apk' && subcommand(command) === 'add';
}

/** Packages named by `apt-get install` (flags and `pkg=version` pins stripped). */
export function aptPackages(
  command: ShellCommand,
): Array<{ name: string; arg: ShellCommand['args'][number] }> {
  const args = command.args.filter((a) => !a.value.startsWith('-'));
  return args.slice(1).map((arg) => ({ name: arg.value.split('=')[0]!, arg }));
}
