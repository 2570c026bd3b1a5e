import type { Instruction, ShellCommand } from '../../dockerfile/model.js';
import { baseName, hasArg } from '../../dockerfile/queries.js';
import { readInstall } from '../../project/installs.js';

/**
 * Questions rules ask of RUN commands. Shared here so every rule recognises a tool the
 * same way (`pip3`, `python -m pip`, `uv pip`, `/usr/local/bin/pip`).
 */

/** Positional (non-flag) argument values, in order, as the command receives them (ARG/ENV substituted). */
export function positionals(command: ShellCommand): string[] {
  return command.expandedArgs.map((a) => a.value).filter((v) => !v.startsWith('-'));
}

/** The sub-command after the tool name, skipping flags: `apt-get -y install` → `install`. */
export function subcommand(command: ShellCommand): string | undefined {
  return positionals(command)[0];
}

export function isAptInstall(command: ShellCommand): boolean {
  return ['apt-get', 'apt'].includes(baseName(command)) && subcommand(command) === 'install';
}

export function isAptUpdate(command: ShellCommand): boolean {
  return ['apt-get', 'apt'].includes(baseName(command)) && subcommand(command) === 'update';
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
  const request = readInstall(command);
  return (
    request !== null &&
    (request.installer === 'pip' || request.installer === 'uv-pip') &&
    request.wheelDir === null
  );
}

/** `uv pip install` (a pip-compatible install through uv, which has its own cache). */
export function isUvPipInstall(command: ShellCommand): boolean {
  const pos = positionals(command);
  return baseName(command) === 'uv' && pos[0] === 'pip' && pos[1] === 'install';
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

export function isPdmInstall(command: ShellCommand): boolean {
  return baseName(command) === 'pdm' && ['install', 'sync'].includes(subcommand(command) ?? '');
}

export function isPipenvInstall(command: ShellCommand): boolean {
  return baseName(command) === 'pipenv' && ['install', 'sync'].includes(subcommand(command) ?? '');
}

/** Any command that installs Python dependencies. */
export function isPythonDependencyInstall(command: ShellCommand): boolean {
  return (
    isPipInstall(command) ||
    isUvSync(command) ||
    isPoetryInstall(command) ||
    isPdmInstall(command) ||
    isPipenvInstall(command)
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

export { baseName, hasArg };
