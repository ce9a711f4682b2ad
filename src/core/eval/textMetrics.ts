/**
 * Metrics for tasks with a reference answer but no tests (a teacher's explanation exercise, a code
 * translation, a DSL): whether the answer's code parses (Python's `ast.parse`, in the sandbox: the
 * code is never run), and chrF++ between the answer's program and the reference's, both assembled
 * as the harness assembles them (HumanEval: the prompt and the completion, or the whole function).
 */
import type { Sandbox } from '../sandbox/types';
import { chrfScore, chrfStatistics, type ChrfStatistics } from '../stats/chrf';
import type { Task } from './formats';
import { canonicalCompletion, programFor } from './programs';

export const METRICS = ['tests', 'parse', 'chrf'] as const;
export type Metric = (typeof METRICS)[number];

export interface TextScores {
  readonly parses?: boolean;
  /** chrF++ counts against the reference (summed for a corpus score); absent without a reference. */
  readonly chrfStats?: ChrfStatistics;
}

/** A job that only parses `code`: the solution is empty, the "tests" call ast.parse on it. */
const parseJob = (code: string) => ({
  solution: '',
  // A JSON string is a valid Python string literal.
  tests: `import ast as _akkhara_ast\n_akkhara_ast.parse(${JSON.stringify(code)})\nassert True\n`,
});

export async function textScores(
  task: Task,
  completion: string,
  sandbox: Sandbox,
  metrics: ReadonlySet<Metric>,
  timeoutMs: number,
): Promise<TextScores> {
  const { solution } = programFor(task, completion);
  const parses = metrics.has('parse')
    ? (await sandbox.run({ ...parseJob(solution), limits: { timeoutMs } })).passed
    : undefined;
  const reference = canonicalCompletion(task);
  const chrfStats =
    metrics.has('chrf') && reference !== undefined
      ? chrfStatistics(solution, programFor(task, reference).solution)
      : undefined;
  return { ...(parses !== undefined && { parses }), ...(chrfStats && { chrfStats }) };
}

export interface TextMetricsSummary {
  /** Share of samples whose code parses. */
  readonly parse?: { readonly rate: number; readonly samples: number };
  /** chrF++ of the whole corpus (counts summed) and the mean of the samples' scores. */
  readonly chrf?: { readonly corpus: number; readonly meanSentence: number; readonly samples: number };
  /** Per task: parse rate and mean chrF++ over its samples. */
  readonly perTask: readonly {
    readonly taskId: string;
    readonly parseRate?: number;
    readonly chrf?: number;
  }[];
}

export function summarizeTextMetrics(
  results: readonly (TextScores & { readonly taskId: string })[],
): TextMetricsSummary | undefined {
  const parsed = results.filter((r) => r.parses !== undefined);
  const scored = results.filter((r) => r.chrfStats !== undefined);
  if (parsed.length === 0 && scored.length === 0) return undefined;
  const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const summed = scored.reduce<number[]>(
    (sum, r) => r.chrfStats!.map((value, i) => (sum[i] ?? 0) + value),
    [],
  );
  const taskIds = [...new Set(results.map((r) => r.taskId))];
  return {
    ...(parsed.length && {
      parse: { rate: parsed.filter((r) => r.parses).length / parsed.length, samples: parsed.length },
    }),
    ...(scored.length && {
      chrf: {
        corpus: chrfScore(summed),
        meanSentence: mean(scored.map((r) => chrfScore(r.chrfStats!))),
        samples: scored.length,
      },
    }),
    perTask: taskIds.map((taskId) => {
      const mine = results.filter((r) => r.taskId === taskId);
      const parses = mine.filter((r) => r.parses !== undefined);
      const chrfs = mine.filter((r) => r.chrfStats !== undefined).map((r) => chrfScore(r.chrfStats!));
      return {
        taskId,
        ...(parses.length && { parseRate: parses.filter((r) => r.parses).length / parses.length }),
        ...(chrfs.length && { chrf: mean(chrfs) }),
      };
    }),
  };
}
