/**
 * One chat view's conversation with the model: a question in, the answer streamed to the page as
 * untrusted text, stoppable at once. Every failure becomes a message in the UI language that says
 * what to do. Part of the lazily loaded models bundle (it carries the prompt and model code).
 */
import * as vscode from 'vscode';
import { toDiagnostics } from '../core/analysis/diagnostics';
import { analyzeText } from '../core/analysis/findings';
import type { AnswerLanguage } from '../core/languages';
import { modelErrorMessage } from '../core/model/messages';
import { prepareQuestion, QuestionLanguageError, questionMessages } from '../core/model/prompt';
import { complete, ModelError } from '../core/model/types';
import type { AnswerFinding, HostMessage, WebviewCommand } from '../protocol/webview';
import { getSetting, t, uiLanguage } from './config';
import { chatModel, ModelSetupError } from './models';

export class ChatSession {
  private controller?: AbortController;
  /** Unique across sessions: the page keeps earlier answers in its state. */
  private nextId = Date.now();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly post: (message: HostMessage) => void,
  ) {}

  async ask(text: string): Promise<void> {
    this.controller?.abort(); // a new question replaces one still streaming
    const id = this.nextId++;
    const fail = (message: string, action?: { command: WebviewCommand; label: string }) =>
      this.post({ type: 'answerError', payload: { id, message, ...(action && { action }) } });
    let question;
    try {
      question = prepareQuestion(text, getSetting('akkhara.answerLanguage'));
    } catch (error) {
      if (error instanceof QuestionLanguageError) return fail(t('chat.noLanguage'));
      throw error;
    }
    let model;
    try {
      model = await chatModel(this.context, question.language);
    } catch (error) {
      if (error instanceof ModelSetupError)
        return fail(
          t(error.key),
          error.key === 'chat.noModel'
            ? { command: 'akkhara.downloadModel', label: t('chat.downloadModel') }
            : undefined,
        );
      throw error;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.post({
      type: 'answerStart',
      payload: { id, question: question.text, language: question.language, model: model.label },
    });
    this.log.info(`Asking ${model.provider.id} (${question.language})`);
    try {
      const result = await complete(
        model.provider,
        { messages: questionMessages(question), scriptBias: question.language },
        controller.signal,
        (event) => {
          if (event.type === 'delta') this.post({ type: 'answerDelta', payload: { id, text: event.text } });
        },
      );
      this.post({ type: 'answerEnd', payload: { id, finishReason: result.finishReasons[0] } });
      this.post({
        type: 'answerFindings',
        payload: { id, ...checkAnswer(result.texts[0], question.language) },
      });
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      this.log.error(`The model failed (${error.kind}): ${error.message}`);
      fail(modelErrorMessage(uiLanguage(), error.kind, { where: model.where, model: model.label }));
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
  }

  stop(): void {
    this.controller?.abort();
  }
}

/** The answer's errors and warnings (hints, such as English terms, are not marked) and its mix penalty. */
function checkAnswer(
  answer: string,
  language: AnswerLanguage,
): { findings: AnswerFinding[]; mixPenalty: number } {
  const analysis = analyzeText(answer, { kind: 'markdown', target: language });
  const findings = toDiagnostics(answer, analysis, uiLanguage()).flatMap(
    (diagnostic, index): AnswerFinding[] => {
      const { severity } = diagnostic;
      if (severity !== 1 && severity !== 2) return [];
      const { text } = analysis.findings[index];
      return [{ text, message: diagnostic.message, severity, code: diagnostic.code }];
    },
  );
  return { findings, mixPenalty: analysis.stats.mixPenalty };
}
