/**
 * Registers `@akkhara` in VS Code's own chat when the running VS Code offers the Chat API (feature
 * detection: older builds and some forks have none). The handler and the model code load on the
 * first question.
 */
import * as vscode from 'vscode';

type ModelsModule = typeof import('./models');

export const CHAT_PARTICIPANT_ID = 'akkhara.ask';

export function registerChatParticipant(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): vscode.Disposable | undefined {
  const chat = (vscode as { chat?: typeof vscode.chat }).chat;
  if (typeof chat?.createChatParticipant !== 'function') return undefined;
  const participant = chat.createChatParticipant(CHAT_PARTICIPANT_ID, (request, _context, stream, token) => {
    const { answerInVsCodeChat } = require('./models.js') as ModelsModule;
    return answerInVsCodeChat(context, log, request.prompt, stream, token);
  });
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'akkhara.svg');
  return participant;
}
