import type { Instruction, ShellCommand } from '../../dockerfile/model.js';
import { baseName, hasArg } from '../../dockerfile/queries.js';
import { installOf, mayInstall } from '../../project/installs.js';

/**
 * Questions rules ask of RUN commands. Shared here so every rule recognises a tool the
 * same way (`pip3`, `python -m pip`, `uv pip`, `/usr/local/bin/pip`).
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

/** `pip install`, `pip3 install`, `python -m pip [--python X] install`, `uv pip install` (read once, in project/installs). */
export function isPipInstall(command: ShellCommand): boolean {
  const request = installOf(command);
  return (
    request !== null &&
    (request.installer === 'pip' || request.installer === 'uv-pip') &&
    request.wheelDir === null
  );
}

/** `uv pip install` (a pip-compatible install through uv, which has its own cache). */
export function isUvPipInstall(command: ShellCommand): boolean {
  if (baseName(command) !== 'uv') return false;
  const pos = positionals(command);
  return pos[0] === 'pip' && pos[1] === 'install';
}

export function isUvSync(command: ShellCommand): boolean {
  return baseName(command) === 'uv' && subcommand(command) === 'sync';
}

export function isUvRun(command: ShellCommand): boolean {
  return baseName(command) === 'uv' && subcommand(command) === 'run';
}

export function isPoetryInstall(command: ShellCommand): boolean {
  return baseName(command) === 'poetry' && subcommand(command) === 'install';
}

function installsOrSyncs(command: ShellCommand): boolean {
  const sub = subcommand(command);
  return sub === 'install' || sub === 'sync';
}

export function isPdmInstall(command: ShellCommand): boolean {
  return baseName(command) === 'pdm' && installsOrSyncs(command);
}

export function isPipenvInstall(command: ShellCommand): boolean {
  return baseName(command) === 'pipenv' && installsOrSyncs(command);
}

/** Any command that installs Python dependencies. */
export function isPythonDependencyInstall(command: ShellCommand): boolean {
  return (
    mayInstall(baseName(command)) &&
    (isPipInstall(command) ||
      isUvSync(command) ||
      isPoetryInstall(command) ||
      isPdmInstall(command) ||
      isPipenvInstall(command))
  );
}

/**
 * Every command of a RUN (and of an ONBUILD RUN trigger), the scripts it hands to `sh -c`
 * included; for JSON form, the script of `["sh", "-c", "…"]`.
 */
export function commandsOf(instruction: Instruction): ShellCommand[] {
  if (instruction.trigger) return commandsOf(instruction.trigger);
  return instruction.shell?.commands ?? instruction.execScript?.commands ?? [];
}

export { baseName, hasArg, mayInstall };
