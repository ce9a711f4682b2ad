import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import {
  ExitNotification,
  LogMessageNotification,
  ShutdownRequest,
  TextDocumentSyncKind,
  type LogMessageParams,
} from 'vscode-languageserver-protocol/node';
import { ServerInfoRequest } from '../../src/protocol/lsp';
import { initialize, spawnServer } from '../support/lspServer';

for (const via of ['bundle', 'cli'] as const) {
  const how = via === 'cli' ? 'akkhara lsp --stdio' : 'node dist/server.js --stdio';
  test(`the language server speaks LSP (${how}) and answers akkhara/serverInfo`, async () => {
    const { child, connection, stderr } = spawnServer(via);
    const logs: LogMessageParams[] = [];
    connection.onNotification(LogMessageNotification.type, (params) => {
      logs.push(params);
    });
    connection.listen();

    const init = await initialize(connection, { clientInfo: { name: 'akkhara-tests', version: '1' } });
    assert.equal(init.serverInfo?.name, 'akkhara');
    assert.equal(init.capabilities.textDocumentSync, TextDocumentSyncKind.Incremental);

    const info = await connection.sendRequest(ServerInfoRequest);
    assert.equal(info.version, init.serverInfo?.version);
    assert.equal(info.pid, child.pid);
    assert.ok(info.uptimeMs >= 0);
    // The server logs through the connection (window/logMessage), never to stdout.
    assert.ok(
      logs.some((log) => log.message.includes('akkhara-tests')),
      JSON.stringify(logs),
    );

    const exited = once(child, 'exit');
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    const [code] = await exited;
    connection.dispose();
    assert.equal(code, 0, stderr());
  });
}
