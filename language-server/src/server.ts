/**
 * The Akkhara language server. The extension starts it over IPC; editors and the CLI can start it
 * over stdio (`--stdio`). It logs only through `connection.console`: stdout may be the protocol.
 */
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerInfoRequest } from '../../src/protocol/lsp';
import { VERSION } from '../../src/core/version';

const startedAt = Date.now();
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize((params) => {
  const client = params.clientInfo
    ? `${params.clientInfo.name} ${params.clientInfo.version ?? ''}`.trim()
    : 'unknown';
  connection.console.info(`Akkhara language server ${VERSION} starting for ${client}`);
  return {
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: 'akkhara', version: VERSION },
  };
});

connection.onInitialized(() => connection.console.info('Akkhara language server initialized'));

connection.onRequest(ServerInfoRequest, () => ({
  version: VERSION,
  nodeVersion: process.version,
  pid: process.pid,
  uptimeMs: Date.now() - startedAt,
}));

documents.listen(connection);
connection.listen();
