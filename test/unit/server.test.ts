import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import {
  DidOpenTextDocumentNotification,
  ExitNotification,
  LogMessageNotification,
  ShutdownRequest,
  TextDocumentSyncKind,
  type LogMessageParams,
} from 'vscode-languageserver-protocol/node';
import { ServerInfoRequest } from '../../src/protocol/lsp';
import { collectDiagnostics, initialize, spawnServer } from '../support/lspServer';

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

for (const [what, junk] of [
  ['text that is not LSP', Buffer.from('hello from a misconfigured editor\r\nmore junk\r\n\r\n{}\n')],
  ['random binary', Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919 + 13) % 256))],
] as const) {
  test(`garbage on stdio (${what}): the server says so and ends with exit code 3, never silence`, async () => {
    const { child, stderr } = spawnServer('cli');
    const exited = once(child, 'exit');
    // The junk, then a valid request: the reader cannot find the request's header in what came before.
    const request = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'shutdown' });
    child.stdin.write(
      Buffer.concat([junk, Buffer.from(`Content-Length: ${request.length}\r\n\r\n${request}`)]),
    );
    const [code] = (await exited) as [number | null];
    assert.equal(code, 3);
    assert.match(
      stderr(),
      /the client sent something that is not an LSP message \(.+\); exiting with code 3/,
    );
    assert.ok(stderr().length < 400, 'the junk itself is not echoed');
  });
}

test('a document with an empty or unknown language id is checked by its file name', async () => {
  const { child, connection } = spawnServer();
  const diagnostics = collectDiagnostics(connection);
  connection.listen();
  try {
    await initialize(connection);
    for (const [uri, languageId, text] of [
      ['file:///lesson.md', '', 'ကျေးဇူး ขอบคุณ ပါ။\n'],
      ['file:///code.py', 'pyhton', 'x = ၁၂\n'],
      ['file:///notes.txt', 'text', 'ကျေးဇူး ขอบคุณ ပါ။\n'],
    ])
      await connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId, version: 1, text },
      });
    const published = await Promise.all([diagnostics.nth(1), diagnostics.nth(2), diagnostics.nth(3)]);
    const codes = (uri: string) => published.find((p) => p.uri === uri)!.diagnostics.map((d) => d.code);
    assert.deepEqual(codes('file:///lesson.md'), ['foreign-script']);
    assert.deepEqual(codes('file:///code.py'), ['native-in-code']);
    assert.deepEqual(codes('file:///notes.txt'), ['foreign-script']);
  } finally {
    child.kill();
  }
});

for (const [what, bytes, code, message] of [
  [
    'a header declaring a terabyte',
    'Content-Length: 999999999999\r\n\r\n{"jsonrpc"',
    3,
    /not an LSP message \(a message of 999999999999 bytes \(at most \d+ are read\)\); exiting with code 3/,
  ],
  [
    'half a message, then end of input',
    'Content-Length: 50\r\n\r\n{"jsonrpc":"2.0"',
    1,
    /closed the connection without shutting down; exiting with code 1/,
  ],
  [
    'end of input after initialize',
    null,
    1,
    /closed the connection without shutting down; exiting with code 1/,
  ],
] as const) {
  test(`the server ends, saying why in one line, on ${what}`, async () => {
    const { child, connection, stderr } = spawnServer('cli');
    const exited = once(child, 'exit');
    if (bytes === null) {
      connection.listen();
      await initialize(connection);
    } else child.stdin.write(bytes);
    child.stdin.end();
    const [exitCode] = (await exited) as [number | null];
    connection.dispose();
    assert.equal(exitCode, code, stderr());
    assert.match(stderr(), message);
    assert.equal(
      stderr().trim().split('\n').length,
      1,
      `one line, no source or stack: ${stderr().slice(0, 500)}`,
    );
  });
}

test('akkhara/analyzeText without proper params answers InvalidParams, and the server goes on', async () => {
  const { child, connection } = spawnServer();
  connection.listen();
  try {
    await initialize(connection);
    for (const params of [null, {}, { text: 42 }])
      await assert.rejects(
        connection.sendRequest('akkhara/analyzeText', params),
        (error: { code?: number; message?: string }) =>
          error.code === -32602 && /needs params/.test(error.message ?? ''),
      );
    const ok = (await connection.sendRequest('akkhara/analyzeText', {
      text: 'x = ၁\n',
      languageId: 'python',
    })) as {
      findings: unknown[];
    };
    assert.equal(ok.findings.length, 1);
  } finally {
    connection.dispose();
    child.kill('SIGKILL');
  }
});
