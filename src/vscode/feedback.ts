/**
 * Contributors' feedback in the editor: 👍/👎 on an answer (with reasons, some pre-selected from
 * what Akkhara already knows), "Improve this answer" (the edited text becomes the chosen answer,
 * the original the rejected one), and exporting training data. Part of the models bundle.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXPORT_FORMATS, exportJsonl, exportRows, type ExportFormat } from '../core/feedback/export';
import {
  FEEDBACK_REASONS,
  type FeedbackReason,
  type JudgedAnswer,
  type PairRecord,
} from '../core/feedback/record';
import { FeedbackStore } from '../core/feedback/store';
import type { MessageKey } from '../core/i18n';
import type { AnswerLanguage } from '../core/languages';
import { checkAnswer, recordedCheck } from '../core/tutor/check';
import { getSetting, t, uiLanguage } from './config';

/** What the chat knows about an answer when it is rated. */
export interface RatedAnswer {
  readonly prompt: string;
  readonly system: string;
  readonly language: AnswerLanguage;
  readonly model: string;
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  readonly answer: JudgedAnswer;
}

/** The store the settings name: VS Code's global storage, or the workspace's `.akkhara/feedback.jsonl`. */
/** Set once the student has been told where feedback goes (the first time they give any). */
const NOTICE_SHOWN = 'akkhara.feedbackNoticeShown';

/**
 * Saves a feedback record; the first time ever, says once, in the UI language, that it stays on
 * this computer, what is saved and where (with the file to open).
 */
async function appendFeedback(
  context: vscode.ExtensionContext,
  record: Parameters<FeedbackStore['append']>[0],
): Promise<void> {
  const store = feedbackStore(context);
  await store.append(record);
  if (context.globalState.get(NOTICE_SHOWN)) return;
  await context.globalState.update(NOTICE_SHOWN, true);
  const open = t('feedback.openStore');
  void vscode.window
    .showInformationMessage(`${t('feedback.firstTime')} ${store.file}`, open)
    .then(async (choice) => {
      if (choice === open)
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(store.file));
    });
}

export function feedbackStore(context: vscode.ExtensionContext): FeedbackStore {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (getSetting('akkhara.feedback.location') === 'workspace' && folder)
    return new FeedbackStore(path.join(folder.uri.fsPath, '.akkhara', 'feedback.jsonl'), folder.uri.fsPath);
  return new FeedbackStore(path.join(context.globalStorageUri.fsPath, 'feedback', 'feedback.jsonl'));
}

/** The language check of a text, as a feedback record keeps it. */
export function judgeLanguage(text: string, language: AnswerLanguage): JudgedAnswer['language'] {
  return recordedCheck(checkAnswer(text, language, uiLanguage()));
}

const modelName = (label: string) => path.basename(label); // a GGUF path becomes its file name

export async function rate(
  context: vscode.ExtensionContext,
  rated: RatedAnswer,
  rating: 'up' | 'down',
): Promise<'up' | 'down' | undefined> {
  let reasons: FeedbackReason[] = [];
  let note: string | undefined;
  if (rating === 'down') {
    const failedTests =
      rated.answer.tests !== undefined && rated.answer.tests.passed < rated.answer.tests.total;
    const picked = await vscode.window.showQuickPick(
      FEEDBACK_REASONS.map((reason) => ({
        label: t(`feedback.reason.${reason}` as MessageKey),
        reason,
        picked:
          (reason === 'mixed-script' && (rated.answer.language?.problems ?? 0) > 0) ||
          (reason === 'wrong-code' && failedTests),
      })),
      {
        canPickMany: true,
        title: t('chat.rateDownLabel'),
        placeHolder: t('feedback.reasons'),
        ignoreFocusOut: true,
      },
    );
    if (!picked) return undefined; // dismissed: nothing is saved
    reasons = picked.map((item) => item.reason);
    if (reasons.includes('other'))
      note = (await vscode.window.showInputBox({ prompt: t('feedback.note') }))?.trim();
  }
  await appendFeedback(context, {
    kind: 'rating',
    rating,
    reasons,
    ...(note && { note }),
    prompt: rated.prompt,
    system: rated.system,
    language: rated.language,
    model: modelName(rated.model),
    settings: rated.settings,
    answer: rated.answer,
  });
  vscode.window.setStatusBarMessage(t('feedback.saved'), 4000);
  return rating;
}

/** Stores a pair for the rated answer's prompt (an edit, or the pick of a comparison). */
export async function savePair(
  context: vscode.ExtensionContext,
  rated: RatedAnswer,
  pair: Pick<PairRecord, 'source' | 'chosen' | 'rejected' | 'chosenShownFirst'>,
): Promise<void> {
  await appendFeedback(context, {
    kind: 'pair',
    ...pair,
    prompt: rated.prompt,
    system: rated.system,
    language: rated.language,
    model: modelName(rated.model),
    settings: rated.settings,
  });
  vscode.window.setStatusBarMessage(t('feedback.saved'), 4000);
}

/** Opens the answer for editing; "Save as improved answer" stores the edit against the original. */
export async function improve(context: vscode.ExtensionContext, rated: RatedAnswer): Promise<void> {
  const document = await vscode.workspace.openTextDocument({
    language: 'akkhara-answer',
    content: rated.answer.text,
  });
  await vscode.window.showTextDocument(document, { preview: false });
  const save = t('feedback.saveImproved');
  const choice = await vscode.window.showInformationMessage(t('feedback.improveHint'), save);
  if (choice !== save) return;
  const edited = document.getText();
  if (edited.trim() === rated.answer.text.trim()) return;
  await savePair(context, rated, {
    source: 'edit',
    chosen: { text: edited, language: judgeLanguage(edited, rated.language) },
    rejected: rated.answer,
  });
}

export async function exportFeedback(context: vscode.ExtensionContext): Promise<void> {
  const store = feedbackStore(context);
  const { records } = await store.load();
  if (records.length === 0) return void vscode.window.showInformationMessage(t('feedback.nothing'));
  const picked = await vscode.window.showQuickPick(
    EXPORT_FORMATS.map((format) => ({
      label: format,
      description: `${exportRows(records, format).length}`,
      format,
    })),
    { placeHolder: t('feedback.pickFormat') },
  );
  if (!picked) return;
  const format: ExportFormat = picked.format;
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(path.join(path.dirname(store.file), `akkhara-${format}.jsonl`)),
    filters: { JSONL: ['jsonl'] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, Buffer.from(exportJsonl(records, format)));
  void vscode.window.showInformationMessage(`${t('feedback.exported')} ${target.fsPath}`);
}
