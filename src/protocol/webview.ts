/**
 * The chat webview's protocol: one map per direction, message name → payload. The webview (media/)
 * and the host (src/vscode/) both import these types; the webview only renders and forwards.
 */
import type { AnswerFinding } from '../core/tutor/check';
import type { TestLine } from '../core/tutor/runMessages';
import type { Catalogue } from '../core/i18n';
import type { AnswerLanguage, UiLanguage } from '../core/languages';
import type { FinishReason } from '../core/model/types';

export type ServerState = 'starting' | 'running' | 'stopped' | 'failed';

/** Commands the webview may ask the host to run; anything else is rejected by the host. */
export const WEBVIEW_COMMANDS = [
  'akkhara.showLogs',
  'akkhara.openSettings',
  'akkhara.downloadModel',
  'akkhara.chooseModel',
  'akkhara.openWalkthrough',
  /** VS Code's own "Manage Workspace Trust": trusting the folder is the user's act, never ours. */
  'workbench.trust.manage',
] as const;
export type WebviewCommand = (typeof WEBVIEW_COMMANDS)[number];

/** One mixed-script problem in an answer, for the page to mark where `text` occurs. */
export type { AnswerFinding };

/** What the user can do with a finished answer; the host keeps the answer, the page only names it. */
export const ANSWER_ACTIONS = [
  'runTests',
  'copyCode',
  'insertCode',
  'openAnswer',
  'regenerate',
  'rateUp',
  'rateDown',
  'improve',
  'compare',
  /** After failed tests: ask again with the failures, run the new answer, up to akkhara.tutor.repairRounds rounds. */
  'fix',
  /** After failed tests: ask why, in the answer language, with the code and the failures attached. */
  'explainError',
  /** After the model failed (server down, timeout): ask the same question, with what was attached, again. */
  'retry',
] as const;
export type AnswerAction = (typeof ANSWER_ACTIONS)[number];

/** The longest question the page may send (a long paste of code is fine; a runaway one is not). */
export const MAX_QUESTION_CHARS = 20_000;

/** Code attached to the next question, shown above the input until it is sent or removed. */
export interface AttachmentChip {
  readonly id: number;
  /** A file name and lines, as the model sees it. */
  readonly label: string;
  /** Cut to fit the prompt. */
  readonly cut: boolean;
  /** What was done to the text before attaching it (Zawgyi converted, NFC), in the UI language. */
  readonly notices: string[];
}

export interface HostToWebview {
  /**
   * `session`: this run of the extension host. Answers from another run (before a window reload)
   * are shown, but the host no longer holds them: their buttons are greyed out.
   */
  init: { uiLanguage: UiLanguage; strings: Catalogue; version: string; session: string };
  serverState: { state: ServerState };
  /** What goes with the next question; the page shows it as removable chips. */
  attachments: { chips: AttachmentChip[] };
  /**
   * A question was accepted: its answer streams next, in `language`, from `model`. `notices`: what
   * was done to the question and its attachments before sending (in the UI language).
   */
  answerStart: {
    id: number;
    question: string;
    /** What went with the question (a file and lines, "code", "test results"), in the UI language. */
    attachments?: string[];
    language: AnswerLanguage;
    model: string;
    notices?: string[];
    /** A round of "Fix with the test results": of which answer, which round (earlier rounds fold away). */
    repair?: { of: number; round: number };
  };
  /** Untrusted model text; the page renders it as Markdown and sanitizes the HTML. */
  answerDelta: { id: number; text: string };
  /**
   * `dropped`: earlier turns of the conversation the model could not see (its context was full).
   * `hasCode`: whether the answer has Python code (the page offers Run tests, Copy and Insert only then).
   */
  answerEnd: { id: number; finishReason: FinishReason; dropped?: number; hasCode: boolean };
  /** While it streams: the errors and warnings in the answer's complete lines so far (marked as they come). */
  answerLiveFindings: { id: number; findings: AnswerFinding[] };
  /** The language check of a finished answer: errors and warnings, with where they are in the text. */
  answerFindings: { id: number; findings: AnswerFinding[]; mixPenalty: number };
  /** Why there is no (complete) answer, in the UI language, with the command that fixes it when there is one. */
  /**
   * `actions`: commands that fix the cause (download a model, choose one, trust the folder);
   * `retry`: the question can be asked again as it was (the model failed, not the question).
   */
  answerError: {
    id: number;
    message: string;
    actions?: { command: WebviewCommand; label: string }[];
    retry?: boolean;
  };
  /** "Compare": a second answer is being asked for, then both, in the order to show them. */
  compareStarted: { id: number };
  compareReady: { id: number; answers: [string, string] };
  compareSaved: { id: number; picked: 0 | 1 };
  /** "Run tests" started for the answer. */
  testsRunning: { id: number };
  /** The verdict in the UI language; `tests` empty when nothing ran (`headline` says why). */
  testsResult: {
    id: number;
    passed: boolean;
    headline: string;
    notes: string[];
    tests: TestLine[];
    /** The code failed its tests (not the sandbox): "Fix with the test results" is offered. */
    fixable?: boolean;
    /** Nothing ran, and what to do is up to the student (add tests, trust the folder): guidance, not an error. */
    guidance?: boolean;
  };
  /** A note under an answer, in the UI language (why a repair stopped). */
  answerNote: { id: number; note: string };
  /** The student's rating was saved: the page shows it on the answer (the last one counts). */
  answerRated: { id: number; rating: 'up' | 'down' };
  /** "New Conversation": the answers so far belong to the old thread (the page draws a divider). */
  conversationStarted: Record<string, never>;
}

export interface WebviewToHost {
  ready: Record<string, never>;
  runCommand: { command: WebviewCommand };
  ask: { text: string };
  /** Attach the active editor's selection or whole file to the next question. */
  attach: { what: 'selection' | 'file' };
  /** Take a chip off the next question. */
  removeAttachment: { id: number };
  stop: Record<string, never>;
  answerAction: { id: number; action: AnswerAction };
  /** The better of the two answers shown by `compareReady`, by position. */
  comparePick: { id: number; picked: 0 | 1 };
}

export type { TestLine };

export type Envelope<M> = { [K in keyof M]: { type: K; payload: M[K] } }[keyof M];
export type HostMessage = Envelope<HostToWebview>;
export type WebviewMessage = Envelope<WebviewToHost>;

/** Narrows untrusted data posted from the webview to a known message, or undefined. */
export function parseWebviewMessage(data: unknown): WebviewMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { type, payload } = data as { type?: unknown; payload?: unknown };
  if (type === 'ready' || type === 'stop') return { type, payload: {} };
  if (type === 'ask' && typeof payload === 'object' && payload !== null) {
    const text = (payload as { text?: unknown }).text;
    if (typeof text === 'string' && text.trim() && text.length <= MAX_QUESTION_CHARS)
      return { type, payload: { text } };
  }
  if (type === 'attach' && typeof payload === 'object' && payload !== null) {
    const what = (payload as { what?: unknown }).what;
    if (what === 'selection' || what === 'file') return { type, payload: { what } };
  }
  if (type === 'removeAttachment' && typeof payload === 'object' && payload !== null) {
    const id = (payload as { id?: unknown }).id;
    if (Number.isSafeInteger(id)) return { type, payload: { id: id as number } };
  }
  if (type === 'answerAction' && typeof payload === 'object' && payload !== null) {
    const { id, action } = payload as { id?: unknown; action?: unknown };
    if (Number.isSafeInteger(id) && (ANSWER_ACTIONS as readonly unknown[]).includes(action))
      return { type, payload: { id: id as number, action: action as AnswerAction } };
  }
  if (type === 'comparePick' && typeof payload === 'object' && payload !== null) {
    const { id, picked } = payload as { id?: unknown; picked?: unknown };
    if (Number.isSafeInteger(id) && (picked === 0 || picked === 1))
      return { type, payload: { id: id as number, picked } };
  }
  if (type === 'runCommand' && typeof payload === 'object' && payload !== null) {
    const command = (payload as { command?: unknown }).command;
    if ((WEBVIEW_COMMANDS as readonly unknown[]).includes(command)) {
      return { type, payload: { command: command as WebviewCommand } };
    }
  }
  return undefined;
}
