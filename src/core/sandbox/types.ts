/**
 * Running untrusted Python (a model's answer) against tests. Every backend returns the same result
 * shape and says which backend and which isolation level ran the program.
 */
export type RunStatus =
  | 'passed'
  | 'failed'
  | 'error'
  | 'syntax_error'
  | 'missing_import'
  | 'timeout'
  | 'memory'
  | 'output_limit'
  | 'sandbox_error';

export const SANDBOX_BACKENDS = ['bwrap', 'landlock', 'seatbelt', 'pyodide', 'process'] as const;
export type SandboxBackendName = (typeof SANDBOX_BACKENDS)[number];
export type SandboxSetting = 'auto' | SandboxBackendName;
/**
 * "isolated": no network, no user files, limits enforced (bwrap, landlock, seatbelt).
 * "limited": no user files and no processes, but Node's permission model is no security boundary
 * and, before Node 25, leaves the network open (pyodide).
 * "none": limits only; the program has the user's rights (process, chosen explicitly).
 */
export type Isolation = 'isolated' | 'limited' | 'none';

export interface RunLimits {
  /** Wall-clock limit for the whole run. */
  readonly timeoutMs: number;
  /** Address space of the program, bytes. */
  readonly memoryBytes: number;
  /** stdout and stderr together, bytes; more is cut and reported as output_limit. */
  readonly outputBytes: number;
  /** Processes the program may have at once (fork bombs stop here). */
  readonly processes: number;
  /** Largest file the program may write, bytes. */
  readonly fileBytes: number;
}

export const DEFAULT_LIMITS: RunLimits = {
  timeoutMs: 10_000,
  memoryBytes: 1024 * 1024 * 1024,
  outputBytes: 1024 * 1024,
  processes: 64,
  fileBytes: 16 * 1024 * 1024,
};

/** Tests: a Python script (asserts, test_ functions, or HumanEval's check(candidate)). */
export interface RunRequest {
  readonly solution: string;
  readonly tests: string;
  /** "assert-list": `tests` is a Python list literal of assert strings (BLP-2025's test_list). */
  readonly testsFormat?: 'script' | 'assert-list';
  /** For HumanEval tasks: `check(candidate)` is called with this function. */
  readonly entryPoint?: string;
  /** Also run the `>>>` examples in the docstrings of what the solution and tests define. */
  readonly doctests?: boolean;
  readonly limits?: Partial<RunLimits>;
}

/** One test's outcome, for the UI: which assert failed and, for `assert f(x) == y`, what f(x) was. */
export interface TestOutcome {
  readonly name: string;
  readonly status: RunStatus;
  readonly line?: number;
  readonly message?: string;
  /** repr() of the left side of a failed `==` comparison. */
  readonly actual?: string;
}

export interface RunResult {
  readonly status: RunStatus;
  readonly passed: boolean;
  readonly backend: SandboxBackendName;
  readonly isolation: Isolation;
  readonly durationMs: number;
  readonly tests: readonly TestOutcome[];
  /** Exception type and message for error statuses; the missing module for missing_import. */
  readonly error?: string;
  readonly stdout: string;
  readonly stderr: string;
  /** Processes of the program that could not be killed after the run (normally none, so absent). */
  readonly leftoverProcesses?: number;
}

export interface Sandbox {
  readonly backend: SandboxBackendName;
  readonly isolation: Isolation;
  run(request: RunRequest): Promise<RunResult>;
}
