/**
 * One chat view's conversation with the model: a question in, the answer streamed to the page as
 * untrusted text, stoppable at once. Every failure becomes a message in the UI language that says
 * what to do. Part of the lazily loaded models bundle (it carries the prompt and model code).
 */
import * as vscode from 'vscode';
import { busyWaitMessage } from '../core/model/messages';
import type { AnswerLanguage } from '../core/languages';
import { modelErrorMessage } from '../core/model/messages';
import { QuestionLanguageError, SYSTEM_PROMPTS, type QuestionNotice } from '../core/tutor/prompt';
import { complete, ModelError } from '../core/model/types';
import { askQuestion, prepareInConversation } from '../core/tutor/ask';
import { recordedCheck } from '../core/tutor/check';
import {
  newConversation,
  QuestionTooLongError,
  type Attachment,
  type Conversation,
} from '../core/tutor/conversation';
import { explainErrorQuestion } from '../core/tutor/repair';
import { restoreConversation, storedConversation } from '../core/tutor/conversationStore';
import { answerCode, planAnswerRun, type AnswerRunPlan } from '../core/tutor/answerRun';
import type { Task } from '../core/eval/formats';
import { taskPrompt, taskRunRequest, type LessonTask } from '../core/tasks/lessonTask';
import { describeRun, runProblemMessage } from '../core/tutor/runMessages';
import type { AnswerAction, HostMessage } from '../protocol/webview';
import type { RunResult } from '../core/sandbox/types';
import { repairInChat } from './chatRepair';
import { courseCheck } from './courseCheck';
import { getSetting, t, uiLanguage } from './config';
import { improve, judgeLanguage, rate, savePair, type RatedAnswer } from './feedback';
import { markWalkthroughStep } from './walkthrough';
import { chooseModelAction, setupActions, type ErrorAction } from './errorActions';
import { chatModel, ModelSetupError } from './chatModel';
import type { AkkharaTests } from './testController';
import { insertionEdit, replacementEdit } from '../core/tutor/codePlacement';

/** A finished answer, kept for the actions on it (the page only holds its id). */
export interface KeptAnswer {
  /** As the user typed it, for "Ask again". */
  readonly question: string;
  readonly text: string;
  /** The teacher's task it answers: its tests are the ones that run. */
  readonly task?: LessonTask | Task;
  /** The import line the last test run found missing: copy and insert add it. */
  importFix?: string;
  /** For feedback: what the model was asked, in which language, by which model, and how it did. */
  readonly prompt: string;
  readonly language: AnswerLanguage;
  readonly model: string;
  readonly languageCheck: { problems: number; mixScore: number; findings: { code: string; text: string }[] };
  tests?: { passed: number; total: number };
  /** The last "Run tests": what ran and what it gave, for "Fix with the test results". */
  lastRun?: { plan: AnswerRunPlan; result: RunResult };
}

/** Where the thread is kept between window reloads (workspace storage: one per folder). */
const CONVERSATION_KEY = 'akkhara.conversation';

/** As many as the page keeps (MAX_ANSWERS in media/src/chat.ts). */
const KEPT_ANSWERS = 20;

export class ChatSession {
  private controller?: AbortController;
  /** Unique across sessions: the page keeps earlier answers in its state. */
  private nextId = Date.now();
  private readonly answers = new Map<number, KeptAnswer>();
  /** The thread follow-up questions continue (kept across window reloads); "New Conversation" starts another. */
  private conversation: Conversation;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly post: (message: HostMessage) => void,
    private readonly tests: AkkharaTests,
  ) {
    const stored = restoreConversation(context.workspaceState.get(CONVERSATION_KEY));
    if (stored === 'corrupt') {
      // Only the thread is lost: a fresh one starts, and the student is told why the model forgot.
      this.log.warn('The stored conversation could not be read; a new one starts.');
      void vscode.window.showInformationMessage(t('chat.conversationLost'));
      void context.workspaceState.update(CONVERSATION_KEY, undefined);
    }
    this.conversation = stored === 'corrupt' || stored === undefined ? newConversation() : stored;
  }

  /** Keeps the thread for the next window (capped; see conversationStore.ts). */
  private saveConversation(): void {
    void this.context.workspaceState.update(CONVERSATION_KEY, storedConversation(this.conversation));
  }

  /**
   * Asks `text` with what is attached, or the task's prompt when a task is given (its tests then run
   * on "Run tests"). `onAccepted` runs once the question is sent (a refused one keeps its chips).
   */
  async ask(text: string, options: AskInChat = {}): Promise<void> {
    const { task, attachments = [] } = options;
    this.controller?.abort(); // a new question replaces one still streaming
    const id = this.nextId++;
    const fail = (message: string, next: { actions?: ErrorAction[]; retry?: boolean } = {}) => {
      // What failed can be asked again as it was (Try again), until another question replaces it.
      if (next.retry) this.failedAsk = { id, text, options };
      this.post({ type: 'answerError', payload: { id, message, ...next } });
    };
    let question;
    try {
      const setting = getSetting('akkhara.answerLanguage');
      question = task ? taskPrompt(task, setting) : prepareInConversation(text, setting, this.conversation);
    } catch (error) {
      if (error instanceof QuestionLanguageError) return fail(t('chat.noLanguage'));
      throw error;
    }
    let model;
    try {
      model = await chatModel(this.context, question.language);
    } catch (error) {
      if (error instanceof ModelSetupError) return fail(t(error.key), { actions: setupActions(error.key) });
      throw error;
    }
    const controller = new AbortController();
    this.controller = controller;
    options.onAccepted?.();
    const notices = new Set([...question.notices, ...attachments.flatMap((item) => item.notices ?? [])]);
    this.post({
      type: 'answerStart',
      payload: {
        id,
        question: question.text,
        ...(attachments.length && {
          attachments: attachments.map((item) => (item.labelKey ? t(item.labelKey) : item.label)),
        }),
        language: question.language,
        model: model.host ? `${model.label} · ${model.host}` : model.label,
        ...(notices.size && { notices: [...notices].map(noticeText) }),
      },
    });
    this.log.info(`Asking ${model.provider.id} (${question.language})`);
    try {
      const answer = await askQuestion(model, this.conversation, question, {
        attachments,
        uiLanguage: uiLanguage(),
        course: await courseCheck(),
        signal: controller.signal,
        onDelta: (text) => this.post({ type: 'answerDelta', payload: { id, text } }),
        onLiveCheck: (check) =>
          this.post({ type: 'answerLiveFindings', payload: { id, findings: [...check.findings] } }),
        onBusy: (status, waitMs) => {
          const message = busyWaitMessage(uiLanguage(), status, waitMs);
          this.log.info(message);
          vscode.window.setStatusBarMessage(`Akkhara: ${message}`, waitMs);
        },
      });
      const { check } = answer;
      this.saveConversation();
      this.keep(id, {
        question: text,
        text: answer.text,
        ...(task && { task }),
        prompt: question.text,
        language: question.language,
        model: model.label,
        languageCheck: recordedCheck(check),
      });
      this.post({
        type: 'answerEnd',
        payload: {
          id,
          finishReason: answer.finishReason,
          ...(answer.dropped && { dropped: answer.dropped }),
          hasCode: answerCode(answer.text) !== undefined,
        },
      });
      this.post({
        type: 'answerFindings',
        payload: { id, findings: [...check.findings], mixPenalty: check.mixPenalty },
      });
      markWalkthroughStep(this.context.globalState, 'akkhara.askedOnce');
    } catch (error) {
      if (error instanceof QuestionTooLongError) return fail(t('chat.tooLong'));
      if (!(error instanceof ModelError)) throw error;
      this.log.error(`The model failed (${error.kind}): ${error.message}`);
      fail(modelErrorMessage(uiLanguage(), error.kind, { where: model.where, model: model.label }), {
        retry: true,
        actions: [chooseModelAction()],
      });
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
  }

  /** Code attached to the next question, shown as chips until it is sent or removed. */
  private chips: { id: number; attachment: Attachment }[] = [];
  private nextChip = 1;

  /** Adds a chip (the same label again replaces the older one: the code may have changed). */
  attach(attachment: Attachment): void {
    this.chips = [
      ...this.chips.filter((chip) => chip.attachment.label !== attachment.label),
      { id: this.nextChip++, attachment },
    ];
    this.postChips();
  }

  removeAttachment(id: number): void {
    this.chips = this.chips.filter((chip) => chip.id !== id);
    this.postChips();
  }

  /** Tells the page which chips to show (also after the page reloads). */
  postChips(): void {
    this.post({
      type: 'attachments',
      payload: {
        chips: this.chips.map(({ id, attachment }) => ({
          id,
          label: attachment.label,
          cut: attachment.cut === true,
          notices: (attachment.notices ?? []).map(noticeText),
        })),
      },
    });
  }

  /** A question typed in the chat: asked with the chips, which are cleared once it is sent. */
  askWithChips(text: string): Promise<void> {
    const sent = this.chips;
    return this.ask(text, {
      attachments: sent.map((chip) => chip.attachment),
      onAccepted: () => {
        this.chips = this.chips.filter((chip) => !sent.includes(chip));
        this.postChips();
      },
    });
  }

  /** Starts a new conversation: the next question is asked without the earlier turns. */
  newConversation(): void {
    this.controller?.abort();
    this.conversation = newConversation();
    void this.context.workspaceState.update(CONVERSATION_KEY, undefined);
    this.post({ type: 'conversationStarted', payload: {} });
  }

  stop(): void {
    this.controller?.abort();
  }

  private keep(id: number, answer: KeptAnswer): void {
    this.answers.set(id, answer);
    for (const old of this.answers.keys()) {
      if (this.answers.size <= KEPT_ANSWERS) break;
      this.answers.delete(old);
    }
  }

  /** The last question the model failed on, to ask again as it was ("Try again"). */
  private failedAsk?: { id: number; text: string; options: AskInChat };

  async act(id: number, action: AnswerAction): Promise<void> {
    if (action === 'retry') {
      const failed = this.failedAsk;
      if (failed?.id !== id) {
        void vscode.window.showWarningMessage(t('chat.answerGone'));
        return;
      }
      this.failedAsk = undefined;
      const { onAccepted: _once, ...options } = failed.options;
      return this.ask(failed.text, options);
    }
    const answer = this.answers.get(id);
    if (!answer) {
      void vscode.window.showWarningMessage(t('chat.answerGone'));
      return;
    }
    switch (action) {
      case 'runTests':
        await this.runTests(id, answer);
        return;
      case 'copyCode':
      case 'insertCode': {
        const code = codeToUse(answer);
        if (code === undefined) {
          void vscode.window.showWarningMessage(runProblemMessage('noCode', uiLanguage()));
          return;
        }
        if (action === 'copyCode') {
          await vscode.env.clipboard.writeText(code);
          vscode.window.setStatusBarMessage(t('chat.copied'), 4000);
        } else await insertAtCursor(code);
        return;
      }
      case 'openAnswer': {
        // The answer language: the Problems panel lists the language check's findings for it.
        const document = await vscode.workspace.openTextDocument({
          language: 'akkhara-answer',
          content: answer.text,
        });
        await vscode.window.showTextDocument(document, { preview: false });
        return;
      }
      case 'regenerate':
        return this.ask(answer.question, answer.task && { task: answer.task });
      case 'rateUp':
      case 'rateDown': {
        const rating = await rate(this.context, rated(answer), action === 'rateUp' ? 'up' : 'down');
        if (rating) this.post({ type: 'answerRated', payload: { id, rating } });
        return;
      }
      case 'improve':
        return improve(this.context, rated(answer));
      case 'compare':
        return this.compare(id, answer);
      case 'fix':
        return this.fix(id, answer);
      case 'explainError': {
        const last = answer.lastRun;
        if (!last || last.result.passed) return;
        const { text, attachments } = explainErrorQuestion(
          answer.language,
          last.plan.request.solution,
          last.result,
        );
        return this.ask(text, { attachments });
      }
    }
  }

  /** The second answer of a comparison, and which position the kept answer took. */
  private readonly comparisons = new Map<number, { other: string; keptFirst: boolean }>();

  /** Asks the same question again and shows both answers in random order for the user to pick. */
  private async compare(id: number, answer: KeptAnswer): Promise<void> {
    this.post({ type: 'compareStarted', payload: { id } });
    const model = await chatModel(this.context, answer.language);
    const { texts } = await complete(model.provider, {
      messages: [
        { role: 'system', content: SYSTEM_PROMPTS[answer.language] },
        { role: 'user', content: answer.prompt },
      ],
      scriptBias: answer.language,
    });
    // Random positions: people, like judges, favour one side; the record keeps which it was.
    const keptFirst = Math.random() < 0.5;
    this.comparisons.set(id, { other: texts[0], keptFirst });
    const answers: [string, string] = keptFirst ? [answer.text, texts[0]] : [texts[0], answer.text];
    this.post({ type: 'compareReady', payload: { id, answers } });
  }

  /** The user picked position `picked` of a comparison: saved as a pair, chosen against rejected. */
  async pick(id: number, picked: 0 | 1): Promise<void> {
    const answer = this.answers.get(id);
    const comparison = this.comparisons.get(id);
    if (!answer || !comparison) return;
    const kept = rated(answer).answer;
    const other = { text: comparison.other, language: judgeLanguage(comparison.other, answer.language) };
    const keptPicked = (picked === 0) === comparison.keptFirst;
    await savePair(this.context, rated(answer), {
      source: 'compare',
      chosen: keptPicked ? kept : other,
      rejected: keptPicked ? other : kept,
      chosenShownFirst: picked === 0,
    });
    this.comparisons.delete(id);
    this.post({ type: 'compareSaved', payload: { id, picked } });
  }

  /** Runs the answer's tests, shows the verdict, and returns the run (undefined when nothing ran). */
  private async runTests(id: number, answer: KeptAnswer): Promise<RunResult | undefined> {
    const language = uiLanguage();
    const nothingRan = (headline: string, guidance: boolean) => {
      this.post({
        type: 'testsResult',
        payload: { id, passed: false, headline, notes: [], tests: [], ...(guidance && { guidance }) },
      });
      return undefined;
    };
    // Model code runs only where the user trusts the folder (the sandbox is a second line, not the first).
    if (!vscode.workspace.isTrusted) return nothingRan(runProblemMessage('untrusted', language), true);
    const plan = runPlan(answer);
    if (typeof plan === 'string') return nothingRan(runProblemMessage(plan, language), plan === 'noTests');
    this.post({ type: 'testsRunning', payload: { id } });
    const label = answer.question.split('\n')[0].slice(0, 60);
    let result;
    try {
      result = await this.tests.runAnswer(id, label, plan);
    } catch (error) {
      this.log.error(`Running the answer's tests failed: ${String(error)}`);
      return nothingRan(error instanceof Error ? error.message : String(error), false);
    }
    if (typeof result === 'string') return nothingRan(result, false);
    const timeoutMs = getSetting('akkhara.sandbox.timeoutSeconds') * 1000;
    const summary = describeRun(result, plan.testsFrom, language, timeoutMs);
    answer.importFix = summary.importFix;
    answer.tests = {
      passed: result.tests.filter((test) => test.status === 'passed').length,
      total: result.tests.length,
    };
    answer.lastRun = { plan, result };
    this.post({
      type: 'testsResult',
      payload: {
        id,
        passed: summary.passed,
        headline: summary.headline,
        notes: [...summary.notes],
        tests: [...summary.tests],
        // The code's own failure (not the sandbox's): the model can be asked to fix it.
        fixable: !summary.passed && result.status !== 'sandbox_error' && answer.text.trim() !== '',
      },
    });
    return result;
  }

  /** "Fix with the test results": repair rounds, each a new answer in the chat whose tests run at once. */
  private async fix(id: number, answer: KeptAnswer): Promise<void> {
    const last = answer.lastRun;
    if (!last || last.result.passed) return;
    let model;
    try {
      model = await chatModel(this.context, answer.language);
    } catch (error) {
      if (!(error instanceof ModelSetupError)) throw error;
      void vscode.window.showWarningMessage(t(error.key));
      return;
    }
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    // Continue the thread when the answer is its latest turn; else repair that exchange on its own
    // ("the code above" must be the failing answer) and add its rounds to the thread afterwards.
    const latest = this.conversation.turns.at(-1)?.answer === answer.text;
    const conversation = latest
      ? this.conversation
      : {
          language: answer.language,
          turns: [{ question: answer.prompt, attachments: [], answer: answer.text }],
        };
    try {
      await repairInChat(
        {
          post: this.post,
          newId: () => this.nextId++,
          keep: (roundId, kept) => this.keep(roundId, kept),
          runTests: (roundId, kept) => this.runTests(roundId, kept),
          savePair: (pair) => savePair(this.context, rated(answer), { source: 'repair', ...pair }),
          fixed: () => markWalkthroughStep(this.context.globalState, 'akkhara.fixedOnce'),
          log: this.log,
        },
        { id, answer, run: last, model, conversation, signal: controller.signal },
      );
    } finally {
      if (this.controller === controller) this.controller = undefined;
      if (!latest) this.conversation.turns.push(...conversation.turns.slice(1));
      this.saveConversation();
    }
  }
}

export interface AskInChat {
  /** The teacher's task asked (its prompt is the question; its tests run on "Run tests"). */
  readonly task?: LessonTask | Task;
  readonly attachments?: readonly Attachment[];
  /** Runs once the question is accepted and sent. */
  readonly onAccepted?: () => void;
}

const NOTICE_KEYS = {
  'zawgyi-converted': 'notice.zawgyiConverted',
  normalized: 'notice.normalized',
} as const;

/** A change made to the student's text before sending, in the UI language. */
const noticeText = (notice: QuestionNotice): string => t(NOTICE_KEYS[notice]);

/** What "Run tests" runs: the answer against its task's tests, or against the tests it or its question has. */
function runPlan(answer: KeptAnswer): AnswerRunPlan | 'noCode' | 'noTests' {
  if (!answer.task) return planAnswerRun(answer.question, answer.text);
  const request = taskRunRequest(answer.task, answer.text);
  return request ? { request, testsFrom: 'task' } : 'noCode';
}

/** A kept answer as feedback records it. */
function rated(answer: KeptAnswer): RatedAnswer {
  return {
    prompt: answer.prompt,
    system: SYSTEM_PROMPTS[answer.language],
    settings: { source: getSetting('akkhara.model.source'), scriptBias: true },
    language: answer.language,
    model: answer.model,
    answer: {
      text: answer.text,
      language: answer.languageCheck,
      ...(answer.tests && { tests: answer.tests }),
    },
  };
}

/** The answer's program, with the import its last test run found missing. */
function codeToUse(answer: KeptAnswer): string | undefined {
  const code = answerCode(answer.text);
  if (code === undefined) return undefined;
  return answer.importFix && !code.includes(answer.importFix) ? `${answer.importFix}\n${code}` : code;
}

/**
 * Into the editor the user was in, as whole lines (core/tutor/codePlacement), or a new Python file
 * when there is none. When the file already defines a function the code defines, the student is
 * asked whether to replace it (their usual intent after a fix) or insert new lines.
 */
async function insertAtCursor(code: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: code });
    await vscode.window.showTextDocument(document);
    return;
  }
  const lines = editor.document.getText().split(/\r?\n/);
  let edit = insertionEdit(lines, editor.selection, code);
  const replacement = replacementEdit(lines, code);
  if (replacement) {
    const replace = t('chat.replaceFunctionYes');
    const choice = await vscode.window.showInformationMessage(
      t('chat.replaceFunction').replaceAll('{name}', replacement.name),
      replace,
      t('chat.insertAsNewLines'),
    );
    if (choice === undefined) return;
    if (choice === replace) edit = replacement.edit;
  }
  const range = new vscode.Range(
    new vscode.Position(edit.start.line, edit.start.character),
    new vscode.Position(edit.end.line, edit.end.character),
  );
  await editor.edit((builder) => builder.replace(range, edit.text));
  await vscode.window.showTextDocument(editor.document, editor.viewColumn);
}
