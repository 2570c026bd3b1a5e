import { Command, CommanderError } from 'commander';
import { isUserError } from '../errors.js';
import { packageVersion } from '../package-version.js';
import { printable } from '../report/printable.js';
import { commandModulesFor } from './commands.js';

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
    if (isUserError(error)) {
      // Messages name files, layers and image paths: none may reach the terminal raw.
      process.stderr.write(`shipshape: ${printable(error.message, { keepNewlines: true })}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `shipshape: internal error: ${message}\nPlease report this with the command you ran (set SHIPSHAPE_DEBUG=1 for details).\n`,
    );
    if (process.env.SHIPSHAPE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 2;
  }
}
