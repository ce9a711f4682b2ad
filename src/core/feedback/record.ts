/**
 * What contributors' feedback is made of: a rating of one answer (👍/👎 with reasons), or a pair —
 * a chosen and a rejected answer to the same prompt (an edited answer against the original, the
 * pick of two shown side by side, or best-of-K's passing, clean answer against a failing or mixed
 * one). Records hold no file paths or user names: the model is named by its label only.
 */
import type { AnswerLanguage } from '../languages';

export const FEEDBACK_SCHEMA = 1;

export const FEEDBACK_REASONS = [
  'mixed-script',
  'wrong-code',
  'unnatural-language',
  'wrong-terminology',
  'other',
] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];

/** One answer as it was judged: its text, and what the tests and the language check said. */
export interface JudgedAnswer {
  readonly text: string;
  /** Undefined when its tests never ran. */
  readonly tests?: { readonly passed: number; readonly total: number };
  /** The language check: error and warning findings (count, and which), and the mix score (0 clean … 1). */
  readonly language?: {
    readonly problems: number;
    readonly mixScore: number;
    readonly findings?: readonly { readonly code: string; readonly text: string }[];
  };
}

interface RecordBase {
  readonly schema: typeof FEEDBACK_SCHEMA;
  /** Unique; what `delete` names. */
  readonly id: string;
  /** ISO 8601. */
  readonly createdAt: string;
  /** The model's label (a server's model name, a GGUF file's name), never a path. */
  readonly model: string;
  readonly language: AnswerLanguage;
  /** The question as the model received it. */
  readonly prompt: string;
  /** The system prompt it was asked with, for conversational exports. */
  readonly system?: string;
  /** How the model was asked (source, temperature, seed…): names and values only, never paths. */
  readonly settings?: Readonly<Record<string, string | number | boolean>>;
}

export interface RatingRecord extends RecordBase {
  readonly kind: 'rating';
  readonly rating: 'up' | 'down';
  readonly reasons: readonly FeedbackReason[];
  readonly note?: string;
  readonly answer: JudgedAnswer;
}

export interface PairRecord extends RecordBase {
  readonly kind: 'pair';
  readonly source: 'edit' | 'compare' | 'best-of-k' | 'repair';
  readonly chosen: JudgedAnswer;
  readonly rejected: JudgedAnswer;
  /** For "compare": whether the chosen answer was shown first (people and judges favour positions). */
  readonly chosenShownFirst?: boolean;
}

/** Deletes an earlier record: the store is append-only, so deleting is a record too. */
export interface DeleteRecord {
  readonly schema: typeof FEEDBACK_SCHEMA;
  readonly kind: 'delete';
  readonly id: string;
  readonly target: string;
  readonly createdAt: string;
}

export type FeedbackRecord = RatingRecord | PairRecord;
export type StoredRecord = FeedbackRecord | DeleteRecord;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isJudgedAnswer(value: unknown): value is JudgedAnswer {
  if (!isObject(value) || typeof value.text !== 'string') return false;
  const { tests, language } = value;
  if (
    tests !== undefined &&
    !(isObject(tests) && Number.isInteger(tests.passed) && Number.isInteger(tests.total))
  )
    return false;
  return (
    language === undefined ||
    (isObject(language) && Number.isInteger(language.problems) && typeof language.mixScore === 'number')
  );
}

/** A stored line's record, or undefined when it is not one this version understands. */
export function parseStoredRecord(value: unknown): StoredRecord | undefined {
  if (!isObject(value) || value.schema !== FEEDBACK_SCHEMA || typeof value.id !== 'string') return undefined;
  if (typeof value.createdAt !== 'string') return undefined;
  if (value.kind === 'delete')
    return typeof value.target === 'string' ? (value as unknown as DeleteRecord) : undefined;
  const base =
    typeof value.model === 'string' &&
    (value.language === 'my' || value.language === 'bn') &&
    typeof value.prompt === 'string' &&
    (value.system === undefined || typeof value.system === 'string') &&
    (value.settings === undefined ||
      (isObject(value.settings) &&
        Object.values(value.settings).every((v) => ['string', 'number', 'boolean'].includes(typeof v))));
  if (!base) return undefined;
  if (value.kind === 'rating') {
    const ok =
      (value.rating === 'up' || value.rating === 'down') &&
      Array.isArray(value.reasons) &&
      value.reasons.every((r) => (FEEDBACK_REASONS as readonly unknown[]).includes(r)) &&
      isJudgedAnswer(value.answer);
    return ok ? (value as unknown as RatingRecord) : undefined;
  }
  if (value.kind === 'pair') {
    const ok =
      ['edit', 'compare', 'best-of-k', 'repair'].includes(value.source as string) &&
      isJudgedAnswer(value.chosen) &&
      isJudgedAnswer(value.rejected);
    return ok ? (value as unknown as PairRecord) : undefined;
  }
  return undefined;
}
