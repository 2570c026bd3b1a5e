import type { Instruction, ShellCommand } from '../../dockerfile/model.js';
import { baseName, hasArg } from '../../dockerfile/queries.js';
import { positionals, subcommand } from '../../dockerfile/system-commands.js';
import { installOf, mayInstall } from '../../project/installs.js';

/**
 * Questions rules ask of RUN commands. Shared here so every rule recognises a tool the
 * same way (`pip3`, `python -m pip`, `uv pip`, `/usr/local/bin/pip`).
 */

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

// System-tool questions live with the model (dockerfile/system-commands.ts); rules import them from here too.
export {
  aptPackages,
  isApkAdd,
  isAptInstall,
  isAptUpdate,
  positionals,
  subcommand,
} from '../../dockerfile/system-commands.js';
export { baseName, hasArg, mayInstall };
