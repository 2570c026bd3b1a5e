import type { Command } from 'commander';

/**
 * Each command lives in its own file and registers itself on the program. The modules
 * are imported lazily by `register` so `shipshape --version` stays fast.
 */
export type CommandRegistrar = (program: Command) => void;

export const commandModules: Array<() => Promise<{ register: CommandRegistrar }>> = [
  () => import('./info.js'),
  () => import('./optimize.js'),
  () => import('./inspect.js'),
  () => import('./bench.js'),
  () => import('./lint.js'),
  () => import('./rule.js'),
  () => import('./check.js'),
  () => import('./ci.js'),
  () => import('./history.js'),
  () => import('./lsp.js'),
];
