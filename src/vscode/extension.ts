/**
 * Akkhara's entry point. `activate` only wires things together and returns; the language client,
 * models and sandbox load on first use (docs/BENCHMARKS.md measures activation).
 */
import * as vscode from 'vscode';
import { ChatViewProvider } from './chatView';
import { registerCommands } from './commands';
import { ModelStatus } from './modelStatus';
import { ServerController } from './serverController';
import { AkkharaTests } from './testController';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Akkhara', { log: true });
  const server = new ServerController(context.extensionPath, log);
  const tests = new AkkharaTests(log);
  const status = new ModelStatus(context);
  context.subscriptions.push(
    log,
    server,
    tests,
    status,
    vscode.window.registerWebviewViewProvider(
      ChatViewProvider.viewType,
      new ChatViewProvider(context, server, log, tests),
    ),
    ...registerCommands({ extension: context, log, server, status }),
  );
  server.startWhenRelevantDocumentOpens();
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
