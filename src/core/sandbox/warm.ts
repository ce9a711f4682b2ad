/**
 * A warm sandbox: one long-lived harness server (`harness.py --serve`) that forks a child per
 * program, limits applied in the child. The interpreter starts once, not once per program, which
 * is what makes scoring thousands of completions fast. One program at a time per server; a pool
 * of servers gives parallelism. If the server dies or stalls it is restarted for the next run.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface, type Interface } from 'node:readline';
import { jobFields, limitsOf } from './run';
import {
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

export interface WarmOptions {
  /** Extra job fields the backend needs (the process limit), or a function read for each job. */
  readonly jobExtras?: Record<string, unknown> | (() => Record<string, unknown>);
  /**
   * The server cannot stop a program itself (Pyodide runs it on its only thread): a run still
   * going at its time limit is a timeout, and the server is killed and started again.
   */
  readonly hostEnforcesTimeout?: boolean;
  /**
   * Each server runs one program and ends (Pyodide: a fresh interpreter per program). The next
   * server is started as soon as one has answered, so its start overlaps the caller's work.
   */
  readonly oneJobPerServer?: boolean;
  /**
   * Run after each program with the server's pid: ends what the program left that the server could
   * not (Seatbelt: marked processes); returns how many could not be ended.
   */
  readonly afterEachRun?: (serverPid: number) => Promise<number>;
  /** Run once the server is gone for good (a scratch folder to remove). */
  readonly onDispose?: () => Promise<void>;
}

interface Reply {
  /** The job's nonce: a line without it was not written by the server (Pyodide's program shares its stdout). */
  readonly nonce: string;
  readonly timedOut: boolean;
  readonly outputExceeded: boolean;
  readonly output: string;
  readonly signal: number | null;
  readonly exitCode: number | null;
  readonly durationMs: number;
  readonly verdict: { status: RunStatus; tests: TestOutcome[]; error?: string } | null;
  /** Processes of the program the server could not kill (harness.py; Pyodide has none). */
  readonly survivors?: number;
  /** The server ends after this reply (Pyodide after too much output or a fatal error). */
  readonly serverExits?: boolean;
}

/** Beyond the program's own limit, how long the server may take to answer before it is replaced. */
const SERVER_GRACE_MS = 5_000;
/** How long a server may take to start (Pyodide loads in 3–5 s here; slow disks take longer). */
const STARTUP_MS = 60_000;
const SIGXCPU = 24;
/** How long a server may take to end after its stdin closed, and again after SIGKILL. */
const DISPOSE_MS = 5_000;

export class WarmSandbox implements Sandbox {
  private server?: {
    process: ChildProcessWithoutNullStreams;
    lines: Interface;
    replies: AsyncIterator<string>;
    /** Whether the server said it is ready (false if it died or stalled first). */
    ready: Promise<boolean>;
  };
  private queue: Promise<unknown> = Promise.resolve();
  /** close() or dispose() was called: no server is started ahead any more. */
  private closed = false;
  private serverErrors = '';

  constructor(
    readonly backend: SandboxBackendName,
    readonly isolation: Isolation,
    private readonly start: ServerCommand,
    private readonly options: WarmOptions = {},
  ) {}

  run(request: RunRequest): Promise<RunResult> {
    const next = this.queue.then(() => this.runNow(request));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Starts the server now rather than on the first run (hides Pyodide's cold start). */
  async prepare(): Promise<boolean> {
    return this.ensureServer().ready;
  }

  /** Stops the server for good, without waiting (dispose() waits). */
  close(): void {
    this.closed = true;
    this.stopServer();
    this.options.onDispose?.().catch(() => undefined);
  }

  /** Stops the server; a later run starts a new one. */
  private stopServer(): void {
    this.server?.process.kill('SIGKILL');
    this.server = undefined;
  }

  /**
   * Ends the server and waits until its process is gone: stdin closed (it finishes the job in hand
   * and exits), killed after DISPOSE_MS. No later run.
   */
  async dispose(): Promise<void> {
    this.closed = true;
    const server = this.server;
    this.server = undefined;
    if (server && server.process.exitCode === null && server.process.signalCode === null) {
      const exited = new Promise<void>((resolve) => server.process.once('exit', () => resolve()));
      server.process.stdin.end();
      if ((await withTimeout(exited, DISPOSE_MS)) === undefined) {
        server.process.kill('SIGKILL');
        await withTimeout(exited, DISPOSE_MS);
      }
    }
    await this.options.onDispose?.();
  }

  private ensureServer() {
    if (this.server && this.server.process.exitCode === null && !this.server.process.killed)
      return this.server;
    const child = spawn(this.start.command, [...this.start.args], {
      cwd: this.start.cwd,
      env: this.start.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.serverErrors = '';
    // The OS may refuse the process (EAGAIN at a process limit, a missing interpreter) or the pipe
    // may break: each is this server's failure, reported with the run, never an uncaught error.
    child.on('error', (error) => {
      this.serverErrors = `${this.serverErrors}${error.message}\n`.slice(-2000);
    });
    child.stdin.on('error', () => undefined);
    // The server's own stderr (the programs' output goes through it, not here): kept short for errors.
    child.stderr.on('data', (chunk: Buffer) => {
      this.serverErrors = (this.serverErrors + chunk.toString('utf8')).slice(-2000);
    });
    const lines = createInterface({ input: child.stdout });
    const replies = lines[Symbol.asyncIterator]();
    const ready = withTimeout(
      replies.next().then((r) => !r.done && r.value.includes('"ready"')),
      STARTUP_MS,
    ).then((isReady) => isReady === true);
    this.server = { process: child, lines, replies, ready };
    return this.server;
  }

  private async runNow(request: RunRequest): Promise<RunResult> {
    const limits = limitsOf(request);
    const identity = { backend: this.backend, isolation: this.isolation };
    const server = this.ensureServer();
    if (!(await server.ready))
      return this.serverFailed(performance.now(), 'the sandbox server did not start');
    const extras = this.options.jobExtras;
    const job = {
      ...jobFields(request, limits),
      ...(typeof extras === 'function' ? extras() : extras),
      nonce: randomUUID(),
    };
    const started = performance.now();
    server.process.stdin.write(`${JSON.stringify(job)}\n`);
    const hostTimeout = this.options.hostEnforcesTimeout === true;
    const reply = await withTimeout(
      replyTo(server.replies, job.nonce),
      limits.timeoutMs + (hostTimeout ? 0 : SERVER_GRACE_MS),
    );
    if (reply === undefined) {
      const stillRunning = server.process.exitCode === null && server.process.signalCode === null;
      this.stopServer();
      if (hostTimeout && stillRunning)
        return this.noVerdict('timeout', started, `no verdict within ${limits.timeoutMs / 1000} s`);
      return this.serverFailed(
        started,
        'the sandbox server ended or stalled during the run (the program may have ended it); it will be restarted',
      );
    }
    const leftBehind =
      (reply.survivors ?? 0) +
      (server.process.pid ? ((await this.options.afterEachRun?.(server.process.pid)) ?? 0) : 0);
    if (reply.serverExits || this.options.oneJobPerServer) {
      this.stopServer();
      if (this.options.oneJobPerServer && !this.closed) this.ensureServer();
    }
    const base = {
      ...identity,
      durationMs: reply.durationMs,
      stdout: reply.output,
      stderr: '',
      ...(leftBehind ? { leftoverProcesses: leftBehind } : {}),
    };
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

  private serverFailed(started: number, why: string): RunResult {
    this.stopServer();
    return this.noVerdict(
      'sandbox_error',
      started,
      `${why}${this.serverErrors ? `: ${this.serverErrors.trim()}` : ''}`,
    );
  }

  /** A run that ended without the server's reply. */
  private noVerdict(status: RunStatus, started: number, error: string): RunResult {
    return {
      backend: this.backend,
      isolation: this.isolation,
      status,
      passed: false,
      durationMs: Math.round(performance.now() - started),
      tests: [],
      error,
      stdout: '',
      stderr: '',
    };
  }
}

/** The server's reply to the job with this nonce; undefined if the server ended first. */
async function replyTo(replies: AsyncIterator<string>, nonce: string): Promise<Reply | undefined> {
  for (;;) {
    const next = await replies.next();
    if (next.done) return undefined;
    try {
      const reply = JSON.parse(next.value) as Reply;
      if (reply.nonce === nonce) return reply;
    } catch {
      // not a reply: a line the program wrote itself
    }
  }
}

/** The promise's value, or undefined when `ms` pass first. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
