/**
 * Commands for teachers and learners around tasks and code: ask about a task, run its tests,
 * explain the selected code, open a sample task.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isolationNotes, type RunSummary } from '../core/tutor/runMessages';
import { explainQuestion } from '../core/tutor/explain';
import type { ChatViewProvider } from './chatView';
import { preferredAnswerLanguage, t, uiLanguage } from './config';
import { loadModels } from './modelsBundle';
import { testing, type AkkharaTests } from './testController';

/** The document a lens names (it may have closed since), and its task at `index`. */
async function taskAt(uri: unknown, index: unknown) {
  if (typeof uri !== 'string' || !Number.isSafeInteger(index)) return undefined;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const located = testing().discoverTasks(document)[index as number];
  return located && { document, located };
}

export async function askTask(chat: ChatViewProvider, uri: unknown, index: unknown): Promise<void> {
  const found = await taskAt(uri, index);
  if (found) await chat.ask(found.located.title, { task: found.located.task });
}

/**
 * CodeLens "Run tests": the task's solution against its tests, through the test controller (the run
 * shows in Test Explorer), the verdict in a notification. Returns what it showed, for callers and tests.
 */
export async function runTaskTests(
  tests: AkkharaTests,
  chat: ChatViewProvider,
  uri: unknown,
  index: unknown,
): Promise<RunSummary | string | undefined> {
  const found = await taskAt(uri, index);
  if (!found) return undefined;
  const result = await tests.runTask(found.document, index as number);
  if (result === undefined) {
    void vscode.window.showInformationMessage(t('task.noSolution'));
    return t('task.noSolution');
  }
  if (typeof result === 'string') {
    void vscode.window.showWarningMessage(result);
    return result;
  }
  const summary = testing().summaryOf(result, 'task');
  const message = [
    `${found.located.title}: ${summary.headline}`,
    ...isolationNotes(result, uiLanguage()),
  ].join(' ');
  if (summary.passed) void vscode.window.showInformationMessage(message);
  else if (result.status === 'sandbox_error') void vscode.window.showWarningMessage(message);
  else {
    // The code's own failure: the student can ask why, with the code and the failures attached.
    const explain = t('chat.explainError');
    void vscode.window.showWarningMessage(message, explain).then((choice) => {
      const failure = tests.taskFailure(found.document, index as number);
      if (choice !== explain || !failure) return;
      const { text, attachments } = loadModels().explainErrorQuestion(
        preferredAnswerLanguage(),
        failure.code,
        failure.result,
      );
      void chat.ask(text, { attachments });
    });
  }
  return summary;
}

/** Test Explorer's "Explain this error" on a failed Akkhara test: why it failed, in the answer language. */
export async function explainTestFailure(
  chat: ChatViewProvider,
  tests: AkkharaTests,
  item: unknown,
): Promise<void> {
  const failure = isTestItem(item) ? tests.failureOf(item) : undefined;
  if (!failure) return void vscode.window.showInformationMessage(t('tests.noFailureToExplain'));
  const { text, attachments } = loadModels().explainErrorQuestion(
    preferredAnswerLanguage(),
    failure.code,
    failure.result,
  );
  await chat.ask(text, { attachments });
}

const isTestItem = (value: unknown): value is vscode.TestItem =>
  typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';

export async function explainSelection(chat: ChatViewProvider): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const code = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  if (!code.trim()) return void vscode.window.showInformationMessage(t('explain.selectFirst'));
  // A selected traceback: what the error means and how to fix it, rather than "what this code does".
  // (The question's code lives in the models bundle, which the chat loads anyway.)
  const { explainTracebackQuestion, looksLikeTraceback } = loadModels();
  if (looksLikeTraceback(code)) {
    const { text, attachments } = explainTracebackQuestion(preferredAnswerLanguage(), code);
    return chat.ask(text, { attachments });
  }
  await chat.ask(explainQuestion(code, preferredAnswerLanguage()));
}

/** The sample tasks that ship with the extension (samples/tasks), one Burmese and one Bangla file. */
/**
 * Opens a sample task to work on: a copy in Akkhara's own storage, made the first time and kept
 * after (the student's edits stay, and the installed extension's files are never changed).
 */
export async function openSampleTasks(context: vscode.ExtensionContext): Promise<void> {
  const dir = path.join(context.extensionPath, 'samples', 'tasks');
  const files = (await readdir(dir)).filter((file) => file.endsWith('.task.md'));
  const picked = await vscode.window.showQuickPick(files, { placeHolder: t('samples.pick') });
  if (!picked) return;
  const copies = path.join(context.globalStorageUri.fsPath, 'samples');
  const copy = path.join(copies, picked);
  await mkdir(copies, { recursive: true });
  // COPYFILE_EXCL: a copy the student already has is theirs, never overwritten.
  await copyFile(path.join(dir, picked), copy, constants.COPYFILE_EXCL).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    },
  );
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(copy));
}
