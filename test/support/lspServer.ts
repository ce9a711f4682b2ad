/** Starts the built language server (dist/server.js) over stdio, with a protocol connection to it. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeParams,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { DIST } from './paths';

export interface ServerUnderTest {
  readonly child: ChildProcessWithoutNullStreams;
  readonly connection: ProtocolConnection;
  /** What the server wrote to stderr so far (it should write nothing). */
  stderr(): string;
}

/**
 * Starts the server as `node dist/server.js --stdio`, or as `akkhara lsp --stdio` (how other editors
 * run it). Register notification handlers on `connection`, then call `connection.listen()`.
 */
export function spawnServer(via: 'bundle' | 'cli' = 'bundle'): ServerUnderTest {
  const args =
    via === 'cli' ? [path.join(DIST, 'cli.js'), 'lsp', '--stdio'] : [path.join(DIST, 'server.js'), '--stdio'];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const reader = new StreamMessageReader(child.stdout);
  // A server killed while writing leaves half a message in the reader, whose partial-message timer
  // (vscode-jsonrpc) then re-arms itself every 10 s forever, even after dispose: the test file never
  // ends. Nothing here listens for partial messages, so the timer is off.
  reader.partialMessageTimeout = 0;
  const connection = createProtocolConnection(reader, new StreamMessageWriter(child.stdin));
  return { child, connection, stderr: () => stderr };
}

/** The initialize request and the initialized notification, with a minimal client. */
export async function initialize(
  connection: ProtocolConnection,
  params: Partial<InitializeParams> = {},
): Promise<InitializeResult> {
  const result = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    ...params,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return result;
}

/**
 * Collects publishDiagnostics notifications (call before `listen()`); `nth(n)` waits for the n-th,
 * `matching` for the first from the `from`-th on that matches (a server may publish a version again,
 * as when its settings arrive, before it publishes the next).
 */
export function collectDiagnostics(connection: ProtocolConnection): {
  nth(n: number): Promise<PublishDiagnosticsParams>;
  matching(
    match: (params: PublishDiagnosticsParams) => boolean,
    from?: number,
  ): Promise<PublishDiagnosticsParams>;
  readonly count: number;
} {
  const published: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    waiters.splice(0).forEach((wake) => wake());
  });
  const next = () => new Promise<void>((resolve) => waiters.push(resolve));
  return {
    async nth(n) {
      while (published.length < n) await next();
      return published[n - 1];
    },
    async matching(match, from = 0) {
      for (let seen = from; ; seen++) {
        while (published.length <= seen) await next();
        if (match(published[seen])) return published[seen];
      }
    },
    get count() {
      return published.length;
    },
  };
}
