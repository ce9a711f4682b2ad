/** Starts the built language server (dist/server.js) over stdio, with a protocol connection to it. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
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
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  return { child, connection, stderr: () => stderr };
}
