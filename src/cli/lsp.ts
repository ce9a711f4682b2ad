import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';

/**
 * `akkhara lsp --stdio`: the language server for any LSP editor (Neovim, Helix, Emacs, …). It is
 * the same bundle the extension starts over IPC; vscode-languageserver reads `--stdio` from argv.
 */
export function registerLsp(program: Command): void {
  program
    .command('lsp')
    .description('run the Akkhara language server for any LSP editor (Neovim, Helix, Emacs, …)')
    .requiredOption('--stdio', 'speak LSP over standard input and output')
    .action(async () => {
      await import(pathToFileURL(path.join(__dirname, 'server.js')).href);
    });
}
