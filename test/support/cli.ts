/** The `akkhara` command as a user runs it, asynchronously, so that servers in the test process can answer it. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { DIST } from './paths';

export interface CliOutcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The folder it runs in (default: the test's own). */
  readonly cwd?: string;
  /** Sees stdout as it grows, with the child (to interrupt it, say). */
  readonly onStdout?: (stdout: string, child: ChildProcess) => void;
  /** The child, as soon as it is started. */
  readonly onSpawn?: (child: ChildProcess) => void;
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(DIST, 'cli.js'), ...args], {
      env: { ...process.env, ...options.env },
      ...(options.cwd && { cwd: options.cwd }),
    });
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      options.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end(options.input ?? '');
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
