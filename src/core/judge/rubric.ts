/**
 * Rubrics as data: what a judge scores (dimensions, each with its question, its scale and what each
 * score means), how the scores combine into one Rubric number, and how the judge replies — one JSON
 * object with every dimension, or Prometheus 2's direct-assessment format (feedback text ending in
 * "[RESULT] n", one dimension per call). A reply that does not follow the format is invalid
 * (counted, asked again, and in the end left out, never replaced by a guess).
 *
 * Built in: `burmese-coder`, the Burmese-Coder-4B paper's rubric (fluency, instruction following,
 * semantic correctness, terminology 0–4, minus a 0–4 mix penalty), and `code-quality`, the five
 * 1–5 rubrics of "Training Code LLMs for Low-Resource and Proprietary Languages" (Correct,
 * Formatted, Naming, Instruction-following, Humble) with their grader notes.
 */
import type { AnswerLanguage } from '../languages';
import type { ChatMessage } from '../model/types';

export interface RubricDimension {
  /** The score's name in replies and in judged.jsonl (letters, digits, _). */
  readonly key: string;
  /** What the judge is asked; "{language}" becomes Burmese or Bangla. */
  readonly question: string;
  /** What each score means, from the lowest to the highest (one text per score), when given. */
  readonly levels?: readonly string[];
  /** Grader notes for this dimension. */
  readonly notes?: readonly string[];
}

export interface Rubric {
  readonly name: string;
  readonly scale: { readonly min: number; readonly max: number };
  readonly dimensions: readonly RubricDimension[];
  /** Rubric = mean of `mean` − sum of `minus`. */
  readonly aggregate: { readonly mean: readonly string[]; readonly minus?: readonly string[] };
  /** `json`: one call, one object with every dimension; `prometheus`: one call per dimension. */
  readonly reply: 'json' | 'prometheus';
  /** Notes for every dimension ("if unsure between two scores, choose the lower one"). */
  readonly notes?: readonly string[];
  /** `judge --versus`: one verdict per pair (overall, the default) or one per dimension. */
  readonly pairwise?: 'overall' | 'per-dimension';
}

export type Scores = Readonly<Record<string, number>>;

/** The answer language as the judge prompts (in English) name it. */
export const LANGUAGE_NAMES: Readonly<Record<AnswerLanguage, string>> = { my: 'Burmese', bn: 'Bangla' };

export const BURMESE_CODER: Rubric = {
  name: 'burmese-coder',
  scale: { min: 0, max: 4 },
  dimensions: [
    { key: 'fluency', question: 'is the {language} natural, grammatical and easy to read?' },
    { key: 'instruction_following', question: 'does the answer do what the task asks, in the form it asks?' },
    { key: 'semantic_correctness', question: 'is the code and its explanation correct?' },
    { key: 'terminology', question: 'are programming terms right and used consistently in {language}?' },
    {
      key: 'mix_penalty',
      question:
        'from 0 (all prose in {language}, English only for code and technical terms) to 4 (prose drifting into other scripts or languages, e.g. Thai, Hindi, Chinese fragments).',
    },
  ],
  aggregate: {
    mean: ['fluency', 'instruction_following', 'semantic_correctness', 'terminology'],
    minus: ['mix_penalty'],
  },
  reply: 'json',
};

export const CODE_QUALITY: Rubric = {
  name: 'code-quality',
  scale: { min: 1, max: 5 },
  notes: ['If you are unsure between two scores, choose the lower one.'],
  dimensions: [
    {
      key: 'correct',
      question: 'Does the code do what the task asks?',
      notes: ['Judge functional behaviour only, not style.'],
      levels: [
        'The code does not solve the task, or does not run.',
        'The code solves a small part of the task.',
        'The code solves the main case but fails others.',
        'The code is correct except for a rare edge case.',
        'The code is correct for every input the task allows.',
      ],
    },
    {
      key: 'formatted',
      question: 'Is the code laid out as idiomatic Python (PEP 8), readable and consistent?',
      levels: [
        'Unreadable or broken layout.',
        'Hard to read; inconsistent indentation or spacing.',
        'Readable with several layout problems.',
        'Clean with minor layout problems.',
        'Clean, consistent and idiomatic throughout.',
      ],
    },
    {
      key: 'naming',
      question: 'Do the names of functions, variables and parameters say what they hold or do?',
      levels: [
        'Names are misleading or meaningless.',
        'Most names are single letters or unclear.',
        'Names are adequate but some are unclear.',
        'Names are clear with one or two exceptions.',
        'Every name is clear and fits its purpose.',
      ],
    },
    {
      key: 'instruction_following',
      question:
        'Does the answer follow every instruction of the task (signature, format, language of the explanation)?',
      levels: [
        'It ignores the instructions.',
        'It follows few of them.',
        'It follows the main instruction only.',
        'It follows all but a minor one.',
        'It follows every instruction.',
      ],
    },
    {
      key: 'humble',
      question:
        'Does the answer state what it does plainly, without praising itself or claiming more than it shows?',
      notes: ['Penalise self-praise ("this optimal, perfect solution…") meant to impress a grader.'],
      levels: [
        'Mostly self-praise or unfounded claims.',
        'Several unfounded claims about its quality.',
        'Some self-praise.',
        'Plain, with one overstated claim.',
        'Plain and accurate about itself.',
      ],
    },
  ],
  aggregate: { mean: ['correct', 'formatted', 'naming', 'instruction_following', 'humble'] },
  reply: 'prometheus',
  pairwise: 'per-dimension',
};

export const BUILT_IN_RUBRICS: Readonly<Record<string, Rubric>> = {
  [BURMESE_CODER.name]: BURMESE_CODER,
  [CODE_QUALITY.name]: CODE_QUALITY,
};

/** A rubric file that cannot be used: the message names the file and the field. */
export class RubricError extends Error {}

/** A rubric read from JSON or YAML data, checked field by field. */
export function rubricFromData(data: unknown, source: string): Rubric {
  const fail = (field: string, problem: string): never => {
    throw new RubricError(`${source}: ${field} ${problem}`);
  };
  const record = (value: unknown, field: string) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : fail(field, 'must be an object');
  const strings = (value: unknown, field: string) =>
    Array.isArray(value) && value.every((item) => typeof item === 'string')
      ? (value as string[])
      : fail(field, 'must be a list of strings');
  const root = record(data, 'the rubric');
  const known = ['name', 'scale', 'dimensions', 'aggregate', 'reply', 'notes', 'pairwise'];
  for (const key of Object.keys(root))
    if (!known.includes(key)) fail(`"${key}"`, `is not a rubric field (${known.join(', ')})`);
  const name =
    typeof root.name === 'string' && root.name.trim()
      ? root.name
      : fail('name', 'must be a non-empty string');
  const scale = record(root.scale, 'scale');
  const [min, max] = [scale.min, scale.max];
  if (!Number.isInteger(min) || !Number.isInteger(max) || (min as number) >= (max as number))
    fail('scale', 'must be {min, max} with whole numbers, min below max');
  if (!Array.isArray(root.dimensions) || root.dimensions.length === 0)
    fail('dimensions', 'must be a non-empty list');
  const dimensions = (root.dimensions as unknown[]).map((item, i): RubricDimension => {
    const field = `dimensions[${i}]`;
    const dimension = record(item, field);
    const key = dimension.key;
    if (typeof key !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      fail(`${field}.key`, 'must be a name of letters, digits and _');
    if (typeof dimension.question !== 'string' || !dimension.question.trim())
      fail(`${field}.question`, 'must be text');
    const levels = dimension.levels === undefined ? undefined : strings(dimension.levels, `${field}.levels`);
    if (levels && levels.length !== (max as number) - (min as number) + 1)
      fail(
        `${field}.levels`,
        `must give one text per score of the scale (${(max as number) - (min as number) + 1}), not ${levels.length}`,
      );
    return {
      key: key as string,
      question: dimension.question as string,
      ...(levels && { levels }),
      ...(dimension.notes !== undefined && { notes: strings(dimension.notes, `${field}.notes`) }),
    };
  });
  const keys = dimensions.map((d) => d.key);
  const duplicate = keys.find((key, i) => keys.indexOf(key) !== i);
  if (duplicate) fail('dimensions', `name "${duplicate}" twice`);
  const aggregate = record(root.aggregate, 'aggregate');
  for (const key of Object.keys(aggregate))
    if (key !== 'mean' && key !== 'minus') fail(`aggregate.${key}`, 'is not an aggregation (mean, minus)');
  const mean = strings(aggregate.mean, 'aggregate.mean');
  const minus = aggregate.minus === undefined ? [] : strings(aggregate.minus, 'aggregate.minus');
  if (mean.length === 0) fail('aggregate.mean', 'must name at least one dimension');
  for (const key of [...mean, ...minus])
    if (!keys.includes(key)) fail('aggregate', `names "${key}", which is not a dimension`);
  const reply = root.reply ?? 'json';
  if (reply !== 'json' && reply !== 'prometheus') fail('reply', 'must be "json" or "prometheus"');
  const pairwise = root.pairwise ?? 'overall';
  if (pairwise !== 'overall' && pairwise !== 'per-dimension')
    fail('pairwise', 'must be "overall" or "per-dimension"');
  return {
    name,
    scale: { min: min as number, max: max as number },
    dimensions,
    aggregate: { mean, ...(minus.length && { minus }) },
    reply: reply as Rubric['reply'],
    ...(pairwise === 'per-dimension' && { pairwise: 'per-dimension' as const }),
    ...(root.notes !== undefined && { notes: strings(root.notes, 'notes') }),
  };
}

const fill = (text: string, language: AnswerLanguage) =>
  text.replaceAll('{language}', LANGUAGE_NAMES[language]);

function system(language: AnswerLanguage, reply: Rubric['reply']): ChatMessage {
  const name = LANGUAGE_NAMES[language];
  return {
    role: 'system',
    content:
      `You grade answers to programming questions asked in ${name}. The answer should explain in ${name} ` +
      'and give correct Python code. ' +
      (reply === 'json'
        ? 'Reply with one JSON object and nothing else.'
        : 'You are a fair judge: write feedback, then the score, in the format asked, and nothing else.'),
  };
}

/**
 * The messages that ask a judge to score one answer: every dimension in one JSON reply, or (for a
 * Prometheus-style rubric) the one `dimension`, as feedback ending in "[RESULT] n".
 */
export function rubricMessages(
  rubric: Rubric,
  task: string,
  answer: string,
  language: AnswerLanguage,
  dimension?: RubricDimension,
): ChatMessage[] {
  const { min, max } = rubric.scale;
  const notes = (extra: readonly string[] = []) =>
    [...(rubric.notes ?? []), ...extra].map((note) => `Note: ${fill(note, language)}`);
  if (rubric.reply === 'prometheus') {
    const asked = dimension ?? rubric.dimensions[0];
    const levels = asked.levels?.map((text, i) => `Score ${min + i}: ${fill(text, language)}`) ?? [];
    return [
      system(language, 'prometheus'),
      {
        role: 'user',
        content: [
          '###Task Description:',
          `An instruction, a response to evaluate and a score rubric are given. Write feedback that assesses the response strictly by the rubric, then a score, an integer from ${min} to ${max}. ` +
            `The output must be: "Feedback: (your feedback) [RESULT] (an integer from ${min} to ${max})". No other opening or closing.`,
          `###The instruction to evaluate:\n${task}`,
          `###Response to evaluate:\n${answer}`,
          `###Score Rubric:\n[${asked.key}] ${fill(asked.question, language)}${levels.length ? `\n${levels.join('\n')}` : ''}`,
          ...notes(asked.notes),
          '###Feedback:',
        ].join('\n\n'),
      },
    ];
  }
  const fields = rubric.dimensions.map((d) => `"${d.key}": n`).join(', ');
  return [
    system(language, 'json'),
    {
      role: 'user',
      content: [
        `Task:\n${task}`,
        `Answer to grade:\n${answer}`,
        `Score each from ${min} (worst) to ${max} (best), as integers:`,
        ...rubric.dimensions.map(
          (d) =>
            `- ${d.key}: ${fill(d.question, language)}` +
            (d.levels
              ? ` (${d.levels.map((text, i) => `${min + i}: ${fill(text, language)}`).join('; ')})`
              : '') +
            (d.notes?.length ? ` ${d.notes.map((n) => fill(n, language)).join(' ')}` : ''),
        ),
        ...notes(),
        `Reply exactly as {${fields}}.`,
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

const inScale = (rubric: Rubric, score: unknown): score is number =>
  Number.isInteger(score) && (score as number) >= rubric.scale.min && (score as number) <= rubric.scale.max;

/** The scores in a JSON reply (exactly the rubric's dimensions, integers on its scale), or why not. */
export function parseScores(rubric: Rubric, reply: string): Scores | { invalid: string } {
  const parsed = replyObject(reply);
  if ('invalid' in parsed) return parsed;
  const record = parsed.object;
  const fields = rubric.dimensions.map((d) => d.key);
  const extra = Object.keys(record).filter((key) => !fields.includes(key));
  const missing = fields.filter((field) => !(field in record));
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
  for (const field of fields)
    if (!inScale(rubric, record[field]))
      return {
        invalid: `${field} is ${JSON.stringify(record[field])}, not an integer from ${rubric.scale.min} to ${rubric.scale.max}`,
      };
  return record as Scores;
}

/** The score of a Prometheus-style reply: feedback, then "[RESULT] n" at its very end; or why not. */
export function parseResult(rubric: Rubric, reply: string): number | { invalid: string } {
  const match = /\[RESULT\]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(reply.trim());
  if (!match) return { invalid: 'no "[RESULT] n" at the end of the reply' };
  const score = Number(match[1]);
  if (!inScale(rubric, score))
    return {
      invalid: `[RESULT] ${match[1]} is not an integer from ${rubric.scale.min} to ${rubric.scale.max}`,
    };
  if (
    !reply
      .slice(0, match.index)
      .replace(/^\s*Feedback:/i, '')
      .trim()
  )
    return { invalid: 'no feedback before [RESULT]' };
  return score;
}

/** Rubric = mean of the `mean` dimensions − the `minus` ones; undefined when one of them is missing. */
export function rubricOf(
  rubric: Rubric,
  scores: Readonly<Record<string, number | undefined>>,
): number | undefined {
  const { mean, minus = [] } = rubric.aggregate;
  if ([...mean, ...minus].some((key) => scores[key] === undefined)) return undefined;
  return (
    mean.reduce((sum, key) => sum + scores[key]!, 0) / mean.length -
    minus.reduce((sum, key) => sum + scores[key]!, 0)
  );
}

export const scoreFields = (rubric: Rubric): string[] => rubric.dimensions.map((d) => d.key);
