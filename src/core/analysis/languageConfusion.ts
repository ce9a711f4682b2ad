/**
 * Language confusion as the field measures it (Marchisio et al. 2024, the Language Confusion
 * Benchmark): a response passes at line level when every line of it is in the target language, and
 * at word level when none of its words is in another language. Rates over responses: LPR (line-level
 * pass rate), WPR (word-level pass rate, over the responses that pass at line level, so the two
 * measure different things) and LCPR, their harmonic mean.
 *
 * Adapted to Burmese and Bangla answers about code, and decided here:
 * - Code is not language: fenced blocks, inline code and URLs are removed first.
 * - A line's language is its letters' script (not a language-ID model): it is in the target
 *   language when at least half of its letters are in the target's script.
 * - Short lines are not judged, as LCB skips lines of fewer than 5 space-separated tokens. Burmese
 *   puts spaces between phrases, not words, so a line is judged when it has 5 such tokens or
 *   MIN_LETTERS letters, whichever comes first; "1.", "- `x`" or a lone "OK" are never judged.
 * - Words are runs of letters (Burmese has no spaces to split on). A word is foreign when it holds
 *   a letter of another script than Latin or the target's (a Thai fragment inside Burmese), or when
 *   it is an English word as LCB counts them (lower-case Latin of more than 3 letters; LCB checks a
 *   dictionary, which needs no download here this way). So `function` in prose fails word level, as
 *   in LCB; Akkhara's mix score, which allows English technical terms, is the finer measure.
 * - A response with no judged line (only code) is left out of the rates and counted apart.
 */
import type { AnswerLanguage } from '../languages';
import { segmentMarkdown } from './markdown';

/** A line with fewer tokens than this, and fewer letters than MIN_LETTERS, is not judged. */
export const MIN_TOKENS = 5;
export const MIN_LETTERS = 12;

const TARGET_LETTER: Readonly<Record<AnswerLanguage, RegExp>> = {
  my: /\p{Script_Extensions=Myanmar}/u,
  bn: /\p{Script_Extensions=Bengali}/u,
};

export interface ConfusionCheck {
  /** Lines long enough to judge. */
  readonly judgedLines: number;
  readonly linesInTarget: number;
  /** Foreign words in the judged lines: of another script, or English as LCB counts them. */
  readonly foreignWords: number;
}

/** The prose of a Markdown text, code and URLs blanked out, its lines where they were. */
function proseOnly(text: string): string {
  let prose = '';
  for (const segment of segmentMarkdown(text)) {
    const piece = text.slice(segment.start, segment.end);
    prose += segment.kind === 'prose' ? piece : piece.replace(/[^\n]/g, ' ');
  }
  return prose.replace(/\bhttps?:\/\/\S+/g, ' ');
}

export function languageConfusion(text: string, target: AnswerLanguage): ConfusionCheck {
  const isTarget = TARGET_LETTER[target];
  let judgedLines = 0;
  let linesInTarget = 0;
  let foreignWords = 0;
  for (const line of proseOnly(text).split('\n')) {
    let letters = 0;
    let targetLetters = 0;
    let lineForeignWords = 0;
    // Marks belong to the letter before them (Burmese vowels and medials are marks).
    for (const word of line.match(/\p{L}[\p{L}\p{M}]*/gu) ?? []) {
      let otherScript = false;
      let latin = 0;
      for (const char of word) {
        const letter = /\p{L}/u.test(char);
        if (letter) letters++;
        if (isTarget.test(char)) targetLetters += letter ? 1 : 0;
        else if (/\p{Script=Latin}/u.test(char)) latin++;
        // A mark of another script (a Thai vowel sign on a Burmese letter) is foreign too; shared
        // combining marks are not.
        else if (!/[\p{Script=Inherited}\p{Script=Common}]/u.test(char)) otherScript = true;
      }
      if (otherScript || (latin > 3 && /^\p{Ll}+$/u.test(word))) lineForeignWords++;
    }
    const tokens = line.split(/\s+/).filter(Boolean).length;
    if (tokens < MIN_TOKENS && letters < MIN_LETTERS) continue;
    foreignWords += lineForeignWords;
    judgedLines++;
    if (targetLetters * 2 >= letters) linesInTarget++;
  }
  return { judgedLines, linesInTarget, foreignWords };
}

export const passesLineLevel = (check: ConfusionCheck): boolean => check.linesInTarget === check.judgedLines;

export const passesWordLevel = (check: ConfusionCheck): boolean =>
  passesLineLevel(check) && check.foreignWords === 0;

export interface ConfusionRates {
  /** Responses with at least one judged line. */
  readonly responses: number;
  /** Responses with none (code only): not in the rates. */
  readonly withoutProse: number;
  /** Line-level pass rate. */
  readonly lpr: number;
  /** Word-level pass rate, over the responses that pass at line level. */
  readonly wpr: number;
  /** Harmonic mean of LPR and WPR. */
  readonly lcpr: number;
}

/** A response's two verdicts; undefined for a response with no judged line. */
export interface ConfusionVerdict {
  readonly line: boolean;
  readonly word: boolean;
}

export function confusionVerdict(check: ConfusionCheck): ConfusionVerdict | undefined {
  return check.judgedLines ? { line: passesLineLevel(check), word: passesWordLevel(check) } : undefined;
}

/** The rates over responses, as LCB's compute_metrics counts them. */
export function confusionRates(verdicts: readonly (ConfusionVerdict | undefined)[]): ConfusionRates {
  const judged = verdicts.filter((verdict): verdict is ConfusionVerdict => verdict !== undefined);
  const linePassing = judged.filter((verdict) => verdict.line);
  const lpr = judged.length ? linePassing.length / judged.length : 0;
  const wpr = linePassing.length
    ? linePassing.filter((verdict) => verdict.word).length / linePassing.length
    : 0;
  return {
    responses: judged.length,
    withoutProse: verdicts.length - judged.length,
    lpr,
    wpr,
    lcpr: lpr + wpr ? (2 * lpr * wpr) / (lpr + wpr) : 0,
  };
}

/** "LPR 92.0%, WPR 40.0%, LCPR 55.8% over 25 answers (3 only code)". */
export function confusionSummary(rates: ConfusionRates, noun = 'answers'): string {
  const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
  return (
    `LPR ${percent(rates.lpr)}, WPR ${percent(rates.wpr)}, LCPR ${percent(rates.lcpr)} over ${rates.responses} ${noun}` +
    (rates.withoutProse ? ` (${rates.withoutProse} without prose left out)` : '')
  );
}
