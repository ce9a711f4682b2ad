import * as vscode from 'vscode';
import { openWalkthrough } from './walkthrough';
import { CHAT_VIEW_ID, COMMAND_IDS, type CommandId } from './commandIds';
import { reportError } from './errors';
import type { ChatViewProvider } from './chatView';
import type { ModelStatus } from './modelStatus';
import type { ServerController } from './serverController';
import { askTask, explainSelection, explainTestFailure, openSampleTasks, runTaskTests } from './taskCommands';
import type { AkkharaTests } from './testController';
import { loadModels } from './modelsBundle';

export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly server: ServerController;
  readonly status: ModelStatus;
  readonly chat: ChatViewProvider;
  readonly tests: AkkharaTests;
}

/** Model commands live in their own bundle, loaded on first use (it carries the model code). */
const models = loadModels;

/** `args`: what a CodeLens or a caller passes; untrusted, so handlers check them. */
type Handler = (context: CommandContext, ...args: unknown[]) => unknown;

/** Every command in one table; the type makes a command without a handler a compile error. */
const HANDLERS: Record<CommandId, Handler> = {
  'akkhara.openChat': () => vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`),
  'akkhara.showLogs': ({ log }) => log.show(),
  'akkhara.openSettings': () =>
    vscode.commands.executeCommand('workbench.action.openSettings', '@ext:akkhara.akkhara'),
  'akkhara.restartLanguageServer': ({ server }) => server.restart(),
  // A finished download changes what the status bar shows (settings changes update it themselves).
  'akkhara.downloadModel': async ({ extension, log, status }) => {
    await models().downloadModel(extension, log);
    status.update();
  },
  'akkhara.setApiKey': ({ extension }) => models().setApiKey(extension),
  'akkhara.chooseModel': async ({ extension, log, status }) => {
    await models().chooseModel(extension, log);
    status.update();
  },
  'akkhara.newConversation': ({ chat }) => chat.newConversation(),
  'akkhara.explainSelection': ({ chat }) => explainSelection(chat),
  'akkhara.explainLineByLine': ({ extension }) => models().explainLineByLine(extension),
  'akkhara.describeSolution': ({ extension }) => models().describeSolution(extension),
  'akkhara.askAboutSelection': ({ chat }) => chat.attach('selection'),
  'akkhara.askAboutFile': ({ chat }) => chat.attach('file'),
  'akkhara.explainTestFailure': ({ chat, tests }, item) => explainTestFailure(chat, tests, item),
  'akkhara.openSampleTasks': ({ extension }) => openSampleTasks(extension),
  'akkhara.openWalkthrough': ({ extension }) => openWalkthrough(extension.globalState),
  'akkhara.askTask': ({ chat }, uri, index) => askTask(chat, uri, index),
  'akkhara.runTaskTests': ({ tests, chat }, uri, index) => runTaskTests(tests, chat, uri, index),
  'akkhara.exportFeedback': ({ extension }) => models().exportFeedback(extension),
};

export function registerCommands(context: CommandContext): vscode.Disposable[] {
  return COMMAND_IDS.map((id) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        // What a handler returns goes back to executeCommand's caller (runTaskTests: the verdict).
        return await HANDLERS[id](context, ...args);
      } catch (error) {
        reportError(context.log, 'error.command', error);
        return undefined;
      }
    }),
  );
}
