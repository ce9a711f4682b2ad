/**
 * Asking judges: each answer to each judge, a few attempts until the reply is a valid rubric; then
 * the summary a report needs — the mean of each dimension per judge, how far judges agree, and how
 * the judges' mix penalty tracks Akkhara's automatic mix score.
 */
import { median } from 'simple-statistics';
import type { Interval } from '../eval/passAtK';
import { complete, ModelError, type ModelProvider } from '../model/types';
import { krippendorffAlpha, quadraticKappa } from '../stats/agreement';
import { kruskalWallis, type TestResult } from '../stats/significance';
import { bootstrapMeanInterval } from '../stats/bootstrap';
import type { AnswerLanguage } from '../languages';
import {
  parseResult,
  parseScores,
  rubricMessages,
  rubricOf,
  scoreFields,
  type Rubric,
  type RubricDimension,
  type Scores,
} from './rubric';

export interface Judgement {
  /** The dimensions scored (all of them, unless a dimension's replies stayed invalid). */
  readonly scores?: Scores;
  /** The rubric's aggregate, when every dimension it needs was scored. */
  readonly rubric?: number;
  /** Replies that were not valid (each asked again, up to the attempt limit). */
  readonly invalid: number;
  /** Invalid replies per dimension (Prometheus-style rubrics ask one dimension per call). */
  readonly invalidByDimension?: Readonly<Record<string, number>>;
  /** The last invalid reply's problem, or why the judge could not be asked, when no attempt succeeded. */
  readonly error?: string;
  /** The judge itself failed (the server, not the reply): the answer is recorded as not judged. */
  readonly failed?: boolean;
}

type Asked<T> = { value?: T; invalid: number; error?: string; failed?: boolean };

/** One question to the judge, asked again while the reply is invalid (up to `attempts`). */
async function askUntilValid<T>(
  judge: ModelProvider,
  messages: ReturnType<typeof rubricMessages>,
  parse: (reply: string) => T | { invalid: string },
  attempts: number,
  signal?: AbortSignal,
): Promise<Asked<T>> {
  let invalid = 0;
  let error = '';
  for (let attempt = 0; attempt < attempts; attempt++) {
    let texts: string[];
    try {
      ({ texts } = await complete(judge, { messages, temperature: 0, maxTokens: 600 }, signal));
    } catch (failure) {
      // One bad reply (an HTML page, a stream cut off) is this answer's failure, not the run's.
      if (!(failure instanceof ModelError)) throw failure;
      return { invalid, error: `the judge failed (${failure.kind}): ${failure.message}`, failed: true };
    }
    const parsed = parse(texts[0]);
    if (typeof parsed !== 'object' || parsed === null || !('invalid' in parsed))
      return { value: parsed as T, invalid };
    invalid++;
    error = (parsed as { invalid: string }).invalid;
  }
  return { invalid, error };
}

export async function judgeAnswer(
  judge: ModelProvider,
  rubric: Rubric,
  task: string,
  answer: string,
  language: AnswerLanguage,
  attempts = 3,
  signal?: AbortSignal,
): Promise<Judgement> {
  if (rubric.reply === 'json') {
    const asked = await askUntilValid(
      judge,
      rubricMessages(rubric, task, answer, language),
      (reply) => parseScores(rubric, reply),
      attempts,
      signal,
    );
    if (!asked.value)
      return { invalid: asked.invalid, error: asked.error ?? '', ...(asked.failed && { failed: true }) };
    return { scores: asked.value, rubric: rubricOf(rubric, asked.value), invalid: asked.invalid };
  }
  // One call per dimension, all at once; a dimension whose replies stay invalid is left out.
  const asked = await Promise.all(
    rubric.dimensions.map((dimension: RubricDimension) =>
      askUntilValid(
        judge,
        rubricMessages(rubric, task, answer, language, dimension),
        (reply) => parseResult(rubric, reply),
        attempts,
        signal,
      ),
    ),
  );
  const failed = asked.find((a) => a.failed);
  const scores = Object.fromEntries(
    rubric.dimensions.flatMap((d, i) => (asked[i].value === undefined ? [] : [[d.key, asked[i].value!]])),
  );
  const invalid = asked.reduce((sum, a) => sum + a.invalid, 0);
  const invalidByDimension = Object.fromEntries(rubric.dimensions.map((d, i) => [d.key, asked[i].invalid]));
  const lastError = [...asked].reverse().find((a) => a.error)?.error;
  if (failed && Object.keys(scores).length === 0)
    return { invalid, invalidByDimension, error: failed.error ?? '', failed: true };
  const total = rubricOf(rubric, scores);
  return {
    ...(Object.keys(scores).length && { scores }),
    ...(total !== undefined && { rubric: total }),
    invalid,
    invalidByDimension,
    ...(lastError !== undefined && total === undefined && { error: lastError }),
  };
}

const mean = (values: readonly number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;

/** Pearson's r, or NaN when either side does not vary. */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const [mx, my] = [mean(xs), mean(ys)];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i] - my);
    sxx += (x - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  });
  return sxx && syy ? sxy / Math.sqrt(sxx * syy) : NaN;
}

export interface JudgedLine {
  readonly judge: string;
  /** Which answer: the same key across judges. */
  readonly key: string;
  readonly judgement: Judgement;
  /** Akkhara's automatic mix score of the same answer (0 clean … 1). */
  readonly autoMixScore: number;
}

export interface JudgeSummary {
  readonly judge: string;
  readonly judged: number;
  readonly invalidReplies: number;
  /** Per dimension, for rubrics that ask one dimension per call. */
  readonly invalidByDimension?: Readonly<Record<string, number>>;
  readonly failed: number;
  /** Per dimension, and 'rubric'. */
  readonly means: Readonly<Record<string, number>>;
  /** Bootstrap 95% interval of the rubric mean (seeded: the same on every run). */
  readonly rubricInterval?: Interval;
  /** Correlation of this judge's mix penalty with the automatic mix score (rubrics with a mix_penalty). */
  readonly mixCorrelation: number;
}

/** Between two judges, on the answers both scored. */
export interface PairAgreement {
  readonly judges: [string, string];
  readonly meanAbsoluteRubricDifference: number;
  readonly answers: number;
  /** Quadratic-weighted Cohen's kappa per dimension, on the rubric's scale. */
  readonly kappa: Readonly<Record<string, number>>;
}

/** Krippendorff's alpha per dimension over all judges (two or more), interval and ordinal. */
export type Alphas = Readonly<Record<string, { interval?: number; ordinal?: number }>>;

export const AGGREGATES = ['mean', 'median', 'majority'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** One score per answer from all its judges' scores. */
export interface Consensus {
  readonly how: Aggregate;
  readonly normalized: boolean;
  readonly judges: number;
  readonly answers: number;
  readonly means: Readonly<Record<string, number>>;
  readonly rubricInterval?: Interval;
}

export function summarize(
  lines: readonly JudgedLine[],
  rubricDefinition: Rubric,
  aggregate?: { how: Aggregate; normalize: boolean },
): {
  judges: JudgeSummary[];
  /** Per pair of judges: mean absolute rubric difference and kappa per dimension. */
  agreement: PairAgreement[];
  /** Over all judges; absent with fewer than two. */
  alpha?: Alphas;
  /**
   * Whether the judges score differently overall: Kruskal–Wallis H across each judge's rubric scores
   * (SciPy's kruskal); absent with fewer than two judges or when every score is the same.
   */
  judgesDiffer?: TestResult;
  consensus?: Consensus;
} {
  const names = [...new Set(lines.map((line) => line.judge))];
  const fields = scoreFields(rubricDefinition);
  const scale = Array.from(
    { length: rubricDefinition.scale.max - rubricDefinition.scale.min + 1 },
    (_, i) => rubricDefinition.scale.min + i,
  );
  const judges = names.map((judge): JudgeSummary => {
    const mine = lines.filter((line) => line.judge === judge);
    const scored = mine.filter((line) => line.judgement.rubric !== undefined);
    const field = (f: string) =>
      mean(
        mine.flatMap((line) => (line.judgement.scores?.[f] === undefined ? [] : [line.judgement.scores[f]])),
      );
    const byDimension = mine.some((line) => line.judgement.invalidByDimension)
      ? Object.fromEntries(
          fields.map((f) => [
            f,
            mine.reduce((n, line) => n + (line.judgement.invalidByDimension?.[f] ?? 0), 0),
          ]),
        )
      : undefined;
    return {
      judge,
      judged: scored.length,
      invalidReplies: mine.reduce((n, line) => n + line.judgement.invalid, 0),
      ...(byDimension && { invalidByDimension: byDimension }),
      failed: mine.length - scored.length,
      means: {
        ...Object.fromEntries(fields.map((f) => [f, field(f)])),
        rubric: mean(scored.map((line) => line.judgement.rubric!)),
      },
      ...withInterval(scored.map((line) => line.judgement.rubric!)),
      mixCorrelation: fields.includes('mix_penalty')
        ? pearson(
            scored.map((line) => line.judgement.scores!.mix_penalty),
            scored.map((line) => line.autoMixScore),
          )
        : NaN,
    };
  });
  const agreement = names.flatMap((a, i) =>
    names.slice(i + 1).map((b) => {
      const rubricOfJudge = (judge: string) =>
        new Map(
          lines
            .filter((l) => l.judge === judge && l.judgement.rubric !== undefined)
            .map((l) => [l.key, l.judgement.rubric!]),
        );
      const [ra, rb] = [rubricOfJudge(a), rubricOfJudge(b)];
      const shared = [...ra.keys()].filter((key) => rb.has(key));
      const [sa, sb] = [scoresOf(lines, a), scoresOf(lines, b)];
      const kappa = Object.fromEntries(
        fields.flatMap((f) => {
          const value = quadraticKappa(
            shared.map((key) => sa.get(key)?.[f]),
            shared.map((key) => sb.get(key)?.[f]),
            scale,
          );
          return value === undefined ? [] : [[f, value]];
        }),
      );
      return {
        judges: [a, b] as [string, string],
        meanAbsoluteRubricDifference: mean(shared.map((key) => Math.abs(ra.get(key)! - rb.get(key)!))),
        answers: shared.length,
        kappa,
      };
    }),
  );
  return {
    judges,
    agreement,
    ...(names.length >= 2 && { alpha: alphas(lines, names, rubricDefinition) }),
    ...judgesDifferOf(lines, names),
    ...(aggregate &&
      names.length >= 1 && { consensus: consensusOf(lines, names, rubricDefinition, aggregate) }),
  };
}

function judgesDifferOf(lines: readonly JudgedLine[], names: readonly string[]) {
  if (names.length < 2) return {};
  const rubrics = names.map((judge) =>
    lines.flatMap((line) =>
      line.judge === judge && line.judgement.rubric !== undefined ? [line.judgement.rubric] : [],
    ),
  );
  const result = kruskalWallis(rubrics);
  return result ? { judgesDiffer: result } : {};
}

const withInterval = (values: readonly number[]) => {
  const interval = bootstrapMeanInterval(values);
  return interval ? { rubricInterval: interval } : {};
};

/** A judge's scores by answer key. */
function scoresOf(lines: readonly JudgedLine[], judge: string): Map<string, Scores> {
  return new Map(
    lines.filter((l) => l.judge === judge && l.judgement.scores).map((l) => [l.key, l.judgement.scores!]),
  );
}

function alphas(lines: readonly JudgedLine[], names: readonly string[], rubric: Rubric): Alphas {
  const keys = [...new Set(lines.map((line) => line.key))];
  const byJudge = names.map((name) => scoresOf(lines, name));
  const ratings = (value: (scores: Scores) => number | undefined) =>
    byJudge.map((scores) => keys.map((key) => (scores.has(key) ? value(scores.get(key)!) : undefined)));
  const result: Record<string, { interval?: number; ordinal?: number }> = {};
  for (const f of scoreFields(rubric)) {
    const data = ratings((scores) => scores[f]);
    const [interval, ordinal] = [krippendorffAlpha(data, 'interval'), krippendorffAlpha(data, 'ordinal')];
    result[f] = {
      ...(interval !== undefined && { interval }),
      ...(ordinal !== undefined && { ordinal }),
    };
  }
  const total = krippendorffAlpha(
    ratings((scores) => rubricOf(rubric, scores)),
    'interval',
  );
  return { ...result, rubric: total === undefined ? {} : { interval: total } };
}

/** The most common value; a tie goes to the lower one ("if unsure, choose the lower"). */
function majority(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
}

/**
 * One score per answer and dimension from the judges that scored it: their mean, median or
 * majority; with `normalize`, each judge's scores are first z-scored over its own answers (a harsh
 * and a lenient judge then count alike; the results are in standard deviations, not 0–4).
 */
function consensusOf(
  lines: readonly JudgedLine[],
  names: readonly string[],
  rubric: Rubric,
  { how, normalize }: { how: Aggregate; normalize: boolean },
): Consensus {
  // Only answers a judge scored whole count here: the rubric needs every dimension.
  const byJudge = names.map(
    (name) =>
      new Map([...scoresOf(lines, name)].filter(([, scores]) => rubricOf(rubric, scores) !== undefined)),
  );
  const fields = [...scoreFields(rubric), 'rubric'];
  const valueOf = (scores: Scores, f: string) => (f === 'rubric' ? rubricOf(rubric, scores)! : scores[f]);
  const standardize = byJudge.map((scores) =>
    Object.fromEntries(
      fields.map((f) => {
        const values = [...scores.values()].map((s) => valueOf(s, f));
        const m = mean(values);
        const sd = Math.sqrt(
          values.reduce((sum, v) => sum + (v - m) ** 2, 0) / Math.max(1, values.length - 1),
        );
        return [f, (v: number) => (normalize ? (sd ? (v - m) / sd : 0) : v)];
      }),
    ),
  );
  const combine = how === 'mean' ? mean : how === 'median' ? median : majority;
  const keys = [...new Set(byJudge.flatMap((scores) => [...scores.keys()]))];
  const perAnswer = keys.map((key) =>
    Object.fromEntries(
      fields.map((f) => [
        f,
        combine(
          byJudge.flatMap((scores, j) =>
            scores.has(key) ? [standardize[j][f](valueOf(scores.get(key)!, f))] : [],
          ),
        ),
      ]),
    ),
  );
  return {
    how,
    normalized: normalize,
    judges: names.length,
    answers: perAnswer.length,
    means: Object.fromEntries(fields.map((f) => [f, mean(perAnswer.map((a) => a[f]))])),
    ...withInterval(perAnswer.map((a) => a.rubric)),
  };
}
