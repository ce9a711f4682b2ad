/**
 * A warm sandbox: one long-lived harness server (`harness.py --serve`) that forks a child per
 * program, limits applied in the child. The interpreter starts once, not once per program, which
 * is what makes scoring thousands of completions fast. One program at a time per server; a pool
 * of servers gives parallelism. If the server dies or stalls it is restarted for the next run.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import {
  DEFAULT_LIMITS,
  type Isolation,
  type RunRequest,
  type RunResult,
  type RunStatus,
  type Sandbox,
  type SandboxBackendName,
  type TestOutcome,
} from './types';

export interface ServerCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

interface Reply {
  readonly timedOut: boolean;
  readonly outputExceeded: boolean;
  readonly output: string;
  readonly signal: number | null;
  readonly exitCode: number | null;
  readonly durationMs: number;
  readonly verdict: { status: RunStatus; tests: TestOutcome[]; error?: string } | null;
}

/** Beyond the program's own limit, how long the server may take to answer before it is replaced. */
const SERVER_GRACE_MS = 5_000;
const SIGXCPU = 24;

export class WarmSandbox implements Sandbox {
  private server?: {
    process: ChildProcessWithoutNullStreams;
    lines: Interface;
    replies: AsyncIterator<string>;
  };
  private queue: Promise<unknown> = Promise.resolve();
  private serverErrors = '';

  constructor(
    readonly backend: SandboxBackendName,
    readonly isolation: Isolation,
    private readonly start: ServerCommand,
    /** Extra job fields the backend needs (the process limit). */
    private readonly jobExtras: Record<string, unknown>,
  ) {}

  run(request: RunRequest): Promise<RunResult> {
    const next = this.queue.then(() => this.runNow(request));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Stops the server; a later run starts a new one. */
  close(): void {
    this.server?.process.kill('SIGKILL');
    this.server = undefined;
  }

  private ensureServer() {
    if (this.server && this.server.process.exitCode === null && !this.server.process.killed)
      return this.server;
    const child = spawn(this.start.command, [...this.start.args], {
      cwd: this.start.cwd,
      env: this.start.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // The server's own stderr (the programs' output goes through it, not here): kept short for errors.
    this.serverErrors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      this.serverErrors = (this.serverErrors + chunk.toString('utf8')).slice(-2000);
    });
    const lines = createInterface({ input: child.stdout });
    this.server = { process: child, lines, replies: lines[Symbol.asyncIterator]() };
    return this.server;
  }

  private async runNow(request: RunRequest): Promise<RunResult> {
    const limits = { ...DEFAULT_LIMITS, ...request.limits };
    const identity = { backend: this.backend, isolation: this.isolation };
    const server = this.ensureServer();
    const job = {
      solution: request.solution,
      tests: request.tests,
      testsFormat: request.testsFormat ?? 'script',
      entryPoint: request.entryPoint ?? null,
      limits,
      ...this.jobExtras,
    };
    const started = performance.now();
    server.process.stdin.write(`${JSON.stringify(job)}\n`);
    let guard: NodeJS.Timeout | undefined;
    const stalled = new Promise<undefined>((resolve) => {
      guard = setTimeout(() => resolve(undefined), limits.timeoutMs + SERVER_GRACE_MS);
    });
    const line = await Promise.race([
      server.replies.next().then((r) => (r.done ? undefined : r.value)),
      stalled,
    ]);
    clearTimeout(guard);
    if (line === undefined) {
      this.close();
      return {
        ...identity,
        status: 'sandbox_error',
        passed: false,
        durationMs: Math.round(performance.now() - started),
        tests: [],
        error: `the sandbox server stopped answering; it will be restarted${this.serverErrors ? `: ${this.serverErrors.trim()}` : ''}`,
        stdout: '',
        stderr: '',
      };
    }
    const reply = JSON.parse(line) as Reply;
    const base = { ...identity, durationMs: reply.durationMs, stdout: reply.output, stderr: '' };
    const ended = (status: RunStatus, error: string): RunResult => ({
      ...base,
      status,
      passed: false,
      tests: reply.verdict?.tests ?? [],
      error,
    });
    if (reply.timedOut) return ended('timeout', `no verdict within ${limits.timeoutMs / 1000} s`);
    if (reply.outputExceeded) return ended('output_limit', `more than ${limits.outputBytes} bytes of output`);
    if (reply.signal === SIGXCPU) return ended('timeout', 'CPU time limit');
    if (reply.verdict) {
      return {
        ...base,
        status: reply.verdict.status,
        passed: reply.verdict.status === 'passed',
        tests: reply.verdict.tests,
        ...(reply.verdict.error !== undefined && { error: reply.verdict.error }),
      };
    }
    if (/MemoryError/.test(reply.output)) return ended('memory', 'MemoryError');
    const how = reply.signal ? `signal ${reply.signal}` : `exit code ${reply.exitCode}`;
    return ended('error', `the program ended the run before the tests finished (${how})`);
  }
}
