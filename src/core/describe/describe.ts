/**
 * `akkhara describe`'s engine, Stage 1 of the multi-granular paper for a teacher's code: for one
 * function (or a file without functions), line comments in the answer language and three
 * descriptions — short, detailed, and section by section joined into one. Nothing a model writes
 * is kept unchecked: commented code must parse and be the original once the comments are taken out
 * (Python's own tokenizer decides), and every text must be in the answer language with no
 * mixed-script problem. What fails is asked again (`retries`), then dropped with its reason.
 */
import { detectTarget } from '../analysis/findings';
import type { AnswerLanguage } from '../languages';
import type { ChatMessage } from '../model/types';
import { extractCodeBlock } from '../sandbox/extract';
import { checkAnswer } from '../tutor/check';
import type { CodeTools } from './codeTools';
import { commentsMessages, descriptionMessages, joinSections, sectionMessages } from './prompts';

export const GRANULARITIES = ['line-comments', 'short', 'detailed', 'sections'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export type DropReason =
  | 'no-code-block'
  | 'not-parseable'
  | 'code-changed'
  | 'no-comments'
  | 'empty'
  | 'has-code'
  | 'wrong-language'
  | 'mixed-script'
  | 'near-duplicate';

/** One function of a file (`name` null: a file without functions, described whole). */
export interface DescribeTarget {
  readonly file: string;
  readonly name: string | null;
  /** The function's own lines, decorators included. */
  readonly code: string;
}

export interface DescriptionRow {
  readonly file: string;
  readonly function: string | null;
  readonly granularity: Granularity;
  readonly language: AnswerLanguage;
  /** The commented code (line-comments) or the description; absent when dropped. */
  readonly text?: string;
  readonly dropped?: DropReason;
  /** For a drop: what was wrong (the parser's message, the mixed-script word). */
  readonly detail?: string;
  readonly model: string;
  /** Requests it took, retries included. */
  readonly attempts: number;
}

export interface DescribeContext {
  readonly language: AnswerLanguage;
  readonly tools: CodeTools;
  /** Asks again this many times after a rejected answer. */
  readonly retries: number;
  readonly model: string;
  /** One answer; `attempt` counts from 0 (a retry may sample differently). */
  ask(messages: ChatMessage[], attempt: number): Promise<string>;
}

export type Verdict<T> = { readonly ok: T } | { readonly dropped: DropReason; readonly detail?: string };

export interface Outcome<T> {
  readonly verdict: Verdict<T>;
  readonly attempts: number;
}

/**
 * The sampling of attempt `attempt` (from 0): seed + attempt, and for a retry at least
 * `retryTemperature`, since the same answer again at temperature 0 would only be refused again.
 */
export function attemptSampling(
  attempt: number,
  seed: number,
  temperature: number | undefined,
  retryTemperature: number,
): { seed: number; temperature?: number } {
  if (attempt > 0) return { seed: seed + attempt, temperature: Math.max(temperature ?? 0, retryTemperature) };
  return { seed, ...(temperature !== undefined && { temperature }) };
}

/** Asks until `judge` accepts an answer, at most 1 + retries times; the last rejection otherwise. */
export async function untilAccepted<T>(
  context: Pick<DescribeContext, 'retries' | 'ask'>,
  messages: ChatMessage[],
  judge: (answer: string) => Promise<Verdict<T>> | Verdict<T>,
): Promise<Outcome<T>> {
  let verdict: Verdict<T> = { dropped: 'empty' };
  let attempt = 0;
  while (attempt <= context.retries) {
    verdict = await judge(await context.ask(messages, attempt));
    attempt++;
    if ('ok' in verdict) break;
  }
  return { verdict, attempts: attempt };
}

/** Why a text is not in the answer language, clean: a drop reason, or nothing when it is. */
export function languageProblem(text: string, language: AnswerLanguage): Verdict<string> | undefined {
  if (detectTarget(text) !== language) return { dropped: 'wrong-language' };
  const problem = checkAnswer(text, language, 'en').findings.find((finding) => finding.severity <= 2);
  return problem ? { dropped: 'mixed-script', detail: `${problem.code}: ${problem.text}` } : undefined;
}

/** A prose answer (a description, an instruction): not empty, no code block, in the language and clean. */
export function judgeDescription(language: AnswerLanguage) {
  return (answer: string): Verdict<string> => {
    const text = answer.trim();
    if (!text) return { dropped: 'empty' };
    if (text.includes('```')) return { dropped: 'has-code' };
    return languageProblem(text, language) ?? { ok: text };
  };
}

function judgeComments(context: Pick<DescribeContext, 'language' | 'tools'>, code: string) {
  return async (answer: string): Promise<Verdict<string>> => {
    const block = extractCodeBlock(answer);
    if (!block.fenced) return { dropped: 'no-code-block' };
    const check = await context.tools.check(code, block.code);
    if (!check.parses) return { dropped: 'not-parseable', detail: check.why };
    if (!check.same) return { dropped: 'code-changed' };
    if (check.added.length === 0) return { dropped: 'no-comments' };
    const problem = languageProblem(check.added.join('\n'), context.language);
    if (problem) return problem;
    // The file's own ending: a model's block may lose or add the last newline.
    return { ok: block.code.replace(/\n*$/, '') + (code.endsWith('\n') ? '\n' : '') };
  };
}

/**
 * Line comments for `code` alone (VS Code's "Explain This Code Line by Line"): indented code (a
 * method, a loop body) is commented as if at the margin and put back at its indentation, so the
 * result is the original with comments added, byte for byte, or the last rejection's reason.
 */
export async function commentCode(
  code: string,
  context: Pick<DescribeContext, 'language' | 'tools' | 'retries' | 'ask'>,
): Promise<Outcome<string>> {
  const lines = code.split('\n');
  const indent = Math.min(
    ...lines.filter((line) => line.trim()).map((line) => /^[ \t]*/.exec(line)![0].length),
  );
  const first = Number.isFinite(indent) ? lines.find((line) => line.trim())!.slice(0, indent) : '';
  // Tabs on one line and spaces on another: no common margin to take off.
  const margin = lines.every((line) => !line.trim() || line.startsWith(first)) ? first : '';
  const atMargin = lines.map((line) => (line.trim() ? line.slice(margin.length) : line)).join('\n');
  const outcome = await untilAccepted(
    context,
    commentsMessages(context.language, atMargin),
    judgeComments(context, atMargin),
  );
  if (!('ok' in outcome.verdict) || !margin) return outcome;
  const indented = outcome.verdict.ok
    .split('\n')
    .map((line) => (line.trim() ? margin + line : line))
    .join('\n');
  return { verdict: { ok: indented }, attempts: outcome.attempts };
}

/** The section summaries (asked at once) joined, or the first rejected section's reason. */
async function describeSections(context: DescribeContext, code: string): Promise<Outcome<string>> {
  const lines = code.replace(/\n+$/, '').split('\n').length;
  const spans = await context.tools.sections(code).catch(() => []);
  const sections = spans.length ? spans : [[1, lines] as [number, number]];
  const outcomes = await Promise.all(
    sections.map(([from, to]) =>
      untilAccepted(
        context,
        sectionMessages(context.language, code, from, to),
        judgeDescription(context.language),
      ),
    ),
  );
  const attempts = outcomes.reduce((sum, outcome) => sum + outcome.attempts, 0);
  const rejected = outcomes.find((outcome) => !('ok' in outcome.verdict));
  if (rejected) return { verdict: rejected.verdict, attempts };
  const summaries = outcomes.map((outcome, i) => ({
    from: sections[i][0],
    to: sections[i][1],
    text: (outcome.verdict as { ok: string }).ok,
  }));
  return { verdict: { ok: joinSections(context.language, summaries) }, attempts };
}

/** A target's rows, one per granularity asked (all four by default), in that order; asked at once. */
export async function describeTarget(
  target: DescribeTarget,
  context: DescribeContext,
  granularities: readonly Granularity[] = GRANULARITIES,
): Promise<DescriptionRow[]> {
  const { language, model } = context;
  const outcomes: Record<Granularity, () => Promise<Outcome<string>>> = {
    'line-comments': () =>
      untilAccepted(context, commentsMessages(language, target.code), judgeComments(context, target.code)),
    short: () =>
      untilAccepted(context, descriptionMessages(language, 'short', target.code), judgeDescription(language)),
    detailed: () =>
      untilAccepted(
        context,
        descriptionMessages(language, 'detailed', target.code),
        judgeDescription(language),
      ),
    sections: () => describeSections(context, target.code),
  };
  // The four are independent: asked at once, so a function's requests overlap at the server.
  const results = await Promise.all(granularities.map((granularity) => outcomes[granularity]()));
  const rows = granularities.map((granularity, i): DescriptionRow => {
    const { verdict, attempts } = results[i];
    return {
      file: target.file,
      function: target.name,
      granularity,
      language,
      ...('ok' in verdict
        ? { text: verdict.ok }
        : { dropped: verdict.dropped, ...(verdict.detail && { detail: verdict.detail }) }),
      model,
      attempts,
    };
  });
  return rows;
}

/** A Python file's targets: each top-level function and class, or the whole file when it has none. */
export async function targetsOf(file: string, source: string, tools: CodeTools): Promise<DescribeTarget[]> {
  const units = await tools.units(source);
  if (units.length === 0) return source.trim() ? [{ file, name: null, code: source }] : [];
  const lines = source.split('\n');
  return units.map((unit) => ({
    file,
    name: unit.name,
    code: `${lines.slice(unit.start - 1, unit.end).join('\n')}\n`,
  }));
}
