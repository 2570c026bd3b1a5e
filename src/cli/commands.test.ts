import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandModules, commandModulesFor } from './commands.js';

describe('command modules', () => {
  it('name exactly the commands each module registers', async () => {
    for (const module of commandModules) {
      const program = new Command('shipshape');
      (await module.load()).register(program);
      expect(program.commands.map((command) => command.name()).sort()).toEqual([...module.names].sort());
    }
  });

  it('load only the named command, or every command for help and unknown words', () => {
    const argv = (...words: string[]) => ['node', 'shipshape', ...words];
    expect(commandModulesFor(argv('lint', '.')).map((module) => module.names)).toEqual([['lint']]);
    expect(commandModulesFor(argv('init')).map((module) => module.names)).toEqual([['optimize', 'init']]);
    expect(commandModulesFor(argv('--help'))).toHaveLength(commandModules.length);
    expect(commandModulesFor(argv('lnt'))).toHaveLength(commandModules.length);
    expect(commandModulesFor(argv())).toHaveLength(commandModules.length);
  });
});
