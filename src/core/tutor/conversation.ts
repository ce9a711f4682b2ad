/**
 * A conversation with the tutor: its turns (question, what the student attached, the answer), the
 * answer language the first question set, and how the next prompt is built from them within the
 * model's context: the system prompt, the attached context and the question always; earlier turns,
 * newest first, while they fit; the rest dropped, and the caller told how many.
 */
import type { AnswerLanguage } from '../languages';
import { estimateTokens } from '../model/tokenEstimate';
import type { ChatMessage } from '../model/types';
import { SYSTEM_PROMPTS, toUnicode, type QuestionNotice } from './prompt';

/** Something the student attached to a question: shown as a chip, sent after the question. */
export interface Attachment {
  readonly kind: 'selection' | 'file' | 'tests' | 'test-failure';
  /** What the chip says: a file name and lines, or the test's name. */
  readonly label: string;
  /** A generic label ("code", "tests", "test results"), which the chip says in the UI language. */
  readonly labelKey?:
    'attachment.code' | 'attachment.tests' | 'attachment.testResults' | 'attachment.traceback';
  readonly text: string;
  /** The text was cut to fit (the chip says so). */
  readonly cut?: boolean;
  /** The fence's language (a file's language id); Python when not given, plain text for test results. */
  readonly fence?: string;
  /** What was done to the student's text before attaching it (Zawgyi converted, NFC), for the chip. */
  readonly notices?: readonly QuestionNotice[];
}

export interface Turn {
  /** As sent: prepared (Unicode, NFC), without the attachments. */
  readonly question: string;
  readonly attachments: readonly Attachment[];
  readonly answer: string;
}

export interface Conversation {
  /** Set by the first question; a follow-up without Burmese or Bangla text keeps it. */
  language?: AnswerLanguage;
  readonly turns: Turn[];
}

export const newConversation = (): Conversation => ({ turns: [] });

/** The longest attachment sent whole; a longer one is cut, with a note the model and the chip show. */
export const ATTACHMENT_MAX_CHARS = 12_000;

/**
 * An attachment within the size a prompt can carry: cut at a line end, marked as cut. `labelKey`: a
 * generic label the chip says in the UI language (`label` is what the model reads).
 */
export function attachment(
  kind: Attachment['kind'],
  label: string,
  text: string,
  labelKey?: Attachment['labelKey'],
): Attachment {
  const named = labelKey ? { kind, label, labelKey } : { kind, label };
  if (text.length <= ATTACHMENT_MAX_CHARS) return { ...named, text };
  const end = text.lastIndexOf('\n', ATTACHMENT_MAX_CHARS);
  return { ...named, text: text.slice(0, end > 0 ? end : ATTACHMENT_MAX_CHARS), cut: true };
}

/**
 * Code the student attaches (a selection, a file): converted as questions are (Zawgyi lines to
 * Unicode, NFC; the chip says so), then cut to fit.
 */
export function studentAttachment(
  kind: 'selection' | 'file',
  label: string,
  text: string,
  fence?: string,
): Attachment {
  const converted = toUnicode(text);
  return {
    ...attachment(kind, label, converted.text),
    ...(fence && fence !== 'python' && { fence }),
    ...(converted.notices.length && { notices: converted.notices }),
  };
}

/** A fence the text cannot close early. */
function fenceFor(text: string): string {
  let fence = '```';
  while (text.includes(fence)) fence += '`';
  return fence;
}

/** The question with its attachments as fenced blocks, each headed by its label. */
export function userContent(question: string, attachments: readonly Attachment[]): string {
  const blocks = attachments.map((item) => {
    const fence = fenceFor(item.text);
    const language = item.kind === 'test-failure' ? 'text' : (item.fence ?? 'python');
    const cut = item.cut ? ' (cut)' : '';
    return `${item.label}${cut}:\n${fence}${language}\n${item.text.replace(/\n+$/, '')}\n${fence}`;
  });
  return [question, ...blocks].join('\n\n');
}

/** The question (with what is attached) and the system prompt leave no room for an answer. */
export class QuestionTooLongError extends Error {
  constructor(
    readonly neededTokens: number,
    readonly availableTokens: number,
  ) {
    super(`the question needs about ${neededTokens} tokens; the model has room for ${availableTokens}`);
    this.name = 'QuestionTooLongError';
  }
}

export interface PromptPlan {
  readonly messages: ChatMessage[];
  /** Earlier turns left out (the oldest ones) because the context could not hold them. */
  readonly dropped: number;
}

export interface Budget {
  /** The tokens the model sees at once. */
  readonly contextTokens: number;
  /** Kept free for the answer. */
  readonly answerTokens: number;
}

/** Room kept for the answer when the caller sets no token limit: a quarter of the context, at most 2048. */
export const answerReserve = (contextTokens: number, maxTokens?: number): number =>
  maxTokens ?? Math.min(2048, Math.floor(contextTokens / 4));

export function planPrompt(
  conversation: Conversation,
  language: AnswerLanguage,
  question: string,
  attachments: readonly Attachment[],
  budget: Budget,
): PromptPlan {
  const system: ChatMessage = { role: 'system', content: SYSTEM_PROMPTS[language] };
  const current: ChatMessage = { role: 'user', content: userContent(question, attachments) };
  const available = budget.contextTokens - budget.answerTokens;
  let used = estimateTokens(system.content) + estimateTokens(current.content);
  if (used > available) throw new QuestionTooLongError(used, Math.max(0, available));
  const earlier: ChatMessage[] = [];
  let kept = 0;
  for (let i = conversation.turns.length - 1; i >= 0; i--) {
    const turn = conversation.turns[i];
    const pair: ChatMessage[] = [
      { role: 'user', content: userContent(turn.question, turn.attachments) },
      { role: 'assistant', content: turn.answer },
    ];
    const cost = pair.reduce((sum, message) => sum + estimateTokens(message.content), 0);
    // Turns are kept whole and in order: one that does not fit ends the history here.
    if (used + cost > available) break;
    used += cost;
    earlier.unshift(...pair);
    kept++;
  }
  return { messages: [system, ...earlier, current], dropped: conversation.turns.length - kept };
}
