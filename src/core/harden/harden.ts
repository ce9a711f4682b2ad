/**
 * `akkhara harden`'s engine: extra tests for a task from its reference solution. The reference must
 * pass its own tests first; then a generator (harden.py) runs in the sandbox with the reference as
 * its solution, takes the literal inputs of the task's tests, tries their edge cases and type-aware
 * mutations, keeps those inside the task's contract (its own, else what the base inputs show) that
 * the reference answers cleanly, the same twice, within 4× the Python events of its slowest base
 * input, and writes each as an assert of the reference's output. An input where another solution
 * (an oracle) answers otherwise is disputed: listed for the teacher, never asserted. The hardened
 * tests (base + extra) must pass the reference too, or the task is left as it was.
 */
import { canonicalCompletion, programFor } from '../eval/programs';
import type { Task } from '../eval/formats';
import type { RunResult, Sandbox } from '../sandbox/types';
import generator from './harden.py';

export interface HardenSettings {
  readonly seed: number;
  /** Extra asserts per task, at most. */
  readonly maxExtra: number;
  /** Each input may take this many times the Python events of the reference's slowest base input. */
  readonly budgetFactor: number;
  /** The generator's wall-clock safety net per task (reached, the task is left as it was and says so). */
  readonly timeoutMs: number;
  /** The reference's run against its tests. */
  readonly runTimeoutMs: number;
  /** False: assert only the inputs a task brings (EvalPlus's), none of the generator's own. */
  readonly generate?: boolean;
  /** Keep the fewest tests that cover the reference's lines and kill its mutants as all would (EvalPlus-mini). */
  readonly reduce?: boolean;
}

/** What a task brings beyond its own rows: EvalPlus's data, other solutions. */
export interface HardenHelp {
  /** A better reference than the task's own (EvalPlus's corrected one), the same shape as a completion. */
  readonly reference?: string;
  /** Preconditions on the arguments (EvalPlus's format), when the task states none itself. */
  readonly contract?: string;
  /** Argument lists to try before the generator's own (EvalPlus's plus_input). */
  readonly inputs?: readonly unknown[][];
  /** Other solutions (completions) that pass the base tests: where one disagrees, the input is disputed. */
  readonly oracles?: readonly string[];
  /** A model's proposed inputs, the lines it wrote (--seed-model): checked like the generator's own. */
  readonly seeds?: readonly string[];
}

/** An input the reference and an oracle answer differently: for the teacher to decide. */
export interface Dispute {
  /** The arguments, as a Python tuple literal. */
  readonly input: string;
  readonly reference: string;
  readonly others: readonly string[];
}

/** How the generator's candidates fared. */
export interface HardenCounts {
  readonly baseInputs: number;
  readonly tried: number;
  readonly outOfContract: number;
  readonly overBudget: number;
  readonly disputes: readonly Dispute[];
  /** With `reduce`: how many tests the reduction started from, and the reference's mutants it kept killed. */
  readonly reduction?: {
    readonly from: number;
    readonly to: number;
    readonly mutants: number;
    readonly killed: number;
  };
}

export type HardenOutcome =
  | ({ readonly kind: 'hardened'; readonly task: Task; readonly extra: number } & HardenCounts)
  | ({ readonly kind: 'unchanged'; readonly why: string } & HardenCounts)
  | { readonly kind: 'no-reference' }
  | { readonly kind: 'reference-fails'; readonly why: string };

const describe = (run: RunResult) => `${run.status}${run.error ? `: ${run.error}` : ''}`;

/** The generator as a sandbox job's tests: its configuration, then harden.py. */
function generatorJob(
  task: Task,
  settings: HardenSettings,
  help: HardenHelp,
  oracles: string[],
  reference: string,
): string {
  const config = {
    format: task.kind,
    base: task.kind === 'humaneval' ? task.test : task.testList,
    entry: task.kind === 'humaneval' ? task.entryPoint : null,
    seed: settings.seed,
    max_extra: settings.maxExtra,
    per_input: 8,
    budget_factor: settings.budgetFactor,
    // Events, not seconds: what is kept must not depend on the machine or its load.
    floor_events: FLOOR_EVENTS,
    // The safety net fires before the sandbox kills the job, so that the task says why.
    total_s: (settings.timeoutMs / 1000) * 0.6,
    contract: task.contract ?? help.contract ?? null,
    inputs: help.inputs ?? null,
    seeds: help.seeds ?? null,
    generate: settings.generate ?? true,
    reduce: settings.reduce ?? false,
    reference,
    oracles,
  };
  // A JSON text is a valid Python string literal here: JSON.stringify escapes only what Python reads the same.
  return `import json as _json_config\n_CONFIG = _json_config.loads(${JSON.stringify(JSON.stringify(config))})\n${generator}`;
}

/** What any input may cost, in Python events (calls and lines), however fast its base inputs are. */
const FLOOR_EVENTS = 100_000;

/** Starts each line the generator means (harden.py's _MARK). */
const MARK = 'akkhara-harden:';

interface Generated extends HardenCounts {
  readonly asserts: readonly string[];
  /** The float-tolerant comparison the HumanEval asserts call. */
  readonly helper?: string;
  /** BLP: the base asserts, decoded. */
  readonly baseAsserts?: readonly string[];
  readonly reason?: string;
  /** The safety net stopped it: the task is left as it was. */
  readonly stopped?: boolean;
}

interface DoneRow {
  base_inputs?: number;
  tried?: number;
  out_of_contract?: number;
  over_budget?: number;
  helper?: string;
  reason?: string;
  base_asserts?: string[];
  stopped?: boolean;
  reduction?: HardenCounts['reduction'];
}

/** The generator's output lines: the extra asserts, the disputed inputs and its closing counts. */
function readGenerated(stdout: string): Generated {
  const asserts: string[] = [];
  const disputes: Dispute[] = [];
  let done: DoneRow = {};
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(MARK)) continue;
    const row = JSON.parse(line.slice(MARK.length)) as {
      assert?: string;
      disputed?: Dispute;
      done?: boolean;
    } & DoneRow;
    if (row.done) done = row;
    else if (typeof row.assert === 'string') asserts.push(row.assert);
    else if (row.disputed) disputes.push(row.disputed);
  }
  return {
    asserts,
    disputes,
    baseInputs: done.base_inputs ?? 0,
    tried: done.tried ?? 0,
    outOfContract: done.out_of_contract ?? 0,
    overBudget: done.over_budget ?? 0,
    ...(done.helper !== undefined && { helper: done.helper }),
    ...(done.reason !== undefined && { reason: done.reason }),
    ...(done.base_asserts !== undefined && { baseAsserts: done.base_asserts }),
    ...(done.stopped === true && { stopped: true }),
    ...(done.reduction && { reduction: done.reduction }),
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

/** The oracles that pass the task's base tests, as whole programs (a weak oracle would only dispute). */
async function strongOracles(
  task: Task,
  sandbox: Sandbox,
  oracles: readonly string[],
  timeoutMs: number,
): Promise<string[]> {
  const strong: string[] = [];
  for (const oracle of oracles) {
    const program = programFor(task, oracle);
    if ((await sandbox.run({ ...program, limits: { timeoutMs } })).passed) strong.push(program.solution);
  }
  return strong;
}

export async function hardenTask(
  task: Task,
  sandbox: Sandbox,
  settings: HardenSettings,
  help: HardenHelp = {},
): Promise<HardenOutcome> {
  const reference = help.reference ?? canonicalCompletion(task);
  if (reference === undefined) return { kind: 'no-reference' };
  const program = programFor(task, reference);
  const base = await sandbox.run({ ...program, limits: { timeoutMs: settings.runTimeoutMs } });
  if (!base.passed) return { kind: 'reference-fails', why: describe(base) };
  const oracles = await strongOracles(task, sandbox, help.oracles ?? [], settings.runTimeoutMs);
  const run = await sandbox.run({
    solution: program.solution,
    tests: generatorJob(task, settings, help, oracles, program.solution),
    limits: { timeoutMs: settings.timeoutMs },
  });
  const generated = readGenerated(run.stdout);
  const { asserts: _asserts, helper: _helper, baseAsserts: _base, reason, ...counts } = generated;
  if (!run.passed) return { kind: 'unchanged', why: `the generator stopped: ${describe(run)}`, ...counts };
  if (generated.stopped) return { kind: 'unchanged', why: reason ?? 'the generator stopped', ...counts };
  if (generated.asserts.length === 0)
    return {
      kind: 'unchanged',
      why:
        reason ??
        (counts.reduction
          ? `--reduce kept none of ${counts.reduction.from}: the base tests already cover the reference's lines and catch its mutants as they do`
          : 'no new input kept'),
      ...counts,
    };
  const hardened = withExtraTests(task, generated);
  const check = await sandbox.run({
    ...programFor(hardened, reference, { plus: true }),
    limits: { timeoutMs: settings.runTimeoutMs * 4 },
  });
  if (!check.passed)
    return { kind: 'unchanged', why: `the reference fails the extra tests: ${describe(check)}`, ...counts };
  return { kind: 'hardened', task: hardened, extra: generated.asserts.length, ...counts };
}
