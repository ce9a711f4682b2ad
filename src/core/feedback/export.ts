/**
 * Training data from feedback, in the formats trainers read:
 *   trl       TRL DPO, standard:        {prompt, chosen, rejected} as strings
 *   trl-conv  TRL DPO, conversational:  {prompt: [messages], chosen: [assistant], rejected: [assistant]}
 *   axolotl   axolotl chat_template DPO: {messages, chosen: {role, content}, rejected: {role, content}}
 *   kto       TRL KTO, unpaired:        {prompt, completion, label}
 *   sft       chat SFT:                 {messages} — only answers whose tests all passed and whose
 *             language check found nothing (verified outputs only, as in self-improvement loops)
 * Pairs come from pair records; KTO also takes ratings (👍 true, 👎 false). Nothing else leaves:
 * no ids, model names, times or notes.
 */
import type { FeedbackRecord, JudgedAnswer, PairRecord } from './record';

export const EXPORT_FORMATS = ['trl', 'trl-conv', 'axolotl', 'kto', 'sft'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

type Message = { role: 'system' | 'user' | 'assistant'; content: string };

/** The question as a trainer sees it: its system prompt when there was one, and the user's text. */
export type TrainingPrompt = Pick<FeedbackRecord, 'prompt' | 'system'>;

function promptMessages(record: TrainingPrompt): Message[] {
  const user: Message = { role: 'user', content: record.prompt };
  return record.system ? [{ role: 'system', content: record.system }, user] : [user];
}

const assistant = (answer: Pick<JudgedAnswer, 'text'>): Message => ({
  role: 'assistant',
  content: answer.text,
});

/** A supervised example in the chat format TRL's SFTTrainer and axolotl's chat_template read. */
export function sftRow(prompt: TrainingPrompt, answer: Pick<JudgedAnswer, 'text'>): { messages: Message[] } {
  return { messages: [...promptMessages(prompt), assistant(answer)] };
}

/** Passed every test it had (at least one) and the language check found no problem. */
export function isVerified(answer: JudgedAnswer): boolean {
  return (
    answer.tests !== undefined &&
    answer.tests.total > 0 &&
    answer.tests.passed === answer.tests.total &&
    answer.language !== undefined &&
    answer.language.problems === 0
  );
}

export const PAIR_FORMATS = ['trl', 'trl-conv', 'axolotl'] as const;
export type PairFormat = (typeof PAIR_FORMATS)[number];

/** A preference pair in one of the trainers' formats. */
export function pairRow(
  format: PairFormat,
  pair: TrainingPrompt & { chosen: Pick<JudgedAnswer, 'text'>; rejected: Pick<JudgedAnswer, 'text'> },
): object {
  if (format === 'trl')
    return { prompt: pair.prompt, chosen: pair.chosen.text, rejected: pair.rejected.text };
  if (format === 'trl-conv')
    return {
      prompt: promptMessages(pair),
      chosen: [assistant(pair.chosen)],
      rejected: [assistant(pair.rejected)],
    };
  return {
    messages: promptMessages(pair),
    chosen: assistant(pair.chosen),
    rejected: assistant(pair.rejected),
  };
}

/**
 * One record per answer judged: a student who rates the same answer twice (or changes 👍 to 👎)
 * counts once, with the last rating; the same pair saved twice is one pair. Order: where each first
 * appeared.
 */
export function latestRecords(records: readonly FeedbackRecord[]): FeedbackRecord[] {
  const byKey = new Map<string, FeedbackRecord>();
  // A later record replaces an earlier one with the same key, in the earlier one's place.
  for (const record of records)
    byKey.set(
      record.kind === 'rating'
        ? JSON.stringify(['rating', record.prompt, record.system ?? '', record.answer.text])
        : JSON.stringify([
            'pair',
            record.prompt,
            record.system ?? '',
            record.chosen.text,
            record.rejected.text,
          ]),
      record,
    );
  return [...byKey.values()];
}

/** The rows of an export, one object per line of the output JSONL. */
export function exportRows(all: readonly FeedbackRecord[], format: ExportFormat): object[] {
  const records = latestRecords(all);
  const pairs = records.filter((record): record is PairRecord => record.kind === 'pair');
  switch (format) {
    case 'trl':
    case 'trl-conv':
    case 'axolotl':
      return pairs.map((pair) => pairRow(format, pair));
    case 'kto':
      return records.flatMap((record) =>
        record.kind === 'rating'
          ? [{ prompt: record.prompt, completion: record.answer.text, label: record.rating === 'up' }]
          : [
              { prompt: record.prompt, completion: record.chosen.text, label: true },
              { prompt: record.prompt, completion: record.rejected.text, label: false },
            ],
      );
    case 'sft': {
      const verified = records.flatMap((record) => {
        const answer =
          record.kind === 'rating' ? (record.rating === 'up' ? record.answer : undefined) : record.chosen;
        return answer && isVerified(answer) ? [sftRow(record, answer)] : [];
      });
      // One example per prompt and answer: the same verified answer flagged twice is not worth twice.
      const seen = new Set<string>();
      return verified.filter((row) => {
        const key = JSON.stringify(row.messages);
        return !seen.has(key) && seen.add(key);
      });
    }
  }
}

export function exportJsonl(records: readonly FeedbackRecord[], format: ExportFormat): string {
  return exportRows(records, format)
    .map((row) => `${JSON.stringify(row)}\n`)
    .join('');
}
