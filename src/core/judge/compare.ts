/**
 * Is model B really better than model A? Each model against the first (the baseline): Pass@1 with
 * McNemar's exact test when both ran the same tasks once each (paired by task), else a
 * two-proportion z-test over samples; each judge's rubric and dimensions with a two-sided
 * Mann-Whitney U test (the seed's test for Likert scores), marked at the chosen α. With three or
 * more rows (models, or one model's runs in Burmese, Bangla and expert Bangla), a Kruskal–Wallis H
 * test per judge and measure asks first whether any row differs at all.
 */
import { median } from 'simple-statistics';
import { kruskalWallis, mannWhitneyU, mcnemarExact, twoProportionTest } from '../stats/significance';
import type { EvalLine, JudgedFileLine } from './report';
import { scoreFieldsOf, scoreOf } from './report';

export interface ModelScores {
  readonly model: string;
  readonly evalLines: readonly EvalLine[];
  readonly judged: readonly JudgedFileLine[];
}

export interface Difference {
  readonly model: string;
  /** 'Pass@1', a dimension's key, or 'rubric'. */
  readonly measure: string;
  /** For judge scores: which judge. */
  readonly judge?: string;
  /** Pass@1, or the median score, of the baseline and of this model. */
  readonly baseline: number;
  readonly value: number;
  readonly test: 'McNemar (paired by task)' | 'two proportions' | 'Mann-Whitney U';
  readonly p: number;
  readonly significant: boolean;
}

/** Each task's one outcome, when every task has exactly one sample. */
function oncePerTask(lines: readonly EvalLine[]): Map<string, boolean> | undefined {
  const outcomes = new Map<string, boolean>();
  for (const line of lines) {
    if (outcomes.has(line.task_id)) return undefined;
    outcomes.set(line.task_id, line.passed);
  }
  return outcomes;
}

function passDifference(baseline: ModelScores, other: ModelScores, alpha: number): Difference | undefined {
  const rate = (lines: readonly EvalLine[]) => lines.filter((l) => l.passed).length / lines.length;
  if (baseline.evalLines.length === 0 || other.evalLines.length === 0) return undefined;
  const [a, b] = [oncePerTask(baseline.evalLines), oncePerTask(other.evalLines)];
  const paired = a && b && a.size === b.size && [...a.keys()].every((task) => b.has(task));
  const result = paired
    ? mcnemarExact(
        [...a.keys()].filter((task) => a.get(task) && !b.get(task)).length,
        [...a.keys()].filter((task) => !a.get(task) && b.get(task)).length,
      )
    : twoProportionTest(
        baseline.evalLines.filter((l) => l.passed).length,
        baseline.evalLines.length,
        other.evalLines.filter((l) => l.passed).length,
        other.evalLines.length,
      )!;
  return {
    model: other.model,
    measure: 'Pass@1',
    baseline: rate(baseline.evalLines),
    value: rate(other.evalLines),
    test: paired ? 'McNemar (paired by task)' : 'two proportions',
    p: result.p,
    significant: result.p < alpha,
  };
}

function scoreDifferences(baseline: ModelScores, other: ModelScores, alpha: number): Difference[] {
  const judges = [...new Set(baseline.judged.map((line) => line.judge))].filter((judge) =>
    other.judged.some((line) => line.judge === judge),
  );
  return judges.flatMap((judge) =>
    [...scoreFieldsOf(baseline.judged), 'rubric'].flatMap((field): Difference[] => {
      const scores = (model: ModelScores) =>
        model.judged.flatMap((line) =>
          line.judge === judge && scoreOf(line, field) !== undefined ? [scoreOf(line, field)!] : [],
        );
      const [x, y] = [scores(baseline), scores(other)];
      const result = mannWhitneyU(x, y);
      if (!result) return [];
      return [
        {
          model: other.model,
          measure: field,
          judge,
          baseline: median(x),
          value: median(y),
          test: 'Mann-Whitney U',
          p: result.p,
          significant: result.p < alpha,
        },
      ];
    }),
  );
}

/** Every model after the first against the first; empty with fewer than two models. */
export function compareModels(models: readonly ModelScores[], alpha: number): Difference[] {
  const [baseline, ...others] = models;
  return others.flatMap((other) => {
    const pass = passDifference(baseline, other, alpha);
    return [...(pass ? [pass] : []), ...scoreDifferences(baseline, other, alpha)];
  });
}

/** Whether any of three or more rows differs on one judge's measure. */
export interface RowsDifference {
  readonly measure: string;
  readonly judge: string;
  /** The rows with scores on it. */
  readonly rows: number;
  readonly h: number;
  readonly p: number;
  readonly significant: boolean;
}

/**
 * Kruskal–Wallis across every row, per judge every row has and per measure; empty with fewer than
 * three rows (with two, the Mann-Whitney test above is the test).
 */
export function compareAllRows(models: readonly ModelScores[], alpha: number): RowsDifference[] {
  if (models.length < 3) return [];
  const judges = [...new Set(models[0].judged.map((line) => line.judge))].filter((judge) =>
    models.every((model) => model.judged.some((line) => line.judge === judge)),
  );
  return judges.flatMap((judge) =>
    [...scoreFieldsOf(models[0].judged), 'rubric'].flatMap((measure): RowsDifference[] => {
      const groups = models.map((model) =>
        model.judged.flatMap((line) =>
          line.judge === judge && scoreOf(line, measure) !== undefined ? [scoreOf(line, measure)!] : [],
        ),
      );
      const result = kruskalWallis(groups);
      if (!result) return [];
      return [
        {
          measure,
          judge,
          rows: groups.filter((group) => group.length > 0).length,
          h: result.statistic,
          p: result.p,
          significant: result.p < alpha,
        },
      ];
    }),
  );
}
