/**
 * One number for how mixed an answer or document is, and its estimate on the 0–4 "mix penalty"
 * scale of the Burmese-Coder-4B LLM-judge rubric (0 = clean … 4 = unusable). The score is the worst
 * of three signals, each saturating at 1:
 *
 *   prose   = min(1, 5 × (foreign tokens + mixed words) / prose tokens)   (20% drift saturates)
 *   code    = 0 without corruption; else min(1, 0.25 + 0.125 × (corruptions − 1))
 *   zawgyi  = 0.75 when any line is Zawgyi (unreadable with Unicode fonts)
 *
 * Penalty bands: score < 0.05 → 0; < 0.25 → 1; < 0.5 → 2; < 0.75 → 3; otherwise 4. So one foreign
 * word in a hundred is a 1, one in twenty a 2, one in ten a 3; one native digit in code a 2, four a
 * 3; Zawgyi a 4. English technical words (latin-in-prose) do not count: the rubric allows them.
 */
export interface MixInputs {
  readonly proseTokens: number;
  readonly foreignTokens: number;
  readonly mixedTokens: number;
  readonly codeCorruptions: number;
  readonly zawgyiLines: number;
}

export interface MixScore {
  readonly mixScore: number;
  readonly mixPenalty: 0 | 1 | 2 | 3 | 4;
}

const PENALTY_BANDS = [0.05, 0.25, 0.5, 0.75] as const;

export function mixScoreOf(inputs: MixInputs): MixScore {
  const prose = inputs.proseTokens
    ? Math.min(1, (5 * (inputs.foreignTokens + inputs.mixedTokens)) / inputs.proseTokens)
    : 0;
  const code = inputs.codeCorruptions ? Math.min(1, 0.25 + 0.125 * (inputs.codeCorruptions - 1)) : 0;
  const zawgyi = inputs.zawgyiLines ? 0.75 : 0;
  const mixScore = Math.max(prose, code, zawgyi);
  return { mixScore, mixPenalty: mixPenaltyOf(mixScore) };
}

export function mixPenaltyOf(score: number): 0 | 1 | 2 | 3 | 4 {
  const band = PENALTY_BANDS.findIndex((limit) => score < limit);
  return (band < 0 ? 4 : band) as 0 | 1 | 2 | 3 | 4;
}
