/**
 * Akkhara's entry point. `activate` only wires things together and returns; the language client,
 * models and sandbox load on first use (docs/BENCHMARKS.md measures activation).
 */
import * as vscode from 'vscode';
import { registerChatParticipant } from './chatParticipant';
import { ChatViewProvider } from './chatView';
import { registerCommands } from './commands';
import { registerLanguageModelProvider } from './languageModelProvider';
import { ModelStatus } from './modelStatus';
import { disposeLoadedModels } from './modelsBundle';
import { ServerController } from './serverController';
import { TASK_DOCUMENTS, TaskLenses } from './taskLenses';
import { AkkharaTests } from './testController';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Akkhara', { log: true });
  const server = new ServerController(context.extensionPath, log);
  const tests = new AkkharaTests(log, context.globalState);
  const status = new ModelStatus(context);
  const chat = new ChatViewProvider(context, server, log, tests);
  context.subscriptions.push(
    log,
    server,
    tests,
    status,
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewType, chat),
    vscode.languages.registerCodeLensProvider(TASK_DOCUMENTS, new TaskLenses()),
    ...registerCommands({ extension: context, log, server, status, chat, tests }),
  );
  // Both exist only where the running VS Code has the API (feature detection).
  const participant = registerChatParticipant(context, log);
  if (participant) context.subscriptions.push(participant);
  const languageModels = registerLanguageModelProvider(context, log, status.onDidChange);
  if (languageModels) context.subscriptions.push(languageModels);
  server.startWhenRelevantDocumentOpens();
}

export function deactivate(): void {
  // The rest is disposed through context.subscriptions; local model workers are the models bundle's.
  disposeLoadedModels();
}
