/**
 * What every backend shares: the job folder (harness, job description, verdict file) and turning
 * an execution plus the harness's verdict into a RunResult.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeHelper } from '../helperFiles';
import type { Execution } from './execute';
import HARNESS from './harness.py';
import {
  DEFAULT_LIMITS,
  type RunLimits,
  type RunRequest,
  type RunResult,
  type RunStatus,
  type TestOutcome,
} from './types';

export const HARNESS_FILE = 'harness.py';
export const JOB_FILE = 'job.json';
export const VERDICT_FILE = 'verdict.json';

/** The folder holding the harness, readable by everyone (warm servers bind it read-only). */
export async function harnessFolder(): Promise<string> {
  return path.dirname(await writeHelper(HARNESS_FILE, HARNESS));
}

/** What the harness reads of a request, whichever way it gets there (job file or server line). */
export function jobFields(request: RunRequest, limits: RunLimits) {
  return {
    solution: request.solution,
    tests: request.tests,
    testsFormat: request.testsFormat ?? 'script',
    entryPoint: request.entryPoint ?? null,
    doctests: request.doctests ?? false,
    limits,
  };
}

export interface JobFolder {
  readonly dir: string;
  readonly limits: RunLimits;
  dispose(): Promise<void>;
}

/**
 * A fresh folder per run with the harness and the job. `openToAll`: the program runs as another
 * user (nobody) and must be able to write its verdict and scratch files there.
 */
export async function prepareJob(
  request: RunRequest,
  processLimit: number | null,
  openToAll: boolean,
): Promise<JobFolder> {
  const limits = { ...DEFAULT_LIMITS, ...request.limits };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'akkhara-run-'));
  await writeFile(path.join(dir, HARNESS_FILE), HARNESS);
  await writeFile(path.join(dir, JOB_FILE), JSON.stringify({ ...jobFields(request, limits), processLimit }));
  if (openToAll) await chmod(dir, 0o777);
  return { dir, limits, dispose: () => rm(dir, { recursive: true, force: true }) };
}

interface Verdict {
  readonly status: RunStatus;
  readonly tests: TestOutcome[];
  readonly error?: string;
}

const STATUSES: ReadonlySet<string> = new Set([
  'passed',
  'failed',
  'error',
  'syntax_error',
  'missing_import',
  'timeout',
  'memory',
  'output_limit',
  'sandbox_error',
]);

async function readVerdict(dir: string): Promise<Verdict | undefined> {
  try {
    const verdict = JSON.parse(await readFile(path.join(dir, VERDICT_FILE), 'utf8')) as Partial<Verdict>;
    if (typeof verdict.status === 'string' && STATUSES.has(verdict.status) && Array.isArray(verdict.tests))
      return verdict as Verdict;
  } catch {
    // missing or cut short: the program ended the run before the harness could answer
  }
  return undefined;
}

/** The run's status: the sandbox's own limits first, then the harness's verdict, then how it ended. */
export async function resultOf(
  execution: Execution,
  job: JobFolder,
  identity: Pick<RunResult, 'backend' | 'isolation'>,
  sandboxFailure?: (execution: Execution) => string | undefined,
): Promise<RunResult> {
  const verdict = await readVerdict(job.dir);
  const base = {
    ...identity,
    durationMs: Math.round(execution.durationMs),
    stdout: execution.stdout,
    stderr: execution.stderr,
  };
  const ended = (status: RunStatus, error?: string): RunResult => ({
    ...base,
    status,
    passed: false,
    tests: verdict?.tests ?? [],
    ...(error !== undefined && { error }),
  });
  if (execution.timedOut) return ended('timeout', `no verdict within ${job.limits.timeoutMs / 1000} s`);
  if (execution.outputExceeded)
    return ended('output_limit', `more than ${job.limits.outputBytes} bytes of output`);
  if (execution.signal === 'SIGXCPU') return ended('timeout', 'CPU time limit');
  if (verdict) {
    return {
      ...base,
      status: verdict.status,
      passed: verdict.status === 'passed',
      tests: verdict.tests,
      ...(verdict.error !== undefined && { error: verdict.error }),
    };
  }
  const failure = sandboxFailure?.(execution);
  if (failure) return ended('sandbox_error', failure);
  if (/MemoryError/.test(execution.stderr)) return ended('memory', 'MemoryError');
  const how = execution.signal ? `signal ${execution.signal}` : `exit code ${execution.exitCode}`;
  return ended('error', `the program ended the run before the tests finished (${how})`);
}
