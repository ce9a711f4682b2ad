/**
 * Runs one harness process with a wall-clock limit that kills its whole process group, and with
 * stdout and stderr capped; stdin is empty. Backends decide the command line.
 */
import { spawn } from 'node:child_process';

export interface Execution {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly outputExceeded: boolean;
  readonly durationMs: number;
}

export interface ExecuteOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  readonly outputBytes: number;
}

/** After a kill, how long to wait for the pipes to close (a stray grandchild may hold them). */
const DRAIN_MS = 500;

export function execute(
  command: string,
  args: readonly string[],
  options: ExecuteOptions,
): Promise<Execution> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout can kill everything it started.
      detached: true,
    });
    const chunks: { stdout: Buffer[]; stderr: Buffer[] } = { stdout: [], stderr: [] };
    let bytes = 0;
    let timedOut = false;
    let outputExceeded = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let finished = false;
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (outputExceeded) return;
      bytes += chunk.length;
      if (bytes > options.outputBytes) {
        outputExceeded = true;
        chunks[stream].push(chunk.subarray(0, Math.max(0, chunk.length - (bytes - options.outputBytes))));
        killGroup();
        return;
      }
      chunks[stream].push(chunk);
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      killGroup(); // anything the program left running in its group
      resolve({
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        stdout: Buffer.concat(chunks.stdout).toString('utf8'),
        stderr: Buffer.concat(chunks.stderr).toString('utf8'),
        timedOut,
        outputExceeded,
        durationMs: performance.now() - started,
      });
    };
    child.on('error', (error) => {
      chunks.stderr.push(Buffer.from(String(error)));
      finish();
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, DRAIN_MS).unref();
    });
    child.on('close', finish);
  });
}
