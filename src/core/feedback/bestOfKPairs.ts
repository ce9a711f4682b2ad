/**
 * Preference pairs that need no person: among K answers to one prompt, the first that passes every
 * test with a clean language check is *chosen*, and each answer that fails a test or mixes scripts
 * is *rejected* against it. No verified answer, no pairs (a pair of two bad answers teaches nothing).
 * Repair's pairs likewise: the repaired, verified answer against the one it fixed.
 */
import type { Candidate } from '../tutor/bestOfK';
import { isVerified } from './export';
import type { JudgedAnswer } from './record';

export function judged(candidate: Candidate): JudgedAnswer {
  const tests = candidate.run && {
    passed: candidate.run.tests.filter((test) => test.status === 'passed').length,
    total: candidate.run.tests.length,
  };
  return {
    text: candidate.text,
    language: { problems: candidate.problems, mixScore: candidate.mixScore },
    ...(tests && { tests }),
  };
}

export function bestOfKPairs(
  candidates: readonly Candidate[],
): { chosen: JudgedAnswer; rejected: JudgedAnswer }[] {
  const answers = candidates.map(judged);
  const chosen = answers.find(isVerified);
  if (!chosen) return [];
  return answers
    .filter((answer) => answer !== chosen && !isVerified(answer) && answer.text !== chosen.text)
    .map((rejected) => ({ chosen, rejected }));
}

/**
 * Test-driven repair's pair: a repaired answer that passes every test with a clean language check,
 * chosen against the failing answer it started from. Anything less is no pair.
 */
export function repairPair(
  first: Candidate,
  repaired: Candidate,
): { chosen: JudgedAnswer; rejected: JudgedAnswer } | undefined {
  const [rejected, chosen] = [judged(first), judged(repaired)];
  return isVerified(chosen) && !isVerified(rejected) ? { chosen, rejected } : undefined;
}
