/**
 * The LLM-judge rubric of the Burmese-Coder-4B paper: fluency, instruction following, semantic
 * correctness and terminology (0–4 each) and a mix penalty (0–4); Rubric = mean of the four − mix
 * penalty. The judge must answer with a JSON object holding exactly these five integer fields; any
 * other answer is invalid (counted, and asked again).
 */
import type { AnswerLanguage } from '../languages';
import type { ChatMessage } from '../model/types';

export const DIMENSIONS = [
  'fluency',
  'instruction_following',
  'semantic_correctness',
  'terminology',
] as const;
export const SCORE_FIELDS = [...DIMENSIONS, 'mix_penalty'] as const;
export type ScoreField = (typeof SCORE_FIELDS)[number];
export type RubricScores = Readonly<Record<ScoreField, number>>;

/** The answer language as the judge prompts (in English) name it. */
export const LANGUAGE_NAMES: Readonly<Record<AnswerLanguage, string>> = { my: 'Burmese', bn: 'Bangla' };

/** The messages that ask a judge to score one answer to one task. */
export function rubricMessages(task: string, answer: string, language: AnswerLanguage): ChatMessage[] {
  const name = LANGUAGE_NAMES[language];
  return [
    {
      role: 'system',
      content:
        `You grade answers to programming questions asked in ${name}. The answer should explain in ${name} ` +
        'and give correct Python code. Reply with one JSON object and nothing else.',
    },
    {
      role: 'user',
      content: [
        `Task:\n${task}`,
        `Answer to grade:\n${answer}`,
        'Score each from 0 (worst) to 4 (best), as integers:',
        `- fluency: is the ${name} natural, grammatical and easy to read?`,
        '- instruction_following: does the answer do what the task asks, in the form it asks?',
        '- semantic_correctness: is the code and its explanation correct?',
        `- terminology: are programming terms right and used consistently in ${name}?`,
        `- mix_penalty: from 0 (all prose in ${name}, English only for code and technical terms) to 4 ` +
          '(prose drifting into other scripts or languages, e.g. Thai, Hindi, Chinese fragments).',
        'Reply exactly as {"fluency": n, "instruction_following": n, "semantic_correctness": n, ' +
          '"terminology": n, "mix_penalty": n}.',
      ].join('\n\n'),
    },
  ];
}

/** A judge's whole reply as one JSON object (whitespace around it allowed, nothing else), or why not. */
export function replyObject(reply: string): { object: Record<string, unknown> } | { invalid: string } {
  let value: unknown;
  const text = reply.trim();
  try {
    value = JSON.parse(text);
  } catch {
    // The rule stays strict (a judge that wraps its answer may wrap anything), but says why.
    if (/^```/.test(text))
      return { invalid: 'the JSON is inside a ``` code fence; the reply must be the JSON object alone' };
    const start = text.indexOf('{');
    if (start > 0)
      return { invalid: `text before the JSON object ("${text.slice(0, Math.min(start, 30))}…")` };
    return { invalid: `not JSON ("${text.slice(0, 40)}${text.length > 40 ? '…' : ''}")` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { invalid: 'not a JSON object' };
  return { object: value as Record<string, unknown> };
}

/** The scores in a judge's reply, or why the reply is invalid. */
export function parseScores(reply: string): RubricScores | { invalid: string } {
  const parsed = replyObject(reply);
  if ('invalid' in parsed) return parsed;
  const record = parsed.object;
  const extra = Object.keys(record).filter((key) => !(SCORE_FIELDS as readonly string[]).includes(key));
  const missing = SCORE_FIELDS.filter((field) => !(field in record));
  if (extra.length || missing.length)
    return {
      invalid: [
        extra.length
          ? `extra key${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')}`
          : '',
        missing.length ? `missing ${missing.map((k) => `"${k}"`).join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    };
  for (const field of SCORE_FIELDS) {
    const score = record[field];
    if (!Number.isInteger(score) || (score as number) < 0 || (score as number) > 4)
      return { invalid: `${field} is ${JSON.stringify(score)}, not an integer from 0 to 4` };
  }
  return record as RubricScores;
}

/** Rubric = mean of the four dimensions − mix penalty (from −4 to 4). */
export function rubricOf(scores: RubricScores): number {
  return (
    DIMENSIONS.reduce((sum, dimension) => sum + scores[dimension], 0) / DIMENSIONS.length - scores.mix_penalty
  );
}
