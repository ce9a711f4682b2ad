/**
 * Starts the language client. Bundled separately (dist/client.js) and loaded on first use, so that
 * activation does not pay for vscode-languageclient.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { ServerInfoRequest, type InitializationOptions } from '../protocol/lsp';
import { ANALYSED_LANGUAGES } from './commandIds';

export interface RunningClient {
  stop(): Promise<void>;
  /** Fires when the server stops for good (crashed past the client's restart limit, or stopped). */
  onStopped(listener: () => void): vscode.Disposable;
}

export async function startLanguageClient(
  serverModule: string,
  log: vscode.LogOutputChannel,
  initializationOptions: InitializationOptions,
): Promise<RunningClient> {
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6029'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ANALYSED_LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    outputChannel: log,
    initializationOptions,
    // The server pulls akkhara.check.* per file; this tells it when to pull again, and when a
    // course configuration (akkhara.config.json, package.json's "akkhara") changes.
    synchronize: {
      configurationSection: 'akkhara.check',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{akkhara.config.json,package.json}'),
    },
  };
  const client = new LanguageClient('akkhara', 'Akkhara Language Server', serverOptions, clientOptions);
  await client.start();
  const info = await client.sendRequest(ServerInfoRequest);
  log.info(`Language server ${info.version} running (pid ${info.pid}, Node ${info.nodeVersion})`);
  return {
    stop: () => client.stop(),
    onStopped: (listener) =>
      client.onDidChangeState((event) => {
        if (event.newState === State.Stopped) listener();
      }),
  };
}
