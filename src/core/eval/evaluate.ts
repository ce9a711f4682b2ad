/**
 * Scores samples in a sandbox with a pool of workers, and summarises them the way the field's
 * papers do: pass@k per task averaged, a Wilson interval for pass@1, counts per status.
 */
import type { ConfusionRates } from '../analysis/languageConfusion';
import { runOnPool } from '../sandbox/pool';
import type { Isolation, RunStatus, Sandbox, SandboxBackendName } from '../sandbox/types';
import type { Task } from './formats';
import { meanPassAtK, wilson, type Interval } from './passAtK';
import { hasPlusTests, programFor } from './programs';
import {
  summarizeTextMetrics,
  textScores,
  type Metric,
  type TextMetricsSummary,
  type TextScores,
} from './textMetrics';

export interface Sample {
  readonly task: Task;
  /** Index of this sample among the task's samples, from 0. */
  readonly sample: number;
  readonly completion: string;
  /** From `generate --repair`: whether the first answer, before repair, passed the same harness. */
  readonly firstPassed?: boolean;
}

export interface SampleResult extends TextScores {
  readonly taskId: string;
  readonly sample: number;
  readonly passed: boolean;
  /** 'not-run': the tests were not asked for (--metrics without tests). */
  readonly status: RunStatus | 'not-run';
  readonly error: string | null;
  readonly durationMs: number;
  /** For missing_import: whether adding the import alone makes it pass (only with fixImports). */
  readonly passesWithImport?: boolean;
  /** With `plus`: whether it also passes the task's extra tests (the base ones where it has none). */
  readonly plusPassed?: boolean;
}

export interface EvaluateOptions {
  readonly timeoutMs: number;
  /** Re-run missing_import failures with the import added, to count them separately. */
  readonly fixImports?: boolean;
  /** Called as each sample is scored, with its index in `samples`. */
  readonly onResult?: (result: SampleResult, index: number) => void;
  /** Aborted: no further sample starts. */
  readonly signal?: AbortSignal;
  /** Also run the extra tests of `akkhara harden` on samples that pass the base ones. */
  readonly plus?: boolean;
  /** What to measure; the tests only by default. */
  readonly metrics?: ReadonlySet<Metric>;
}

/** Runs `samples` with one worker per sandbox (give warm sandboxes for speed). */
export async function evaluate(
  samples: readonly Sample[],
  sandboxes: readonly Sandbox[],
  options: EvaluateOptions,
): Promise<SampleResult[]> {
  const results: SampleResult[] = new Array<SampleResult>(samples.length);
  await runOnPool(samples.length, sandboxes, async (index, sandbox) => {
    if (options.signal?.aborted) return;
    const { task, sample, completion } = samples[index];
    const program = programFor(task, completion);
    const metrics = options.metrics ?? new Set<Metric>(['tests']);
    const text = await textScores(task, completion, sandbox, metrics, options.timeoutMs);
    if (!metrics.has('tests')) {
      const result: SampleResult = {
        taskId: task.taskId,
        sample,
        passed: false,
        status: 'not-run',
        error: null,
        durationMs: 0,
        ...text,
      };
      results[index] = result;
      options.onResult?.(result, index);
      return;
    }
    const run = await sandbox.run({ ...program, limits: { timeoutMs: options.timeoutMs } });
    let passesWithImport: boolean | undefined;
    if (options.fixImports && run.status === 'missing_import' && run.error && /^\w+$/.test(run.error)) {
      const retry = await sandbox.run({
        ...program,
        solution: `import ${run.error}\n${program.solution}`,
        limits: { timeoutMs: options.timeoutMs },
      });
      passesWithImport = retry.passed;
    }
    let plusPassed: boolean | undefined;
    if (options.plus)
      plusPassed =
        run.passed && hasPlusTests(task)
          ? (
              await sandbox.run({
                ...programFor(task, completion, { plus: true }),
                limits: { timeoutMs: options.timeoutMs },
              })
            ).passed
          : run.passed;
    const result: SampleResult = {
      taskId: task.taskId,
      sample,
      passed: run.passed,
      status: run.status,
      error: run.error ?? null,
      durationMs: run.durationMs,
      ...(passesWithImport !== undefined && { passesWithImport }),
      ...(plusPassed !== undefined && { plusPassed }),
      ...text,
    };
    results[index] = result;
    options.onResult?.(result, index);
  });
  return results;
}

export interface EvalSummary {
  readonly backend: SandboxBackendName;
  readonly isolation: Isolation;
  readonly tasks: number;
  readonly samples: number;
  /** pass@k for each requested k that every task has enough samples for. */
  readonly passAtK: Readonly<Record<string, number>>;
  /** Requested k left out, with why. */
  readonly skippedK: readonly string[];
  readonly pass1Interval: Interval;
  readonly statuses: Readonly<Partial<Record<RunStatus | 'not-run', number>>>;
  /** With --metrics parse or chrf. */
  readonly textMetrics?: TextMetricsSummary;
  /** Failures that pass once the missing standard-library import is added (with --fix-imports). */
  readonly passWithImportOnly?: number;
  /** The field's language-confusion rates over the samples with prose (set by the caller). */
  readonly languageConfusion?: ConfusionRates;
  /** With --plus: pass@k against the hardened tests, and its pass@1 interval. */
  readonly plus?: { readonly passAtK: Readonly<Record<string, number>>; readonly pass1Interval: Interval };
}

/** pass@k for each k that every task has enough samples for, from per-task [samples, passed]. */
function passAtKOf(perTask: readonly [number, number][], ks: readonly number[]) {
  const fewest = Math.min(...perTask.map(([n]) => n));
  const passAtK: Record<string, number> = {};
  const skippedK: string[] = [];
  for (const k of ks) {
    if (perTask.length && k <= fewest) passAtK[`pass@${k}`] = meanPassAtK(perTask, k);
    else skippedK.push(`pass@${k}: some task has only ${perTask.length ? fewest : 0} samples`);
  }
  return { passAtK, skippedK };
}

/** [samples, passed] per task, passing as `passed` says. */
function countsPerTask(results: readonly SampleResult[], passed: (result: SampleResult) => boolean) {
  const perTask = new Map<string, [number, number]>();
  for (const result of results) {
    const counts = perTask.get(result.taskId) ?? [0, 0];
    counts[0]++;
    if (passed(result)) counts[1]++;
    perTask.set(result.taskId, counts);
  }
  return [...perTask.values()];
}

export function summarize(
  results: readonly SampleResult[],
  ks: readonly number[],
  sandbox: Pick<Sandbox, 'backend' | 'isolation'>,
  fixImports = false,
): EvalSummary {
  const statuses: Partial<Record<RunStatus | 'not-run', number>> = {};
  for (const result of results) statuses[result.status] = (statuses[result.status] ?? 0) + 1;
  const tested = results.filter((result) => result.status !== 'not-run');
  const tasks = countsPerTask(tested, (result) => result.passed);
  const { passAtK, skippedK } = tested.length
    ? passAtKOf(tasks, ks)
    : { passAtK: {}, skippedK: ['pass@k: the tests were not run (--metrics without tests)'] };
  const textMetrics = summarizeTextMetrics(results);
  const plus =
    results.length && results.every((result) => result.plusPassed !== undefined)
      ? {
          passAtK: passAtKOf(
            countsPerTask(results, (result) => result.plusPassed === true),
            ks,
          ).passAtK,
          pass1Interval: wilson(results.filter((result) => result.plusPassed).length, results.length),
        }
      : undefined;
  const passed = results.filter((r) => r.passed).length;
  return {
    backend: sandbox.backend,
    isolation: sandbox.isolation,
    tasks: tasks.length,
    samples: results.length,
    passAtK,
    skippedK,
    pass1Interval: wilson(passed, tested.length),
    statuses,
    ...(fixImports && { passWithImportOnly: results.filter((r) => r.passesWithImport).length }),
    ...(plus && { plus }),
    ...(textMetrics && { textMetrics }),
  };
}

/**
 * pass@k of the first answers, before test-driven repair, as `generate --repair` recorded their
 * verdicts (the same harness: the task's program and tests in the sandbox). Undefined unless every
 * sample carries one.
 */
export function passAtKBeforeRepair(
  samples: readonly Sample[],
  ks: readonly number[],
): Record<string, number> | undefined {
  if (samples.length === 0 || samples.some((sample) => sample.firstPassed === undefined)) return undefined;
  const perTask = new Map<string, [number, number]>();
  for (const sample of samples) {
    const counts = perTask.get(sample.task.taskId) ?? [0, 0];
    counts[0]++;
    if (sample.firstPassed) counts[1]++;
    perTask.set(sample.task.taskId, counts);
  }
  const tasks = [...perTask.values()];
  const fewest = Math.min(...tasks.map(([n]) => n));
  return Object.fromEntries(ks.filter((k) => k <= fewest).map((k) => [`pass@${k}`, meanPassAtK(tasks, k)]));
}
