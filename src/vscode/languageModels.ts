/**
 * Akkhara's model as a VS Code language model (see languageModelProvider.ts): which models to offer,
 * and answering a request with one. The caller writes the prompt (VS Code's chat has its own), so
 * the messages go to the model as they are; only the model choice and script-aware decoding follow
 * the answer language. Part of the models bundle.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { detectTarget } from '../core/analysis/findings';
import { ANSWER_LANGUAGES, type AnswerLanguage } from '../core/languages';
import { defaultModelFor } from '../core/model/local/catalog';
import { modelErrorMessage } from '../core/model/messages';
import { estimateTokens } from '../core/model/tokenEstimate';
import { complete, ModelError, type ChatMessage } from '../core/model/types';
import { getSetting, preferredAnswerLanguage, t, uiLanguage } from './config';
import type { AkkharaLanguageModel, LanguageModelRequestMessage } from './languageModelApi';
import { defaultModelPath } from './modelPaths';
import { chatModel, ModelSetupError } from './chatModel';

/** A local model's window is the worker's context (2,048 tokens); the answer keeps a quarter of it. */
const LOCAL_WINDOW = { maxInputTokens: 1536, maxOutputTokens: 512 };
/** A server's window is unknown: a modest one that OpenAI-compatible servers of small models accept. */
const SERVER_WINDOW = { maxInputTokens: 8192, maxOutputTokens: 2048 };

/** The models ready to answer now; none set up and not silent: the model chooser opens. */
export function languageModelsOffered(
  context: vscode.ExtensionContext,
  silent: boolean,
): Promise<AkkharaLanguageModel[]> {
  const offered = readyModels(context);
  if (offered.length === 0 && !silent) void vscode.commands.executeCommand('akkhara.chooseModel');
  return Promise.resolve(offered);
}

function readyModels(context: vscode.ExtensionContext): AkkharaLanguageModel[] {
  if (getSetting('akkhara.model.source') === 'remote') {
    const endpoint = getSetting('akkhara.model.endpoint').trim();
    const name = getSetting('akkhara.model.name').trim();
    if (!endpoint || !name) return [];
    return [
      {
        id: `server:${name}`,
        name: `Akkhara · ${name}`,
        family: name,
        version: name,
        detail: hostOf(endpoint),
        ...SERVER_WINDOW,
        capabilities: {},
      },
    ];
  }
  // A model on this computer runs native code: never offered for a folder the user has not trusted.
  if (!vscode.workspace.isTrusted) return [];
  const configured = getSetting('akkhara.model.localPath').trim();
  if (configured)
    return existsSync(configured) ? [localModel('file', path.basename(configured, '.gguf'))] : [];
  return ANSWER_LANGUAGES.filter((language) => existsSync(defaultModelPath(context, language))).map(
    (language) => localModel(language, defaultModelFor(language).title, language),
  );
}

function localModel(id: string, title: string, language?: AnswerLanguage): AkkharaLanguageModel {
  return {
    id: `local:${id}`,
    name: `Akkhara · ${title}`,
    family: title,
    version: title,
    detail: language ? t(language === 'my' ? 'lm.forBurmese' : 'lm.forBangla') : t('lm.onThisComputer'),
    ...LOCAL_WINDOW,
    capabilities: {},
    ...(language && { language }),
  };
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}

/** The text parts of a message (tool calls, tool results and images are not for these models). */
function textOf(message: LanguageModelRequestMessage): string {
  return message.content
    .map((part) => {
      const value = (part as { value?: unknown } | null)?.value;
      return typeof value === 'string' ? value : '';
    })
    .join('');
}

const ROLES: Readonly<Record<number, ChatMessage['role']>> = { 1: 'user', 2: 'assistant', 3: 'system' };

export function toChatMessages(messages: readonly LanguageModelRequestMessage[]): ChatMessage[] {
  return messages
    .map((message) => ({ role: ROLES[message.role] ?? 'user', content: textOf(message) }))
    .filter((message) => message.content !== '');
}

export function tokenCountOf(text: string | LanguageModelRequestMessage): number {
  return estimateTokens(typeof text === 'string' ? text : textOf(text));
}

/** Streams the model's answer to `messages` as text parts; failures become errors in the UI language. */
export async function answerAsLanguageModel(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  offered: AkkharaLanguageModel,
  requestMessages: readonly LanguageModelRequestMessage[],
  progress: vscode.Progress<unknown>,
  token: vscode.CancellationToken,
): Promise<void> {
  const messages = toChatMessages(requestMessages);
  const lastQuestion = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  const language = offered.language ?? detectTarget(lastQuestion);
  let model;
  try {
    model = await chatModel(context, language ?? preferredAnswerLanguage());
  } catch (error) {
    if (error instanceof ModelSetupError) throw new Error(t(error.key));
    throw error;
  }
  const controller = new AbortController();
  const cancel = token.onCancellationRequested(() => controller.abort());
  try {
    await complete(
      model.provider,
      {
        messages,
        maxTokens: offered.maxOutputTokens,
        ...(language && model.provider.capabilities.scriptBias && { scriptBias: language }),
      },
      controller.signal,
      (event) => {
        if (event.type === 'delta') progress.report(new vscode.LanguageModelTextPart(event.text));
      },
    );
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    log.error(`The model failed as a VS Code language model (${error.kind}): ${error.message}`);
    throw new Error(modelErrorMessage(uiLanguage(), error.kind, { where: model.where, model: model.label }));
  } finally {
    cancel.dispose();
  }
}
