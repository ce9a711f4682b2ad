/**
 * `akkhara harden`'s engine: extra tests for a task from its reference solution. The reference must
 * pass its own tests first; then a generator (harden.py) runs in the sandbox with the reference as
 * its solution, takes the literal inputs of the task's tests, mutates them by type, keeps those the
 * reference answers cleanly, the same twice, within 4× its slowest base input, and writes each as an
 * assert of the reference's output. The hardened tests (base + extra) must pass the reference too,
 * or the task is left as it was.
 */
import { canonicalCompletion, programFor } from '../eval/programs';
import type { Task } from '../eval/formats';
import type { RunResult, Sandbox } from '../sandbox/types';
import generator from './harden.py';

export interface HardenSettings {
  readonly seed: number;
  /** Extra asserts per task, at most. */
  readonly maxExtra: number;
  /** Each input may take this many times the reference's slowest base input (at least 0.25 s). */
  readonly budgetFactor: number;
  /** The generator's own wall-clock limit per task. */
  readonly timeoutMs: number;
  /** The reference's run against its tests. */
  readonly runTimeoutMs: number;
}

export type HardenOutcome =
  | { readonly kind: 'hardened'; readonly task: Task; readonly extra: number; readonly baseInputs: number }
  | { readonly kind: 'unchanged'; readonly why: string; readonly baseInputs: number }
  | { readonly kind: 'no-reference' }
  | { readonly kind: 'reference-fails'; readonly why: string };

const describe = (run: RunResult) => `${run.status}${run.error ? `: ${run.error}` : ''}`;

/** The generator as a sandbox job's tests: its configuration, then harden.py. */
function generatorJob(task: Task, settings: HardenSettings): string {
  const config = {
    format: task.kind,
    base: task.kind === 'humaneval' ? task.test : task.testList,
    entry: task.kind === 'humaneval' ? task.entryPoint : null,
    seed: settings.seed,
    max_extra: settings.maxExtra,
    per_input: 8,
    budget_factor: settings.budgetFactor,
    // At least a quarter second: 4× a function's microseconds would make which inputs are kept
    // depend on the machine's load, and the same seed must give the same tests.
    floor_s: 0.25,
    total_s: Math.max(1, (settings.timeoutMs / 1000) * 0.6),
  };
  // A JSON text is a valid Python string literal here: JSON.stringify escapes only what Python reads the same.
  return `import json as _json_config\n_CONFIG = _json_config.loads(${JSON.stringify(JSON.stringify(config))})\n${generator}`;
}

/** The generator's output lines: the extra asserts and its closing counts. */
/** Starts each line the generator means (harden.py's _MARK). */
const MARK = 'akkhara-harden:';

interface Generated {
  readonly asserts: readonly string[];
  readonly baseInputs: number;
  /** The float-tolerant comparison the HumanEval asserts call. */
  readonly helper?: string;
  /** BLP: the base asserts, decoded. */
  readonly baseAsserts?: readonly string[];
  readonly reason?: string;
}

function readGenerated(stdout: string): Generated {
  const asserts: string[] = [];
  let done: { base_inputs?: number; helper?: string; reason?: string; base_asserts?: string[] } = {};
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(MARK)) continue;
    const row = JSON.parse(line.slice(MARK.length)) as { assert?: string; done?: boolean } & typeof done;
    if (typeof row.assert === 'string') asserts.push(row.assert);
    else if (row.done) done = row;
  }
  return {
    asserts,
    baseInputs: done.base_inputs ?? 0,
    ...(done.helper !== undefined && { helper: done.helper }),
    ...(done.reason !== undefined && { reason: done.reason }),
    ...(done.base_asserts !== undefined && { baseAsserts: done.base_asserts }),
  };
}

/** The task with its base tests and the extra asserts. */
function withExtraTests(task: Task, generated: Generated): Task {
  const { asserts, helper = '', baseAsserts = [] } = generated;
  if (task.kind === 'humaneval') {
    const indented = asserts.map((line) => `    ${line}\n`).join('');
    const plusTest =
      `${task.test.trimEnd()}\n\n\n# Extra tests from akkhara harden (the reference solution's outputs on mutated inputs).\n` +
      `${helper}\n_akkhara_base_check = check\n\n\ndef check(candidate):\n    _akkhara_base_check(candidate)\n${indented}`;
    return { ...task, plusTest };
  }
  return { ...task, plusTestList: JSON.stringify([...baseAsserts, ...asserts]) };
}

export async function hardenTask(
  task: Task,
  sandbox: Sandbox,
  settings: HardenSettings,
): Promise<HardenOutcome> {
  const reference = canonicalCompletion(task);
  if (reference === undefined) return { kind: 'no-reference' };
  const program = programFor(task, reference);
  const base = await sandbox.run({ ...program, limits: { timeoutMs: settings.runTimeoutMs } });
  if (!base.passed) return { kind: 'reference-fails', why: describe(base) };
  const run = await sandbox.run({
    solution: program.solution,
    tests: generatorJob(task, settings),
    limits: { timeoutMs: settings.timeoutMs },
  });
  const generated = readGenerated(run.stdout);
  if (!run.passed)
    return {
      kind: 'unchanged',
      why: `the generator stopped: ${describe(run)}`,
      baseInputs: generated.baseInputs,
    };
  if (generated.asserts.length === 0)
    return {
      kind: 'unchanged',
      why: generated.reason ?? 'no new input kept',
      baseInputs: generated.baseInputs,
    };
  const hardened = withExtraTests(task, generated);
  const check = await sandbox.run({
    ...programFor(hardened, reference, { plus: true }),
    limits: { timeoutMs: settings.runTimeoutMs * 4 },
  });
  if (!check.passed)
    return {
      kind: 'unchanged',
      why: `the reference fails the extra tests: ${describe(check)}`,
      baseInputs: generated.baseInputs,
    };
  return {
    kind: 'hardened',
    task: hardened,
    extra: generated.asserts.length,
    baseInputs: generated.baseInputs,
  };
}
