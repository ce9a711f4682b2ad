/**
 * For a teacher demonstrating a solution, "Explain This Code Line by Line": the selection (whole
 * lines) or the file, commented line by line by the chat's model in the answer language, shown as a
 * diff beside the file with "Apply the comments" / "Discard" (VS Code's refactor preview would show
 * an edit that needs confirmation unticked, so its Apply would do nothing until ticked). Only comments
 * are added: describe's engine checks that the result, without its comments, is the code as it
 * was (Python's own tokenizer decides), else nothing is proposed and the reason is said. And
 * "Describe This Solution as a Task": a task file drafted from the code. Part of the models bundle.
 */
import * as vscode from 'vscode';
import { CodeTools } from '../core/describe/codeTools';
import { attemptSampling, commentCode, describeTarget, type DropReason } from '../core/describe/describe';
import { taskDraft } from '../core/describe/taskDraft';
import type { AnswerLanguage } from '../core/languages';
import type { MessageKey } from '../core/i18n';
import { complete, type ChatMessage } from '../core/model/types';
import { findPython } from '../core/sandbox/python';
import { chatModel, ModelSetupError, type ChatModel } from './chatModel';
import { preferredAnswerLanguage, t } from './config';
import { pythonForTests } from './pythonInterpreter';

const WHY: Partial<Record<DropReason, MessageKey>> = {
  'code-changed': 'lineComments.codeChanged',
  'not-parseable': 'lineComments.codeChanged',
  'wrong-language': 'lineComments.language',
  'mixed-script': 'lineComments.language',
};

/** The selection grown to whole lines, or the whole document when nothing is selected. */
function wholeLines(editor: vscode.TextEditor): vscode.Range {
  const { document, selection } = editor;
  if (selection.isEmpty) return new vscode.Range(0, 0, document.lineCount, 0);
  // A selection that ends at the start of a line does not take that line.
  const last =
    selection.end.character === 0 && selection.end.line > selection.start.line
      ? selection.end.line - 1
      : selection.end.line;
  return new vscode.Range(selection.start.line, 0, last, document.lineAt(last).text.length);
}

const SCHEME = 'akkhara-proposal';
/** The proposed texts the diff shows, by the proposal's URI. */
const proposals = new Map<string, string>();
let serving = false;

/** Shows the file beside the proposal and asks; the diff closes whatever the answer. */
async function approved(
  context: vscode.ExtensionContext,
  document: vscode.TextDocument,
  range: vscode.Range,
  commented: string,
): Promise<boolean> {
  if (!serving) {
    serving = true;
    context.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
        provideTextDocumentContent: (uri) => proposals.get(uri.toString()) ?? '',
      }),
    );
  }
  const whole = document.getText();
  const proposed =
    whole.slice(0, document.offsetAt(range.start)) + commented + whole.slice(document.offsetAt(range.end));
  const uri = vscode.Uri.from({ scheme: SCHEME, path: document.uri.path, query: `${Date.now()}` });
  proposals.set(uri.toString(), proposed);
  try {
    await vscode.commands.executeCommand('vscode.diff', document.uri, uri, t('lineComments.label'));
    const apply = t('lineComments.apply');
    const choice = await vscode.window.showInformationMessage(
      t('lineComments.review'),
      apply,
      t('lineComments.discard'),
    );
    return choice === apply;
  } finally {
    for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs))
      if (tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === uri.toString())
        await vscode.window.tabGroups.close(tab);
    proposals.delete(uri.toString());
  }
}

/** What both teacher commands start from: the Python code in the editor, the model, Python's tools. */
interface TeacherCode {
  readonly document: vscode.TextDocument;
  readonly range: vscode.Range;
  readonly code: string;
  readonly version: number;
  readonly language: AnswerLanguage;
  readonly tools: CodeTools;
  /** A model answer; a retry (attempt > 0) samples at 0.7, since temperature 0 would repeat itself. */
  ask(messages: ChatMessage[], attempt: number): Promise<string>;
  readonly signal: AbortSignal;
}

/**
 * Runs `work` on the editor's Python (the selection as whole lines, or the file) with the chat's
 * model, under a cancellable progress notification; undefined when there is nothing to work on
 * (said to the user) or it was cancelled. Python's tools are closed after.
 */
async function withTeacherCode<T>(
  context: vscode.ExtensionContext,
  title: MessageKey,
  work: (code: TeacherCode) => Promise<T>,
): Promise<T | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'python')
    return void vscode.window.showInformationMessage(t('lineComments.openPython'));
  const { document } = editor;
  const range = document.validateRange(wholeLines(editor));
  const code = document.getText(range);
  const language = preferredAnswerLanguage();
  let model: ChatModel;
  try {
    model = await chatModel(context, language);
  } catch (error) {
    if (error instanceof ModelSetupError) return void vscode.window.showWarningMessage(t(error.key));
    throw error;
  }
  const tools = new CodeTools((await findPython((await pythonForTests()).path)).executable);
  try {
    const whole = await tools.check(code.trim() ? code : 'pass', code);
    if (!whole.parses) return void vscode.window.showWarningMessage(t('lineComments.notWhole'));
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t(title), cancellable: true },
      async (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        const ask = async (messages: ChatMessage[], attempt: number) =>
          (
            await complete(
              model.provider,
              { messages, ...attemptSampling(attempt, 0, undefined, 0.7) },
              controller.signal,
            )
          ).texts[0];
        const result = await work({
          document,
          range,
          code,
          version: document.version,
          language,
          tools,
          ask,
          signal: controller.signal,
        });
        return controller.signal.aborted ? undefined : result;
      },
    );
  } finally {
    tools.close();
  }
}

export async function explainLineByLine(context: vscode.ExtensionContext): Promise<void> {
  const done = await withTeacherCode(context, 'lineComments.working', async (teacher) => ({
    teacher,
    outcome: await commentCode(teacher.code, { ...teacher, retries: 2 }),
  }));
  if (!done) return;
  const { teacher, outcome } = done;
  const { document, range, code, version } = teacher;
  if (!('ok' in outcome.verdict))
    return void vscode.window.showWarningMessage(t(WHY[outcome.verdict.dropped] ?? 'lineComments.noAnswer'));
  // Typed meanwhile: the comments belong to code that is no longer there.
  if (document.version !== version)
    return void vscode.window.showWarningMessage(t('lineComments.changedMeanwhile'));
  const commented = code.endsWith('\n') ? outcome.verdict.ok : outcome.verdict.ok.replace(/\n$/, '');
  if (!(await approved(context, document, range, commented))) return;
  if (document.version !== version)
    return void vscode.window.showWarningMessage(t('lineComments.changedMeanwhile'));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, range, commented);
  await vscode.workspace.applyEdit(edit);
}

/**
 * "Describe This Solution": a task file drafted from the code — its short, detailed and
 * section-by-section descriptions as heading and prompt, the code as solution — opened unsaved for
 * the teacher to edit and add tests to.
 */
export async function describeSolution(context: vscode.ExtensionContext): Promise<void> {
  const done = await withTeacherCode(context, 'describeSolution.working', async (teacher) => ({
    teacher,
    rows: await describeTarget(
      { file: teacher.document.uri.path, name: null, code: teacher.code },
      { ...teacher, retries: 2, model: '' },
      ['short', 'detailed', 'sections'],
    ),
  }));
  if (!done) return;
  const { teacher, rows } = done;
  if (!rows.some((row) => row.text !== undefined))
    return void vscode.window.showWarningMessage(t('lineComments.language'));
  const draft = await vscode.workspace.openTextDocument({
    language: 'akkhara-task',
    content: taskDraft(rows, teacher.code, teacher.language),
  });
  await vscode.window.showTextDocument(draft);
}
