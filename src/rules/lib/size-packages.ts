import type { Instruction, ShellCommand, Word } from '../../dockerfile/model.js';
import { readOnce } from '../../dockerfile/read-once.js';
import { baseName, commandsOf, positionals } from './commands.js';

/**
 * System package installs (apt, apk, dnf/yum/microdnf) as the size rules see them: which
 * package words a command names, and whether the same RUN removes them again.
 */

export type SystemPackageManager = 'apt' | 'apk' | 'dnf';

export interface InstalledPackage {
  /** Package name without `=version` / `>version` pins or `:arch`. */
  name: string;
  word: Word;
  command: ShellCommand;
  manager: SystemPackageManager;
}

const INSTALL_SUBCOMMANDS: Record<SystemPackageManager, string[]> = {
  apt: ['install'],
  apk: ['add'],
  dnf: ['install'],
};

const REMOVE_SUBCOMMANDS: Record<SystemPackageManager, string[]> = {
  apt: ['purge', 'remove', 'autoremove'],
  apk: ['del'],
  dnf: ['remove', 'erase', 'autoremove'],
};

/** Flags of these tools that take a separate value (so the value is not a package). */
const VALUE_FLAGS = new Set(['-o', '-c', '-t', '--target-release', '--virtual', '--repository', '-X']);

export function packageManagerOf(command: ShellCommand): SystemPackageManager | null {
  const name = baseName(command);
  if (name === 'apt-get' || name === 'apt') return 'apt';
  if (name === 'apk') return 'apk';
  if (name === 'dnf' || name === 'yum' || name === 'microdnf' || name === 'tdnf') return 'dnf';
  return null;
}

function isSubcommand(command: ShellCommand, wanted: string[]): boolean {
  return wanted.includes(positionals(command)[0] ?? '');
}

export function isSystemInstall(command: ShellCommand): boolean {
  const manager = packageManagerOf(command);
  return manager !== null && isSubcommand(command, INSTALL_SUBCOMMANDS[manager]);
}

export function isSystemRemove(command: ShellCommand): boolean {
  const manager = packageManagerOf(command);
  return manager !== null && isSubcommand(command, REMOVE_SUBCOMMANDS[manager]);
}

/** Package words after the sub-command, flags and flag values skipped; words built from variables are left out. */
export function packageWords(command: ShellCommand): Word[] {
  const words: Word[] = [];
  let seenSubcommand = false;
  for (let index = 0; index < command.args.length; index++) {
    const arg = command.args[index]!;
    if (arg.value.startsWith('-')) {
      if (VALUE_FLAGS.has(arg.value)) index++;
      continue;
    }
    if (!seenSubcommand) {
      seenSubcommand = true;
      continue;
    }
    if (arg.value.includes('$') || arg.value === '') continue;
    words.push(arg);
  }
  return words;
}

export function packageName(word: Word): string {
  return word.value.split(/[=<>~:]/)[0]!.toLowerCase();
}

/** The `apk add --virtual NAME` group name, when given. */
export function virtualGroup(command: ShellCommand): string | null {
  const index = command.args.findIndex((a) => a.value === '--virtual' || a.value === '-t');
  if (index >= 0) return command.args[index + 1]?.value ?? null;
  const joined = command.args.find((a) => a.value.startsWith('--virtual='));
  return joined ? joined.value.slice('--virtual='.length) : null;
}

/** Every package a RUN installs, in order; read once per parsed instruction (several size rules ask). */
export const installedPackages: (instruction: Instruction) => readonly InstalledPackage[] =
  readOnce(readInstalledPackages);

function readInstalledPackages(instruction: Instruction): InstalledPackage[] {
  const found: InstalledPackage[] = [];
  for (const command of commandsOf(instruction)) {
    if (!isSystemInstall(command)) continue;
    const manager = packageManagerOf(command)!;
    for (const word of packageWords(command)) {
      found.push({ name: packageName(word), word, command, manager });
    }
  }
  return found;
}

/** Stands for "every package installed before" in the set `packagesRemovedInSameRun` returns. */
export const ALL_PACKAGES = '*';

/**
 * Names the same RUN removes after installing: purged/removed packages, plus everything of
 * an `apk add --virtual` group that is deleted again.
 */
export function packagesRemovedInSameRun(instruction: Instruction): Set<string> {
  const removed = new Set<string>();
  const commands = commandsOf(instruction);
  const removedGroups = new Set<string>();
  for (const command of commands) {
    if (!isSystemRemove(command)) continue;
    for (const word of packageWords(command)) removed.add(packageName(word));
  }
  for (const command of commands) {
    if (!isSystemRemove(command)) continue;
    for (const arg of command.args) removedGroups.add(arg.value);
  }
  for (const command of commands) {
    if (!isSystemInstall(command)) continue;
    const group = virtualGroup(command);
    if (group && removedGroups.has(group)) {
      for (const word of packageWords(command)) removed.add(packageName(word));
    }
  }
  // Debian's official-image idiom: mark everything auto-installed, then purge with --auto-remove.
  const marksAuto = commands.some((c) => baseName(c) === 'apt-mark' && positionals(c)[0] === 'auto');
  const autoRemoves = commands.some(
    (c) =>
      isSystemRemove(c) &&
      (positionals(c)[0] === 'autoremove' || c.args.some((a) => a.value === '--auto-remove')),
  );
  if (marksAuto && autoRemoves) removed.add(ALL_PACKAGES);
  return removed;
}

/** Compilers, build systems and headers: needed to build wheels, never to run them. */
const BUILD_TOOLS = new Set([
  'build-essential',
  'build-base',
  'alpine-sdk',
  'gcc',
  'g++',
  'gcc-c++',
  'cpp',
  'clang',
  'make',
  'cmake',
  'ninja-build',
  'autoconf',
  'automake',
  'libtool',
  'pkg-config',
  'pkgconf',
  'pkgconfig',
  'cargo',
  'rust',
  'rustc',
]);

/** Helpers whose only job is adding a third-party apt repository (its key, its codename, https transport). */
const REPOSITORY_HELPERS = new Set([
  'gnupg',
  'gnupg2',
  'gpg',
  'lsb-release',
  'apt-transport-https',
  'software-properties-common',
  'dirmngr',
]);

export type BuildOnlyKind = 'compiler' | 'headers' | 'repository-helper';

export function buildOnlyKind(name: string): BuildOnlyKind | null {
  if (REPOSITORY_HELPERS.has(name)) return 'repository-helper';
  if (BUILD_TOOLS.has(name) || /^(gcc|g\+\+|clang|llvm|cpp)-\d+(\.\d+)?$/.test(name)) return 'compiler';
  if (/-(dev|devel)$/.test(name) || name === 'linux-headers') return 'headers';
  return null;
}

/** Packages that put the Docker CLI or engine into an image. */
export const DOCKER_PACKAGES = new Set([
  'docker-ce',
  'docker-ce-cli',
  'docker.io',
  'docker-cli',
  'docker',
  'docker-engine',
  'moby-engine',
  'moby-cli',
  'containerd.io',
  'docker-buildx-plugin',
  'docker-compose-plugin',
]);
