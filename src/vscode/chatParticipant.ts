/**
 * Registers `@akkhara` in VS Code's own chat when the running VS Code offers the Chat API (feature
 * detection: older builds and some forks have none). The handler and the model code load on the
 * first question.
 */
import * as vscode from 'vscode';
import { loadModels } from './modelsBundle';

export const CHAT_PARTICIPANT_ID = 'akkhara.ask';

export function registerChatParticipant(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): vscode.Disposable | undefined {
  const chat = (vscode as { chat?: typeof vscode.chat }).chat;
  if (typeof chat?.createChatParticipant !== 'function') return undefined;
  const participant = chat.createChatParticipant(
    CHAT_PARTICIPANT_ID,
    (request, chatContext, stream, token) => {
      const { answerInVsCodeChat } = loadModels();
      return answerInVsCodeChat(context, log, request, chatContext, CHAT_PARTICIPANT_ID, stream, token);
    },
  );
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'akkhara.svg');
  return participant;
}
