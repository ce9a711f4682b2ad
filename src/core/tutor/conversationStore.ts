/**
 * A conversation as the editor keeps it between window reloads (VS Code's workspace storage):
 * plain JSON, capped to the newest turns that fit a size a storage entry should have. What comes
 * back is checked field by field; anything that is not a conversation this version wrote is
 * refused as a whole (`'corrupt'`), so the chat starts a fresh thread and says so, and nothing else
 * is lost.
 */
import type { Attachment, Conversation, Turn } from './conversation';

export const STORED_CONVERSATION_VERSION = 1;
/** Characters of turns kept: far more than any model's context, far less than a storage entry may hold. */
export const STORED_CONVERSATION_MAX_CHARS = 200_000;

interface Stored {
  readonly version: typeof STORED_CONVERSATION_VERSION;
  readonly language?: 'my' | 'bn';
  readonly turns: readonly Turn[];
}

const turnChars = (turn: Turn) =>
  turn.question.length + turn.answer.length + turn.attachments.reduce((sum, a) => sum + a.text.length, 0);

/** The conversation to store: its newest turns within the cap, in order. */
export function storedConversation(conversation: Conversation): Stored {
  const turns: Turn[] = [];
  let chars = 0;
  for (let i = conversation.turns.length - 1; i >= 0; i--) {
    chars += turnChars(conversation.turns[i]);
    if (chars > STORED_CONVERSATION_MAX_CHARS) break;
    turns.unshift(conversation.turns[i]);
  }
  return {
    version: STORED_CONVERSATION_VERSION,
    ...(conversation.language && { language: conversation.language }),
    turns,
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const KINDS: readonly Attachment['kind'][] = ['selection', 'file', 'tests', 'test-failure'];

function isAttachment(value: unknown): value is Attachment {
  return (
    isObject(value) &&
    KINDS.includes(value.kind as Attachment['kind']) &&
    typeof value.label === 'string' &&
    typeof value.text === 'string' &&
    (value.cut === undefined || typeof value.cut === 'boolean') &&
    (value.fence === undefined ||
      (typeof value.fence === 'string' && /^[\w+#.-]{1,40}$/.test(value.fence))) &&
    (value.notices === undefined ||
      (Array.isArray(value.notices) &&
        value.notices.every((notice) => notice === 'zawgyi-converted' || notice === 'normalized')))
  );
}

function isTurn(value: unknown): value is Turn {
  return (
    isObject(value) &&
    typeof value.question === 'string' &&
    typeof value.answer === 'string' &&
    Array.isArray(value.attachments) &&
    value.attachments.every(isAttachment)
  );
}

/** The stored conversation; undefined when nothing was stored, `'corrupt'` when it cannot be read. */
export function restoreConversation(value: unknown): Conversation | 'corrupt' | undefined {
  if (value === undefined) return undefined;
  if (
    !isObject(value) ||
    value.version !== STORED_CONVERSATION_VERSION ||
    (value.language !== undefined && value.language !== 'my' && value.language !== 'bn') ||
    !Array.isArray(value.turns) ||
    !value.turns.every(isTurn)
  )
    return 'corrupt';
  const turns = value.turns.map((turn: Turn) => ({
    question: turn.question,
    answer: turn.answer,
    attachments: turn.attachments.map((a) => ({ ...a })),
  }));
  return { ...(value.language !== undefined && { language: value.language as 'my' | 'bn' }), turns };
}
