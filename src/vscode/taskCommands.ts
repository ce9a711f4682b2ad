/**
 * Commands for teachers and learners around tasks and code: ask about a task, run its tests,
 * explain the selected code, open a sample task.
 */
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isolationNotes, type RunSummary } from '../core/tutor/runMessages';
import { explainQuestion } from '../core/tutor/explain';
import type { ChatViewProvider } from './chatView';
import { preferredAnswerLanguage, t, uiLanguage } from './config';
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
  if (found) await chat.ask(found.located.title, found.located.task);
}

/**
 * CodeLens "Run tests": the task's solution against its tests, through the test controller (the run
 * shows in Test Explorer), the verdict in a notification. Returns what it showed, for callers and tests.
 */
export async function runTaskTests(
  tests: AkkharaTests,
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
  else void vscode.window.showWarningMessage(message);
  return summary;
}

export async function explainSelection(chat: ChatViewProvider): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const code = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  if (!code.trim()) return void vscode.window.showInformationMessage(t('explain.selectFirst'));
  await chat.ask(explainQuestion(code, preferredAnswerLanguage()));
}

/** The sample tasks that ship with the extension (samples/tasks), one Burmese and one Bangla file. */
export async function openSampleTasks(extensionPath: string): Promise<void> {
  const dir = path.join(extensionPath, 'samples', 'tasks');
  const files = (await readdir(dir)).filter((file) => file.endsWith('.task.md'));
  const picked = await vscode.window.showQuickPick(files, { placeHolder: t('samples.pick') });
  if (!picked) return;
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(path.join(dir, picked)));
}
