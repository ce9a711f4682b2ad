/**
 * Asking judges: each answer to each judge, a few attempts until the reply is a valid rubric; then
 * the summary a report needs — the mean of each dimension per judge, how far judges agree, and how
 * the judges' mix penalty tracks Akkhara's automatic mix score.
 */
import { complete, ModelError, type ModelProvider } from '../model/types';
import type { AnswerLanguage } from '../languages';
import {
  parseScores,
  rubricMessages,
  rubricOf,
  SCORE_FIELDS,
  type RubricScores,
  type ScoreField,
} from './rubric';

export interface Judgement {
  readonly scores?: RubricScores;
  readonly rubric?: number;
  /** Replies that were not a valid rubric (each asked again, up to the attempt limit). */
  readonly invalid: number;
  /** The last invalid reply's problem, or why the judge could not be asked, when no attempt succeeded. */
  readonly error?: string;
  /** The judge itself failed (the server, not the reply): the answer is recorded as not judged. */
  readonly failed?: boolean;
}

export async function judgeAnswer(
  judge: ModelProvider,
  task: string,
  answer: string,
  language: AnswerLanguage,
  attempts = 3,
  signal?: AbortSignal,
): Promise<Judgement> {
  let invalid = 0;
  let error = '';
  for (let attempt = 0; attempt < attempts; attempt++) {
    let texts: string[];
    try {
      ({ texts } = await complete(
        judge,
        { messages: rubricMessages(task, answer, language), temperature: 0, maxTokens: 200 },
        signal,
      ));
    } catch (failure) {
      // One bad reply (an HTML page, a stream cut off) is this answer's failure, not the run's.
      if (!(failure instanceof ModelError)) throw failure;
      return { invalid, error: `the judge failed (${failure.kind}): ${failure.message}`, failed: true };
    }
    const parsed = parseScores(texts[0]);
    if (!('invalid' in parsed)) return { scores: parsed, rubric: rubricOf(parsed), invalid };
    invalid++;
    error = parsed.invalid;
  }
  return { invalid, error };
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
  readonly failed: number;
  readonly means: Readonly<Record<ScoreField | 'rubric', number>>;
  /** Correlation of this judge's mix penalty with the automatic mix score, over its answers. */
  readonly mixCorrelation: number;
}

export function summarize(lines: readonly JudgedLine[]): {
  judges: JudgeSummary[];
  /** Per pair of judges: mean absolute difference of their rubric on the answers both scored. */
  agreement: { judges: [string, string]; meanAbsoluteRubricDifference: number; answers: number }[];
} {
  const names = [...new Set(lines.map((line) => line.judge))];
  const judges = names.map((judge): JudgeSummary => {
    const mine = lines.filter((line) => line.judge === judge);
    const scored = mine.filter((line) => line.judgement.scores);
    const field = (f: ScoreField) => mean(scored.map((line) => line.judgement.scores![f]));
    return {
      judge,
      judged: scored.length,
      invalidReplies: mine.reduce((n, line) => n + line.judgement.invalid, 0),
      failed: mine.length - scored.length,
      means: {
        ...(Object.fromEntries(SCORE_FIELDS.map((f) => [f, field(f)])) as Record<ScoreField, number>),
        rubric: mean(scored.map((line) => line.judgement.rubric!)),
      },
      mixCorrelation: pearson(
        scored.map((line) => line.judgement.scores!.mix_penalty),
        scored.map((line) => line.autoMixScore),
      ),
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
      return {
        judges: [a, b] as [string, string],
        meanAbsoluteRubricDifference: mean(shared.map((key) => Math.abs(ra.get(key)! - rb.get(key)!))),
        answers: shared.length,
      };
    }),
  );
  return { judges, agreement };
}
