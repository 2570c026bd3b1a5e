import type { Command } from 'commander';

/**
 * Each command lives in its own file and registers itself on the program. The modules are
 * imported lazily, and only the one the command line names (all of them for help or an
 * unknown word), so `shipshape lint` loads no other command's code.
 */
export type CommandRegistrar = (program: Command) => void;

export interface CommandModule {
  /** The command names the module registers. */
  names: string[];
  load: () => Promise<{ register: CommandRegistrar }>;
}

export const commandModules: CommandModule[] = [
  { names: ['info'], load: () => import('./info.js') },
  { names: ['optimize', 'init'], load: () => import('./optimize.js') },
  { names: ['inspect'], load: () => import('./inspect.js') },
  { names: ['bench'], load: () => import('./bench.js') },
  { names: ['lint'], load: () => import('./lint.js') },
  { names: ['rule'], load: () => import('./rule.js') },
  { names: ['check'], load: () => import('./check.js') },
  { names: ['ci'], load: () => import('./ci.js') },
  { names: ['history'], load: () => import('./history.js') },
  { names: ['lsp'], load: () => import('./lsp.js') },
];

/** The modules to load for this command line: the named command's, else every one. */
export function commandModulesFor(argv: readonly string[]): CommandModule[] {
  const named = argv[2];
  const only = commandModules.filter((module) => named !== undefined && module.names.includes(named));
  return only.length > 0 ? only : commandModules;
}
