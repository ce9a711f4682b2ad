/**
 * Models in VS Code: downloading a catalog model into the extension's global storage with a
 * progress notification, and the API key of an OpenAI-compatible server in SecretStorage (never in
 * settings.json). Its own bundle (dist/models.js), loaded on first use, never at activation.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MessageKey } from '../core/i18n';
import type { AnswerLanguage } from '../core/languages';
import { catalog, defaultModelFor, type CatalogEntry } from '../core/model/local/catalog';
import { displayUrl } from '../core/displayUrl';
import { ensureModel, modelFile } from '../core/model/local/download';
import { LocalProvider } from '../core/model/local/provider';
import { RemoteProvider } from '../core/model/remote';
import type { ModelProvider } from '../core/model/types';
import { getSetting, preferredAnswerLanguage, t } from './config';
import { defaultModelPath, modelsDir } from './modelPaths';

/** SecretStorage key of an endpoint's API key: one key per server. */
export function apiKeySecret(endpoint: string): string {
  return `akkhara.apiKey:${endpoint.trim().replace(/\/+$/, '')}`;
}

async function pickModel(): Promise<CatalogEntry | undefined> {
  const recommended = defaultModelFor(preferredAnswerLanguage());
  const entries = [recommended, ...catalog().filter((entry) => entry !== recommended)];
  const picked = await vscode.window.showQuickPick(
    entries.map((entry) => ({
      label: entry.title,
      description: entry === recommended ? t('model.recommended') : '',
      detail: `${entry.id} · ~${(entry.bytes / 1e9).toFixed(1)} GB · ${entry.licence}`,
      entry,
    })),
    { placeHolder: t('model.pick'), ignoreFocusOut: true },
  );
  return picked?.entry;
}

export async function downloadModel(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<void> {
  const entry = await pickModel();
  if (!entry) return;
  const dir = modelsDir(context);
  const target = modelFile(entry, dir);
  const mirror = getSetting('akkhara.model.mirror').trim();
  const already = await vscode.workspace.fs.stat(vscode.Uri.file(target)).then(
    () => true,
    () => false,
  );
  if (already) {
    void vscode.window.showInformationMessage(`${t('model.alreadyThere')} ${entry.title}`);
    return;
  }
  log.info(`Downloading ${entry.id} from ${displayUrl(mirror || entry.url)} to ${target}`);
  let cancelled = false;
  try {
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `${t('model.downloading')} ${entry.title}`,
        cancellable: true,
      },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => {
          cancelled = true;
          controller.abort();
        });
        let reported = 0;
        await ensureModel(entry, {
          dir,
          signal: controller.signal,
          ...(mirror && { url: mirror }),
          allowHttp: getSetting('akkhara.model.allowHttp'),
          onProgress: (downloaded, total) => {
            const percent = total > 0 ? (downloaded / total) * 100 : 0;
            progress.report({
              increment: percent - reported,
              message: `${Math.round(downloaded / 1e6)} / ${Math.round(total / 1e6)} MB`,
            });
            reported = percent;
          },
        });
      },
    );
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    // Cancelling is the user's choice, not a failure; the part downloaded is kept for next time.
    if (cancelled) return log.info(`Model download cancelled: ${detail}`);
    log.error(`Model download failed: ${detail}`);
    const showLogs = t('action.showLogs');
    const choice = await vscode.window.showErrorMessage(`${t('model.downloadFailed')} ${detail}`, showLogs);
    if (choice === showLogs) log.show(true);
    return;
  }
  log.info(`Model ready: ${target}`);
  void vscode.window.showInformationMessage(`${t('model.ready')} ${entry.title}`);
}

export async function setApiKey(context: vscode.ExtensionContext): Promise<void> {
  const endpoint = getSetting('akkhara.model.endpoint').trim();
  if (!endpoint) {
    void vscode.window.showWarningMessage(t('apiKey.noEndpoint'));
    return;
  }
  const key = await vscode.window.showInputBox({
    title: endpoint,
    prompt: t('apiKey.prompt'),
    password: true,
    ignoreFocusOut: true,
  });
  if (key === undefined) return; // dismissed: nothing changes
  if (key.trim()) {
    await context.secrets.store(apiKeySecret(endpoint), key.trim());
    void vscode.window.showInformationMessage(t('apiKey.saved'));
  } else {
    await context.secrets.delete(apiKeySecret(endpoint));
    void vscode.window.showInformationMessage(t('apiKey.removed'));
  }
}

/** First run, or a change of mind: download a model, use a model file, or use a server. */
export async function chooseModel(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<void> {
  const choices = [
    { label: `$(cloud-download) ${t('choose.download')}`, run: () => downloadModel(context, log) },
    { label: `$(file) ${t('choose.file')}`, run: useModelFile },
    { label: `$(server) ${t('choose.server')}`, run: useServer },
    { label: `$(key) ${t('choose.apiKey')}`, run: () => setApiKey(context) },
  ];
  const picked = await vscode.window.showQuickPick(choices, {
    title: t('choose.title'),
    ignoreFocusOut: true,
  });
  await picked?.run();
}

async function useModelFile(): Promise<void> {
  const [file] =
    (await vscode.window.showOpenDialog({
      title: t('choose.file'),
      canSelectMany: false,
      filters: { GGUF: ['gguf'] },
    })) ?? [];
  if (!file) return;
  const settings = vscode.workspace.getConfiguration('akkhara.model');
  await settings.update('localPath', file.fsPath, vscode.ConfigurationTarget.Global);
  await settings.update('source', 'local', vscode.ConfigurationTarget.Global);
}

/** An http(s) address, or a message saying what is wrong with it (the input box shows it). */
function checkEndpoint(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : t('choose.endpoint');
  } catch {
    return t('choose.endpoint');
  }
}

async function useServer(): Promise<void> {
  const settings = vscode.workspace.getConfiguration('akkhara.model');
  const endpoint = await vscode.window.showInputBox({
    title: t('choose.server'),
    prompt: t('choose.endpoint'),
    value: getSetting('akkhara.model.endpoint'),
    validateInput: (value) => (value.trim() ? checkEndpoint(value) : t('choose.endpoint')),
    ignoreFocusOut: true,
  });
  if (endpoint === undefined) return;
  const name = await vscode.window.showInputBox({
    title: t('choose.server'),
    prompt: t('choose.modelName'),
    value: getSetting('akkhara.model.name'),
    validateInput: (value) => (value.trim() ? undefined : t('choose.modelName')),
    ignoreFocusOut: true,
  });
  if (name === undefined) return;
  await settings.update('endpoint', endpoint.trim(), vscode.ConfigurationTarget.Global);
  await settings.update('name', name.trim(), vscode.ConfigurationTarget.Global);
  await settings.update('source', 'remote', vscode.ConfigurationTarget.Global);
}

/** Why the chat cannot ask a model yet: a UI string that says what to do. */
export class ModelSetupError extends Error {
  constructor(readonly key: MessageKey) {
    super(key);
  }
}

export interface ChatModel {
  readonly provider: ModelProvider;
  /** What the chat shows as the answer's source. */
  readonly label: string;
  /** The endpoint or model file, for error messages. */
  readonly where: string;
  /** A server's host (no credentials, no path), shown beside each answer: where the question went. */
  readonly host?: string;
}

/** One local provider per model file: the model stays loaded between questions. */
const localProviders = new Map<string, LocalProvider>();

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
    return {
      provider: new RemoteProvider({ baseURL: endpoint, model: name, ...(apiKey && { apiKey }) }),
      label: name,
      where: displayUrl(endpoint),
      host: hostOf(endpoint),
    };
  }
  // A model on this computer runs native code: never for a folder the user has not trusted.
  if (!vscode.workspace.isTrusted) throw new ModelSetupError('chat.untrusted');
  const configured = getSetting('akkhara.model.localPath').trim();
  const file = configured || defaultModelPath(context, language);
  if (!existsSync(file)) throw new ModelSetupError('chat.noModel');
  let provider = localProviders.get(file);
  if (!provider) {
    provider = new LocalProvider({ modelPath: file });
    localProviders.set(file, provider);
  }
  return { provider, label: path.basename(file), where: file };
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return '?';
  }
}

/** Stops every local model worker (on deactivation). */
export function disposeModels(): void {
  for (const provider of localProviders.values()) provider.dispose();
  localProviders.clear();
}

export { ChatSession } from './chatSession';
export { answerInVsCodeChat } from './nativeChat';
export { exportFeedback } from './feedback';
export { answerAsLanguageModel, languageModelsOffered, tokenCountOf } from './languageModels';
