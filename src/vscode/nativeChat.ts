/**
 * `@akkhara` in VS Code's own chat, where the running VS Code has the Chat API: the same question
 * preparation, model and language check as the Akkhara view, with the answer streamed as Markdown
 * (VS Code renders it untrusted: no command links, no HTML). Part of the models bundle.
 */
import * as vscode from 'vscode';
import { modelErrorMessage } from '../core/model/messages';
import { prepareQuestion, QuestionLanguageError, questionMessages } from '../core/model/prompt';
import { complete, ModelError } from '../core/model/types';
import { checkAnswer } from './chatSession';
import { getSetting, t, uiLanguage } from './config';
import { chatModel, ModelSetupError } from './models';

export async function answerInVsCodeChat(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  prompt: string,
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
): Promise<vscode.ChatResult> {
  let question;
  try {
    question = prepareQuestion(prompt, getSetting('akkhara.answerLanguage'));
  } catch (error) {
    if (!(error instanceof QuestionLanguageError)) throw error;
    stream.markdown(t('chat.noLanguage'));
    return { errorDetails: { message: t('chat.noLanguage') } };
  }
  let model;
  try {
    model = await chatModel(context, question.language);
  } catch (error) {
    if (!(error instanceof ModelSetupError)) throw error;
    stream.markdown(t(error.key));
    if (error.key === 'chat.noModel')
      stream.button({ command: 'akkhara.downloadModel', title: t('chat.downloadModel') });
    return { errorDetails: { message: t(error.key) } };
  }
  const controller = new AbortController();
  const cancel = token.onCancellationRequested(() => controller.abort());
  try {
    stream.progress(model.label);
    const result = await complete(
      model.provider,
      { messages: questionMessages(question), scriptBias: question.language },
      controller.signal,
      (event) => {
        if (event.type === 'delta') stream.markdown(event.text);
      },
    );
    const check = checkAnswer(result.texts[0], question.language);
    if (check.findings.length) {
      const lines = check.findings.map((f) => `- \`${f.text.replace(/`/g, '')}\`: ${f.message}`);
      stream.markdown(
        `\n\n---\n${t('chat.languageCheck')}: ${check.findings.length} · ${t('chat.mixPenalty')} ${check.mixPenalty}/4\n\n${lines.join('\n')}\n`,
      );
    }
    return { metadata: { mixPenalty: check.mixPenalty, language: question.language } };
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    log.error(`The model failed in VS Code's chat (${error.kind}): ${error.message}`);
    const message = modelErrorMessage(uiLanguage(), error.kind, { where: model.where, model: model.label });
    return { errorDetails: { message } };
  } finally {
    cancel.dispose();
  }
}
