/**
 * What every backend shares: the harness files (read-only to programs), a job's fields, and
 * one-shot runs, which are a server with one job: the verdict comes back over the server's pipe,
 * never through a file the program could replace with a FIFO, a link or a forgery.
 */
import * as path from 'node:path';
import { writeHelper } from '../helperFiles';
import CONFINE from './confine.py';
import HARNESS from './harness.py';
import { DEFAULT_LIMITS, type RunLimits, type RunRequest, type RunResult, type Sandbox } from './types';

export const HARNESS_FILE = 'harness.py';
export const CONFINE_FILE = 'confine.py';

/** The folder holding the harness, readable by everyone (bwrap binds it read-only as nobody). */
export async function harnessFolder(): Promise<string> {
  const [harness] = await Promise.all([
    writeHelper(HARNESS_FILE, HARNESS),
    writeHelper(CONFINE_FILE, CONFINE),
  ]);
  return path.dirname(harness);
}

/** What the harness reads of a request. */
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

export function limitsOf(request: RunRequest): RunLimits {
  return { ...DEFAULT_LIMITS, ...request.limits };
}

/**
 * A new backend's sandbox if it really confines a program here: `solution` must leave `reached`
 * False. Else why not, in words (e.g. "Landlock cannot confine a program here: …").
 */
export async function probeConfinement<S extends Sandbox>(
  sandbox: S,
  name: string,
  solution: string,
): Promise<S | string> {
  const probe = await sandbox.run({
    solution,
    tests: 'assert reached is False',
    limits: { timeoutMs: 20_000 },
  });
  if (probe.status === 'passed') return sandbox;
  return `${name} cannot confine a program here: ${probe.error ?? probe.status}`;
}

/** One program on a server of its own, which is gone (with everything it started) when this returns. */
export async function runOnce(
  start: () => Promise<Sandbox & { dispose(): Promise<void> }>,
  request: RunRequest,
): Promise<RunResult> {
  const server = await start();
  try {
    return await server.run(request);
  } finally {
    await server.dispose();
  }
}
