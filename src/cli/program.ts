import { Command, CommanderError } from 'commander';
import { packageVersion } from '../package-version.js';
import { commandModulesFor } from './commands.js';
import { reportFailure } from './failure.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('shipshape')
    .description('Make Python server containers small, fast to rebuild and safe.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  for (const command of commandModulesFor(argv)) (await command.load()).register(program);

  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help') return 0;
      return 2;
    }
    return reportFailure(error);
  }
}
