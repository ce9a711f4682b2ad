/**
 * Round-trip correctness for code without tests: the model writes the code again from its own
 * detailed description (asked as a student's question, the tutor's way), and the program it gives
 * is compared with the original — whether it parses, and chrF++ (sacreBLEU's defaults, the metric
 * `eval --metrics chrf` uses). A test-free signal of how well a model reads and writes a teacher's
 * code; where the code is a task's solution (`describe --tasks`), the task's tests say more.
 */
import type { AnswerLanguage } from '../languages';
import type { ChatMessage } from '../model/types';
import { extractCode } from '../sandbox/extract';
import { chrfStatistics, corpusChrf, chrfScore } from '../stats/chrf';
import { prepareQuestion, questionMessages } from '../tutor/prompt';
import type { CodeTools } from './codeTools';

export interface RoundTripRow {
  readonly file: string;
  readonly function: string | null;
  readonly code_sha256: string;
  /** The program the model wrote from the description. */
  readonly code: string;
  readonly parses: boolean;
  /** chrF++ of that program against the original, 0 to 100. */
  readonly chrf: number;
  /** `describe --tasks`: whether the task's tests pass with it in the original's place. */
  readonly tests_passed?: boolean;
}

export function roundTripMessages(description: string, language: AnswerLanguage): ChatMessage[] {
  return questionMessages(prepareQuestion(description, language));
}

export async function roundTrip(
  original: string,
  answer: string,
  tools: CodeTools,
): Promise<Pick<RoundTripRow, 'code' | 'parses' | 'chrf'>> {
  const code = extractCode(answer);
  const parses =
    code.trim() !== '' && (await tools.check(code, code).catch(() => ({ parses: false }))).parses;
  return { code, parses, chrf: chrfScore(chrfStatistics(code, original)) };
}

/** Over a run: how many parse, the corpus chrF++ and the mean of the functions'. */
export function roundTripSummary(
  rows: readonly RoundTripRow[],
  originals: ReadonlyMap<string, string>,
  keyOf: (row: RoundTripRow) => string,
): { functions: number; parses: number; corpusChrf: number; meanChrf: number } {
  const pairs = rows.flatMap((row): Array<[string, string]> => {
    const original = originals.get(keyOf(row));
    return original === undefined ? [] : [[row.code, original]];
  });
  return {
    functions: rows.length,
    parses: rows.filter((row) => row.parses).length,
    corpusChrf: pairs.length ? corpusChrf(pairs) : NaN,
    meanChrf: rows.length ? rows.reduce((sum, row) => sum + row.chrf, 0) / rows.length : NaN,
  };
}
