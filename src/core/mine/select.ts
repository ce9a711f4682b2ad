/**
 * Reward-selective mining (Troopers, BLP-2025, Algorithm 1): of a task's K sampled answers, the
 * winners are those that pass every test; the ones kept for supervised fine-tuning are the winners
 * whose language check found nothing, best first (lowest mix score, then shortest code), and
 * preference pairs put a kept winner against a failing or mixed-script answer to the same task.
 */

/** One sampled answer with its verdict, as `samples.jsonl` holds it. */
export interface MinedSample {
  readonly taskId: string;
  /** 1 for the first round; later rounds re-ask only tasks without a winner. */
  readonly round: number;
  /** Index among the task's samples over all rounds, from 0. */
  readonly sample: number;
  readonly completion: string;
  /** Passed every test (the harness' verdict). */
  readonly passed: boolean;
  readonly status: string;
  /** The exception or the missing module, for failures that have one. */
  readonly error?: string;
  readonly testsPassed: number;
  readonly testsTotal: number;
  /** Errors and warnings of the language check. */
  readonly problems: number;
  /** 0 (clean) to 1. */
  readonly mixScore: number;
  /** Characters of the answer's code, the tie-break between equally clean winners. */
  readonly codeChars: number;
}

/** A winner a trainer can learn from: it passes and its prose does not mix scripts. */
export const isCleanWinner = (sample: MinedSample): boolean => sample.passed && sample.problems === 0;

/** A judge's rubric score of a sample (higher is better), when a judge scored it. */
export type JudgeScore = (sample: MinedSample) => number | undefined;

/** With a judge: its rubric first (unscored last); then the lowest mix score, then the shortest code. */
const betterFirst =
  (judged?: JudgeScore) =>
  (a: MinedSample, b: MinedSample): number =>
    (judged ? (judged(b) ?? -Infinity) - (judged(a) ?? -Infinity) || 0 : 0) ||
    a.mixScore - b.mixScore ||
    a.codeChars - b.codeChars ||
    a.sample - b.sample;

/** A task's distinct clean winners, best first by the scorer without a judge. */
export function cleanWinners(samples: readonly MinedSample[]): MinedSample[] {
  return distinct(samples.filter(isCleanWinner).sort(betterFirst()));
}

/** One of each text, the first seen: the same answer twice is not worth twice. */
function distinct(samples: readonly MinedSample[]): MinedSample[] {
  const seen = new Set<string>();
  return samples.filter((sample) => !seen.has(sample.completion) && seen.add(sample.completion));
}

export interface TaskSelection {
  /** Up to m clean winners, best first: the task's supervised examples. */
  readonly chosen: readonly MinedSample[];
  /** Up to m pairs, each loser used once, the chosen winners taken in turn. */
  readonly pairs: readonly { readonly chosen: MinedSample; readonly rejected: MinedSample }[];
}

export function selectForTraining(
  samples: readonly MinedSample[],
  perTask: number,
  judged?: JudgeScore,
): TaskSelection {
  const chosen = distinct(samples.filter(isCleanWinner).sort(betterFirst(judged))).slice(0, perTask);
  if (chosen.length === 0) return { chosen, pairs: [] };
  const chosenTexts = new Set(chosen.map((sample) => sample.completion));
  const losers = distinct(
    samples.filter((sample) => !isCleanWinner(sample) && !chosenTexts.has(sample.completion)),
  );
  const pairs = losers
    .slice(0, perTask)
    .map((rejected, index) => ({ chosen: chosen[index % chosen.length], rejected }));
  return { chosen, pairs };
}

/**
 * Samples needed for at least one winner with probability 1 − δ when each succeeds with
 * probability p (Troopers' eq. 4: K ≥ ln δ / ln(1 − p)); undefined when p is 0 (no K suffices).
 */
export function samplesNeeded(p: number, delta: number): number | undefined {
  if (!(delta > 0 && delta < 1)) throw new RangeError(`δ must be between 0 and 1, got ${delta}`);
  if (p <= 0) return undefined;
  if (p >= 1) return 1;
  return Math.max(1, Math.ceil(Math.log(delta) / Math.log(1 - p) - 1e-9));
}
