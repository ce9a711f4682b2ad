/**
 * Setting up a model in VS Code: downloading a catalog model into the extension's global storage
 * with a progress notification, a model file, a server, and the server's API key in SecretStorage
 * (never in settings.json). Part of the models bundle.
 */
import * as vscode from 'vscode';
import { catalog, defaultModelFor, type CatalogEntry } from '../core/model/local/catalog';
import { displayUrl } from '../core/displayUrl';
import { DownloadFailure, ensureModel, modelFile } from '../core/model/local/download';
import { getSetting, preferredAnswerLanguage, t } from './config';
import { modelsDir } from './modelPaths';

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
    return offerNextStep(error, context, log);
  }
  log.info(`Model ready: ${target}`);
  void vscode.window.showInformationMessage(`${t('model.ready')} ${entry.title}`);
}

/**
 * A failed download says why in the UI language (offline, a plain-http mirror) and offers the next
 * step as buttons: try again, a model file already on this computer, a school's server; the
 * technical detail is in the logs.
 */
async function offerNextStep(
  error: unknown,
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<void> {
  const reason = error instanceof DownloadFailure ? error.reason : 'other';
  // Something else than offline or plain http: the detail itself (a status, a checksum), as it came.
  const why =
    reason === 'offline'
      ? t('model.offline')
      : reason === 'plain-http'
        ? t('model.plainHttp')
        : `${error instanceof Error ? error.message : String(error)}. ${t('model.downloadOther')}`;
  // Three buttons: a notification cuts the labels of more.
  const steps: [string, () => Promise<void>][] = [
    [t('action.retry'), () => downloadModel(context, log)],
    [t('model.useFile'), useModelFile],
    [t('model.useServer'), useServer],
  ];
  const choice = await vscode.window.showErrorMessage(
    `${t('model.downloadFailed')} ${why}`,
    ...steps.map(([label]) => label),
  );
  await steps.find(([label]) => label === choice)?.[1]();
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
