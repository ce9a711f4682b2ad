/**
 * Best-of-K: K answers to one question, each answer's code run against the tests in the sandbox
 * and its prose checked for mixed scripts. The first passing answer wins; when none passes, the
 * one that passes most tests, then the cleaner language.
 */
import { passAtK } from '../eval/passAtK';
import type { AnswerLanguage } from '../languages';
import { extractCode } from '../sandbox/extract';
import { runOnPool } from '../sandbox/pool';
import { checkAnswer } from './check';
import type { RunResult, Sandbox } from '../sandbox/types';

export interface Candidate {
  readonly text: string;
  /** 0 (clean) to 1, from the mixed-script analysis. */
  readonly mixScore: number;
  readonly mixPenalty: number;
  /** Errors and warnings of the language check. */
  readonly problems: number;
  /** Present when tests were given. */
  readonly run?: RunResult;
}

export interface TestsToRun {
  readonly tests: string;
  readonly entryPoint?: string;
  readonly timeoutMs: number;
  /** One worker per sandbox. */
  readonly sandboxes: readonly Sandbox[];
}

export async function scoreCandidates(
  texts: readonly string[],
  language: AnswerLanguage,
  tests?: TestsToRun,
): Promise<Candidate[]> {
  const runs: (RunResult | undefined)[] = new Array<RunResult | undefined>(texts.length);
  if (tests) {
    await runOnPool(texts.length, tests.sandboxes, async (index, sandbox) => {
      runs[index] = await sandbox.run({
        solution: extractCode(texts[index]),
        tests: tests.tests,
        ...(tests.entryPoint && { entryPoint: tests.entryPoint }),
        limits: { timeoutMs: tests.timeoutMs },
      });
    });
  }
  return texts.map((text, index) => candidate(text, language, runs[index]));
}

/** One answer as a candidate: its language check and, when its tests ran, the run. */
export function candidate(text: string, language: AnswerLanguage, run?: RunResult): Candidate {
  const { mixScore, mixPenalty, problems } = checkAnswer(text, language, 'en');
  return { text, mixScore, mixPenalty, problems, ...(run && { run }) };
}

const passedTests = (candidate: Candidate) =>
  candidate.run?.tests.filter((test) => test.status === 'passed').length ?? 0;

/** Index of the answer to show. */
export function chooseBest(candidates: readonly Candidate[]): number {
  const passing = candidates.findIndex((candidate) => candidate.run?.passed);
  if (passing >= 0) return passing;
  let best = 0;
  for (let i = 1; i < candidates.length; i++) {
    const [a, b] = [candidates[i], candidates[best]];
    const byTests = passedTests(a) - passedTests(b);
    if (byTests > 0 || (byTests === 0 && a.mixScore < b.mixScore)) best = i;
  }
  return best;
}

/** pass@k for k = 1 and K over these candidates (unbiased estimator), when tests ran. */
export function candidatePassAtK(candidates: readonly Candidate[]): Record<string, number> | undefined {
  if (!candidates.every((candidate) => candidate.run)) return undefined;
  const n = candidates.length;
  const c = candidates.filter((candidate) => candidate.run?.passed).length;
  return Object.fromEntries([...new Set([1, n])].map((k) => [`pass@${k}`, passAtK(n, c, k)]));
}
