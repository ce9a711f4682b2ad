/**
 * The Pyodide server's own walls (pyodideLockdown.ts), tried from JavaScript in a process of their
 * own: what a program that dug its way to Node objects through Pyodide's internals would meet. The
 * same attempts without the walls show that they are real attempts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { test } from 'node:test';
import { lockDown } from '../../src/core/sandbox/pyodideLockdown';

type Handle = { constructor: new (type: number) => object; connect?: (...args: unknown[]) => unknown };

/** Run in the child: each attempt's outcome, one JSON line. */
async function child(port: number, locked: boolean): Promise<void> {
  if (locked) lockDown();
  const attempts: Record<string, () => unknown> = {
    'stdin’s constructor connects': () =>
      new Promise((resolve, reject) => {
        const socket = new (process.stdin.constructor as new () => Socket)();
        socket.on('error', reject);
        socket.connect(port, '127.0.0.1', () => resolve(socket.end()));
      }),
    'a getter planted on Object.prototype': () => {
      Object.defineProperty(Object.prototype, 'toJSON', { get: () => () => 'forged', configurable: true });
      const forged = JSON.stringify({ verdict: 'failed' }) === '"forged"';
      delete (Object.prototype as { toJSON?: unknown }).toJSON; // the control's own report must stay readable
      if (!forged) throw new Error('the reply was not changed');
    },
    ...(locked && {
      'the stdio pipe handle connects': () =>
        (process.stdout as unknown as { _handle: Handle })._handle.connect?.(),
      fetch: () => fetch(`http://127.0.0.1:${port}/`),
      'process.kill': () => process.kill(process.ppid, 0),
      'process.binding': () =>
        (process as unknown as { binding: (name: string) => unknown }).binding('tcp_wrap'),
      'net through getBuiltinModule': () => process.getBuiltinModule?.('net'),
    }),
  };
  for (const [name, attempt] of Object.entries(attempts)) {
    let outcome: string;
    try {
      await attempt();
      outcome = 'reached';
    } catch (error) {
      outcome = (error as Error).message;
    }
    process.stdout.write(`${JSON.stringify({ name, outcome })}\n`);
  }
}

function attempts(port: number, locked: boolean): Promise<{ name: string; outcome: string }[]> {
  return new Promise((resolve) => {
    // Asynchronous: the server in this process must answer while the child tries.
    const tried = spawn(process.execPath, [__filename], {
      env: { ...process.env, AKKHARA_LOCKDOWN_PORT: String(port), AKKHARA_LOCKDOWN: locked ? '1' : '0' },
    });
    let stdout = '';
    tried.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    tried.on('close', () =>
      resolve(
        stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { name: string; outcome: string }),
      ),
    );
  });
}

if (process.env.AKKHARA_LOCKDOWN_PORT) {
  void child(Number(process.env.AKKHARA_LOCKDOWN_PORT), process.env.AKKHARA_LOCKDOWN === '1');
} else {
  test('after lockDown, the Node objects a program could dig out lead to no socket, no pollution and no signal', async () => {
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const open = await attempts(port, false);
      assert.deepEqual(
        open.map((a) => a.outcome),
        ['reached', 'reached'],
        'without the walls the attempts get through',
      );
      assert.equal(connections, 1);
      const locked = await attempts(port, true);
      assert.equal(locked.length, 7, JSON.stringify(locked));
      for (const { name, outcome } of locked)
        assert.match(outcome, /not available in the sandbox|object is not extensible/, `${name}: ${outcome}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(connections, 1, 'nothing more reached the server');
    } finally {
      server.close();
    }
  });
}
