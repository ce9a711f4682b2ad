/**
 * The tutor engine's one way to ask: a question (with what the student attached) in a
 * conversation, streamed from the model, checked for its language while it streams and at the end,
 * and kept as the conversation's next turn. Every front end (the chat view, `@akkhara`, the CLI's
 * `ask` and `chat`) drives this and only turns its events into its own medium.
 */
import type { AnswerLanguage, AnswerLanguageSetting, UiLanguage } from '../languages';
import { askWhileBusy, ConcurrencyLimit } from '../inFlight';
import { complete, serverBusy, type FinishReason } from '../model/types';
import { checkAnswer, type AnswerCheck, type CourseCheck } from './check';
import { answerReserve, planPrompt, type Attachment, type Conversation } from './conversation';
import { LiveCheck } from './liveCheck';
import type { OpenedModel } from './modelChoice';
import { prepareQuestion, QuestionLanguageError, type PreparedQuestion } from './prompt';

/** How often a streaming answer's complete lines are checked. */
const LIVE_CHECK_MS = 250;

/**
 * A question as the model will get it. A follow-up with no Burmese or Bangla text of its own
 * ("now with a loop", or only code) is asked in the conversation's language.
 */
export function prepareInConversation(
  text: string,
  setting: AnswerLanguageSetting,
  conversation: Conversation,
): PreparedQuestion {
  try {
    return prepareQuestion(text, setting);
  } catch (error) {
    if (!(error instanceof QuestionLanguageError) || !conversation.language) throw error;
    return prepareQuestion(text, conversation.language);
  }
}

export interface AskOptions {
  readonly uiLanguage: UiLanguage;
  /** The course's glossary and severities (akkhara.config.json), for the answer's check. */
  readonly course?: CourseCheck;
  readonly signal?: AbortSignal;
  readonly attachments?: readonly Attachment[];
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly seed?: number;
  /** Each piece of the answer as it arrives. */
  onDelta?(text: string): void;
  /** The language check of the answer's complete lines so far, while it streams. */
  onLiveCheck?(check: AnswerCheck): void;
  /** The server said it is busy (429, 503): the question is asked again after `waitMs`. */
  onBusy?(status: number, waitMs: number): void;
  /** How long to keep asking a busy server, in all (default 2 minutes). */
  readonly busyWaitMs?: number;
}

/** How many times a busy server is asked, and for how long in all by default. */
const BUSY_ATTEMPTS = 4;
const BUSY_WAIT_MS = 120_000;

export interface Answer {
  readonly text: string;
  readonly finishReason: FinishReason;
  readonly check: AnswerCheck;
  readonly language: AnswerLanguage;
  /** Earlier turns the model did not see: the context could not hold them. */
  readonly dropped: number;
}

/**
 * Asks `question` in `conversation` and, when an answer arrived, keeps the turn. Throws the model's
 * `ModelError` (with what arrived in `received`) and `QuestionTooLongError` before anything is sent.
 */
export async function askQuestion(
  model: OpenedModel,
  conversation: Conversation,
  question: PreparedQuestion,
  options: AskOptions,
): Promise<Answer> {
  const attachments = options.attachments ?? [];
  const contextTokens = await model.contextTokens();
  const plan = planPrompt(conversation, question.language, question.text, attachments, {
    contextTokens,
    answerTokens: answerReserve(contextTokens, options.maxTokens),
  });
  const live = new LiveCheck(LIVE_CHECK_MS, (lines) =>
    options.onLiveCheck?.(checkAnswer(lines, question.language, options.uiLanguage, options.course)),
  );
  let result;
  try {
    const ask = () =>
      complete(
        model.provider,
        {
          messages: plan.messages,
          scriptBias: question.language,
          ...(options.maxTokens !== undefined && { maxTokens: options.maxTokens }),
          ...(options.temperature !== undefined && { temperature: options.temperature }),
          ...(options.seed !== undefined && { seed: options.seed }),
        },
        options.signal,
        (event) => {
          if (event.type !== 'delta') return;
          options.onDelta?.(event.text);
          if (options.onLiveCheck) live.add(event.text);
        },
      );
    // A busy answer comes before any token, so asking again repeats nothing the student saw.
    result = await askWhileBusy(ask, {
      limit: new ConcurrencyLimit(1),
      busy: serverBusy,
      signal: options.signal ?? new AbortController().signal,
      attempts: BUSY_ATTEMPTS,
      deadline: Date.now() + (options.busyWaitMs ?? BUSY_WAIT_MS),
      onBusy: (status, _limit, waitMs) => options.onBusy?.(status, waitMs),
    });
  } finally {
    live.stop();
  }
  const text = result.texts[0];
  conversation.language ??= question.language;
  if (text.trim()) conversation.turns.push({ question: question.text, attachments, answer: text });
  return {
    text,
    finishReason: result.finishReasons[0],
    check: checkAnswer(text, question.language, options.uiLanguage, options.course),
    language: question.language,
    dropped: plan.dropped,
  };
}
