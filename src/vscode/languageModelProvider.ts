/**
 * Offers Akkhara's model to VS Code's own chat and to other extensions as a language model, where
 * the running VS Code has the Language Model Chat Provider API (feature detection: VS Code before
 * 1.104 and some forks have none). VS Code lists such models for Copilot individual plans. The
 * model code loads on the first request, never at activation.
 */
import * as vscode from 'vscode';
import type { LanguageModelProvider, RegisterLanguageModelProvider } from './languageModelApi';
import { loadModels } from './modelsBundle';

/** Must match `contributes.languageModelChatProviders[].vendor` in package.json. */
export const LANGUAGE_MODEL_VENDOR = 'akkhara';

export function registerLanguageModelProvider(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  onDidChangeModel: vscode.Event<void>,
): vscode.Disposable | undefined {
  const lm = (vscode as { lm?: { registerLanguageModelChatProvider?: RegisterLanguageModelProvider } }).lm;
  if (typeof lm?.registerLanguageModelChatProvider !== 'function') return undefined;
  const models = loadModels;
  const provider: LanguageModelProvider = {
    onDidChangeLanguageModelChatInformation: onDidChangeModel,
    provideLanguageModelChatInformation: (options) => models().languageModelsOffered(context, options.silent),
    provideLanguageModelChatResponse: (model, messages, _options, progress, token) =>
      models().answerAsLanguageModel(context, log, model, messages, progress, token),
    provideTokenCount: (_model, text) => Promise.resolve(models().tokenCountOf(text)),
  };
  try {
    const registration = lm.registerLanguageModelChatProvider(LANGUAGE_MODEL_VENDOR, provider);
    log.info(
      `Akkhara's models are offered to VS Code as language models (vendor "${LANGUAGE_MODEL_VENDOR}").`,
    );
    return registration;
  } catch (error) {
    // A VS Code that knows the API but refuses the vendor (a fork's allow-list): the rest still works.
    log.warn(`VS Code refused Akkhara's language models: ${String(error)}`);
    return undefined;
  }
}
