/**
 * `@akkhara` in VS Code's own chat, where the running VS Code has the Chat API: the tutor engine's
 * question preparation, conversation, model and language check, with the answer streamed as
 * Markdown (VS Code renders it untrusted: no command links, no HTML). A follow-up carries the
 * thread: VS Code's ChatContext history of `@akkhara`'s own turns becomes the engine's
 * conversation. Part of the models bundle.
 */
import * as vscode from 'vscode';
import { modelErrorMessage } from '../core/model/messages';
import { ModelError } from '../core/model/types';
import { askQuestion, prepareInConversation } from '../core/tutor/ask';
import { detectTarget } from '../core/analysis/findings';
import { newConversation, QuestionTooLongError, type Conversation } from '../core/tutor/conversation';
import { QuestionLanguageError } from '../core/tutor/prompt';
import { getSetting, t, uiLanguage } from './config';
import { chatModel, ModelSetupError } from './chatModel';

/** Where the language check begins in an answer `@akkhara` streamed: it is not the model's text. */
const CHECK_SEPARATOR = '\n\n---\n';

/** The parts of VS Code's chat history this needs (structural: no API types are constructed). */
type HistoryTurn =
  | { readonly prompt: string; readonly participant: string }
  | { readonly response: readonly unknown[]; readonly participant: string };

function responseText(parts: readonly unknown[]): string {
  const text = parts
    .map((part) => {
      const value = (part as { value?: unknown }).value;
      if (typeof value === 'string') return value;
      const markdown = (value as { value?: unknown } | undefined)?.value;
      return typeof markdown === 'string' ? markdown : '';
    })
    .join('');
  const check = text.lastIndexOf(CHECK_SEPARATOR);
  return check >= 0 ? text.slice(0, check) : text;
}

/** `@akkhara`'s earlier questions and answers in this chat, as the engine's conversation. */
export function conversationFromHistory(history: readonly HistoryTurn[], participant: string): Conversation {
  const conversation = newConversation();
  let question: string | undefined;
  for (const turn of history) {
    if (turn.participant !== participant) continue;
    if ('prompt' in turn) question = turn.prompt;
    else if (question !== undefined) {
      const answer = responseText(turn.response);
      if (answer.trim()) conversation.turns.push({ question, attachments: [], answer });
      question = undefined;
    }
  }
  const first = conversation.turns[0];
  const language = first && detectTarget(first.question + first.answer);
  if (language) conversation.language = language;
  return conversation;
}

export async function answerInVsCodeChat(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  request: { readonly prompt: string },
  chatContext: { readonly history?: readonly HistoryTurn[] },
  participant: string,
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
): Promise<vscode.ChatResult> {
  const conversation = conversationFromHistory(chatContext.history ?? [], participant);
  let question;
  try {
    question = prepareInConversation(request.prompt, getSetting('akkhara.answerLanguage'), conversation);
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
    const answer = await askQuestion(model, conversation, question, {
      uiLanguage: uiLanguage(),
      signal: controller.signal,
      onDelta: (text) => stream.markdown(text),
    });
    const { check } = answer;
    const notes = answer.dropped ? [t('chat.dropped')] : [];
    if (check.findings.length) {
      const lines = check.findings.map((f) => `- \`${f.text.replace(/`/g, '')}\`: ${f.message}`);
      notes.push(
        `${t('chat.languageCheck')}: ${check.findings.length} · ${t('chat.mixPenalty')} ${check.mixPenalty}/4\n\n${lines.join('\n')}`,
      );
    }
    if (notes.length) stream.markdown(`${CHECK_SEPARATOR}${notes.join('\n\n')}\n`);
    return { metadata: { mixPenalty: check.mixPenalty, language: question.language } };
  } catch (error) {
    if (error instanceof QuestionTooLongError) return { errorDetails: { message: t('chat.tooLong') } };
    if (!(error instanceof ModelError)) throw error;
    log.error(`The model failed in VS Code's chat (${error.kind}): ${error.message}`);
    const message = modelErrorMessage(uiLanguage(), error.kind, { where: model.where, model: model.label });
    return { errorDetails: { message } };
  } finally {
    cancel.dispose();
  }
}
