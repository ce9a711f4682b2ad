/**
 * `akkhara describe`'s training data: each kept description becomes an instruction whose answer is
 * the original code, uncommented (the paper's Stage 1 SFT), in the chat format `mine` writes, with
 * the tutor's system prompt for the language. Rows are keyed by the code's hash, so a description
 * of code edited since is never paired with the new code.
 */
import { createHash } from 'node:crypto';
import { sftRow } from '../feedback/export';
import type { AnswerLanguage } from '../languages';
import { SYSTEM_PROMPTS } from '../tutor/prompt';
import type { DescribeTarget, Granularity } from './describe';

/** The granularities that are instructions; line comments are not. */
const INSTRUCTIONS: readonly Granularity[] = ['short', 'detailed', 'sections'];

export function codeHash(code: string): string {
  return createHash('sha256').update(code).digest('hex').slice(0, 16);
}

/** Which target a row describes: its file, function and code. */
export function targetKey(file: string, name: string | null, hash: string): string {
  return JSON.stringify([file, name, hash]);
}

export function sftRows(
  rows: readonly Record<string, unknown>[],
  targets: readonly DescribeTarget[],
): { rows: object[]; stale: number } {
  const code = new Map(
    targets.map((target) => [targetKey(target.file, target.name, codeHash(target.code)), target.code]),
  );
  const sft: object[] = [];
  let stale = 0;
  for (const row of rows) {
    if (typeof row.text !== 'string' || !INSTRUCTIONS.includes(row.granularity as Granularity)) continue;
    const original = code.get(
      targetKey(row.file as string, row.function as string | null, row.code_sha256 as string),
    );
    if (original === undefined) {
      stale++;
      continue;
    }
    sft.push(
      sftRow(
        { prompt: row.text, system: SYSTEM_PROMPTS[row.language as AnswerLanguage] },
        { text: `\`\`\`python\n${original.replace(/\n*$/, '\n')}\`\`\`` },
      ),
    );
  }
  return { rows: sft, stale };
}
