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

/** Register notification handlers on `connection`, then call `connection.listen()`. */
export function spawnServer(): ServerUnderTest {
  const child = spawn(process.execPath, [path.join(DIST, 'server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  return { child, connection, stderr: () => stderr };
}
