import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ServerState } from '../protocol/webview';
import { ANALYSED_LANGUAGES } from './commandIds';
import { SETTINGS_NEEDING_SERVER_RESTART, uiLanguage } from './config';
import { reportError } from './errors';
import type { RunningClient } from './languageClient';

type ClientModule = typeof import('./languageClient');

/**
 * Owns the language server's lifecycle: starts it on first need (a document it analyses, or the
 * chat view), restarts it on request, and reports its state to whoever listens.
 */
export class ServerController implements vscode.Disposable {
  private client: RunningClient | undefined;
  private starting: Promise<void> | undefined;
  private currentState: ServerState = 'stopped';
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  private readonly disposables: vscode.Disposable[] = [this.stateEmitter];
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!this.client || !SETTINGS_NEEDING_SERVER_RESTART.some((key) => event.affectsConfiguration(key)))
          return;
        this.log.info('Restarting the language server for a changed setting');
        this.restart().catch((error: unknown) => reportError(this.log, 'error.serverStart', error));
      }),
      // The server was told the workspace is untrusted: what a repository may configure changes now.
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        if (!this.client) return;
        this.log.info('Restarting the language server: the workspace is trusted now');
        this.restart().catch((error: unknown) => reportError(this.log, 'error.serverStart', error));
      }),
    );
  }

  get state(): ServerState {
    return this.currentState;
  }

  /** Starts the server after activation returns, once a document it analyses is open. */
  startWhenRelevantDocumentOpens(): void {
    const isRelevant = (doc: vscode.TextDocument) =>
      (ANALYSED_LANGUAGES as readonly string[]).includes(doc.languageId);
    if (vscode.workspace.textDocuments.some(isRelevant)) {
      setTimeout(() => void this.ensureStarted(), 0);
      return;
    }
    const listener = vscode.workspace.onDidOpenTextDocument((doc) => {
      if (!isRelevant(doc)) return;
      listener.dispose();
      void this.ensureStarted();
    });
    this.disposables.push(listener);
  }

  /** Resolves once the server runs or has failed (the failure is reported, not thrown). */
  ensureStarted(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  async restart(): Promise<void> {
    await this.starting;
    await this.stopClient();
    await this.ensureStarted();
  }

  private async start(): Promise<void> {
    this.setState('starting');
    try {
      // Loaded here, not at activation: vscode-languageclient is the heaviest module we ship.
      const { startLanguageClient } = require('./client.js') as ClientModule;
      const client = await startLanguageClient(path.join(this.extensionPath, 'dist', 'server.js'), this.log, {
        uiLanguage: uiLanguage(),
        trusted: vscode.workspace.isTrusted,
      });
      this.client = client;
      this.disposables.push(
        client.onStopped(() => {
          if (this.client !== client) return;
          this.client = undefined;
          this.setState('stopped');
        }),
      );
      this.setState('running');
    } catch (error) {
      this.setState('failed');
      reportError(this.log, 'error.serverStart', error);
    }
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.stop();
    this.setState('stopped');
  }

  private setState(state: ServerState): void {
    this.currentState = state;
    this.stateEmitter.fire(state);
  }

  dispose(): void {
    void this.stopClient().catch((error: unknown) =>
      this.log.error(`Stopping the language server: ${String(error)}`),
    );
    for (const disposable of this.disposables) disposable.dispose();
  }
}
