/**
 * The model the settings choose for a question, opened by the tutor engine's shared code, and why
 * there is none yet. Local models stay loaded between questions until the extension deactivates.
 * Part of the models bundle.
 */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { MessageKey } from '../core/i18n';
import type { AnswerLanguage } from '../core/languages';
import { ModelPool, type OpenedModel } from '../core/tutor/modelChoice';
import { getSetting } from './config';
import { defaultModelPath } from './modelPaths';
import { apiKeySecret } from './modelSetup';

/** Why the chat cannot ask a model yet: a UI string that says what to do. */
export class ModelSetupError extends Error {
  constructor(readonly key: MessageKey) {
    super(key);
  }
}

/** What the chat asks: a model the settings choose, opened by the engine's shared code. */
export type ChatModel = OpenedModel;

/** Local models stay loaded between questions; stopped on deactivation. */
const pool = new ModelPool();

/** The model the settings point at, for a question in `language`. */
export async function chatModel(
  context: vscode.ExtensionContext,
  language: AnswerLanguage,
): Promise<ChatModel> {
  if (getSetting('akkhara.model.source') === 'remote') {
    const endpoint = getSetting('akkhara.model.endpoint').trim();
    const name = getSetting('akkhara.model.name').trim();
    if (!endpoint || !name) throw new ModelSetupError('chat.noEndpoint');
    const apiKey = await context.secrets.get(apiKeySecret(endpoint));
    return pool.open({ kind: 'server', endpoint, model: name, ...(apiKey && { apiKey }) });
  }
  // A model on this computer runs native code: never for a folder the user has not trusted.
  if (!vscode.workspace.isTrusted) throw new ModelSetupError('chat.untrusted');
  const configured = getSetting('akkhara.model.localPath').trim();
  const file = configured || defaultModelPath(context, language);
  if (!existsSync(file)) throw new ModelSetupError('chat.noModel');
  return pool.open({ kind: 'local', path: file });
}

/** Stops every local model worker (on deactivation). */
export function disposeModels(): void {
  pool.dispose();
}
