import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('lsp')
    .description('Run the language server over standard input and output (for editors).')
    .option('--stdio', 'talk over standard input and output (the default; accepted for editors that pass it)')
    .action(async () => {
      const { createConnection, ProposedFeatures } = await import('vscode-languageserver/node');
      const { startServer } = await import('../lsp/server.js');
      const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
      startServer(connection);
      // The server runs until the client sends `exit` (the connection then ends the process).
      await new Promise<never>(() => {});
    });
}
