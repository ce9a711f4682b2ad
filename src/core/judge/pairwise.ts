/**
 * Pairwise judging: which of two answers to one task is better, asked in both orders — judges, like
 * people, favour a position — so a verdict that flips with the order is seen as what it is.
 */
import type { AnswerLanguage } from '../languages';
import { complete, ModelError, type ChatMessage, type ModelProvider } from '../model/types';
import { LANGUAGE_NAMES, replyObject, type RubricDimension } from './rubric';

export function pairwiseMessages(
  task: string,
  first: string,
  second: string,
  language: AnswerLanguage,
  dimension?: RubricDimension,
): ChatMessage[] {
  const name = LANGUAGE_NAMES[language];
  const question = dimension
    ? `Which answer is better on this one criterion only — ${dimension.key}: ${dimension.question.replaceAll('{language}', name)}`
    : 'Which answer is better?';
  return [
    {
      role: 'system',
      content:
        `You compare two answers to a programming question asked in ${name}. The better answer explains in ` +
        `natural ${name} without fragments of other scripts and gives correct Python code. Reply with one JSON object and nothing else.`,
    },
    {
      role: 'user',
      content: [
        `Task:\n${task}`,
        `Answer 1:\n${first}`,
        `Answer 2:\n${second}`,
        `${question} Reply exactly as {"better": 1} or {"better": 2}.`,
      ].join('\n\n'),
    },
  ];
}

/** 1 or 2, or why the reply is invalid. */
export function parseChoice(reply: string): 1 | 2 | { invalid: string } {
  const parsed = replyObject(reply);
  if ('invalid' in parsed) return parsed;
  const keys = Object.keys(parsed.object);
  const better = parsed.object.better;
  if (keys.length !== 1 || (better !== 1 && better !== 2)) return { invalid: `not {"better": 1 or 2}` };
  return better;
}

export interface PairVerdict {
  /** The better answer with A shown first, and with B shown first; undefined when no valid reply came. */
  readonly aFirst?: 'A' | 'B';
  readonly bFirst?: 'A' | 'B';
  readonly invalid: number;
  /** Why the judge itself could not be asked (the server failed), when it could not. */
  readonly error?: string;
}

async function choose(
  judge: ModelProvider,
  messages: ChatMessage[],
  attempts: number,
  signal?: AbortSignal,
): Promise<{ choice?: 1 | 2; invalid: number; error?: string }> {
  let invalid = 0;
  for (let attempt = 0; attempt < attempts; attempt++) {
    let texts: string[];
    try {
      ({ texts } = await complete(judge, { messages, temperature: 0, maxTokens: 20 }, signal));
    } catch (failure) {
      if (!(failure instanceof ModelError)) throw failure;
      return { invalid, error: `the judge failed (${failure.kind}): ${failure.message}` };
    }
    const parsed = parseChoice(texts[0]);
    if (typeof parsed === 'number') return { choice: parsed, invalid };
    invalid++;
  }
  return { invalid };
}

export async function judgePair(
  judge: ModelProvider,
  task: string,
  a: string,
  b: string,
  language: AnswerLanguage,
  attempts = 3,
  signal?: AbortSignal,
  dimension?: RubricDimension,
): Promise<PairVerdict> {
  // Both orders at once: neither sees the other's verdict.
  const [first, second] = await Promise.all([
    choose(judge, pairwiseMessages(task, a, b, language, dimension), attempts, signal),
    choose(judge, pairwiseMessages(task, b, a, language, dimension), attempts, signal),
  ]);
  const error = first.error ?? second.error;
  return {
    ...(first.choice && { aFirst: first.choice === 1 ? ('A' as const) : ('B' as const) }),
    ...(second.choice && { bFirst: second.choice === 1 ? ('B' as const) : ('A' as const) }),
    invalid: first.invalid + second.invalid,
    ...(error !== undefined && { error }),
  };
}

export interface PairSummary {
  readonly pairs: number;
  /** Both orders agree. */
  readonly aWins: number;
  readonly bWins: number;
  /** The verdict followed the position, not the answer. */
  readonly flips: number;
  readonly flipRate: number;
  /** Pairs without a valid verdict in one order or both. */
  readonly undecided: number;
  readonly invalidReplies: number;
}

export function summarizePairs(verdicts: readonly PairVerdict[]): PairSummary {
  const decided = verdicts.filter((v) => v.aFirst && v.bFirst);
  const flips = decided.filter((v) => v.aFirst !== v.bFirst).length;
  return {
    pairs: verdicts.length,
    aWins: decided.filter((v) => v.aFirst === 'A' && v.bFirst === 'A').length,
    bWins: decided.filter((v) => v.aFirst === 'B' && v.bFirst === 'B').length,
    flips,
    flipRate: decided.length ? flips / decided.length : NaN,
    undecided: verdicts.length - decided.length,
    invalidReplies: verdicts.reduce((n, v) => n + v.invalid, 0),
  };
}
