/**
 * The model in the status bar: which one answers (a file on this computer or a server's model), or
 * that there is none yet. A click offers to download one, pick a file or use a server.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { getSetting, preferredAnswerLanguage, t } from './config';
import { defaultModelPath } from './modelPaths';

export class ModelStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'akkhara.model',
    vscode.StatusBarAlignment.Right,
    100,
  );
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires whenever the model in use may have changed (settings, trust, a download). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.item, this.changed];

  constructor(private readonly context: vscode.ExtensionContext) {
    this.item.name = 'Akkhara';
    this.item.command = 'akkhara.chooseModel';
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('akkhara')) this.update();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.update()),
    );
    // What the status says needs the settings and a file check: after activation, not during it.
    this.item.text = '$(hubot) Akkhara';
    this.item.show();
    setTimeout(() => this.update(), 0);
  }

  /** Reads the settings (and whether the default model is downloaded) again. */
  update(): void {
    this.item.tooltip = t('status.tooltip');
    this.item.text = this.describe();
    this.changed.fire();
  }

  private describe(): string {
    if (getSetting('akkhara.model.source') === 'remote') {
      const name = getSetting('akkhara.model.name').trim();
      return getSetting('akkhara.model.endpoint').trim() && name
        ? `$(cloud) ${name}`
        : `$(warning) ${t('status.noModel')}`;
    }
    const file =
      getSetting('akkhara.model.localPath').trim() ||
      defaultModelPath(this.context, preferredAnswerLanguage());
    return existsSync(file)
      ? `$(chip) ${path.basename(file, '.gguf')}`
      : `$(cloud-download) ${t('status.noModel')}`;
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
