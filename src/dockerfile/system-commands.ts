import type { ShellCommand } from './model.js';
import { baseName } from './queries.js';

/**
 * Shell questions about system tools, asked by rules, optimize and the root-only table
 * (root-commands.ts): a command's positional words, its sub-command, apt and apk installs.
 */

// Every rule asks these of every command: read once per parsed command (a re-parse makes new
// command objects, so it gets fresh answers).
const positionalsOf = new WeakMap<ShellCommand, readonly string[]>();

/** Positional (non-flag) argument values, in order, as the command receives them (ARG/ENV substituted). */
export function positionals(command: ShellCommand): readonly string[] {
  let values = positionalsOf.get(command);
  if (!values) {
    const found: string[] = [];
    for (const arg of command.expandedArgs) if (!arg.value.startsWith('-')) found.push(arg.value);
    values = found;
    positionalsOf.set(command, values);
  }
  return values;
}

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
