/**
 * Code from the editor as an attachment for the chat's next question: the selection (labelled with
 * its file and lines) or the whole file, converted and cut as the tutor does for anything attached.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { selectedCode } from '../core/tutor/codePlacement';
import { studentAttachment, type Attachment } from '../core/tutor/conversation';

/** A file's name as the model sees it: relative to the workspace, else only its base name (no home folder). */
function nameOf(document: vscode.TextDocument): string {
  if (document.isUntitled) return document.uri.path;
  const relative = vscode.workspace.asRelativePath(document.uri, false);
  return relative === document.uri.fsPath ? path.basename(document.uri.fsPath) : relative;
}

/** The editor the student was in (a chat view in the side bar leaves it active). */
const editorInUse = () => vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];

/** The active editor's selection (whole lines when it spans several) or file; undefined when there is no editor or no text. */
export function editorAttachment(what: 'selection' | 'file'): Attachment | undefined {
  const editor = editorInUse();
  if (!editor) return undefined;
  const { document, selection } = editor;
  const name = nameOf(document);
  // No selection: the file the student is in (they asked about "this", and it is open).
  if (what === 'file' || selection.isEmpty) return fileAttachment(document);
  const { text, first, last } = selectedCode(document.getText().split(/\r?\n/), selection);
  if (!text.trim()) return undefined;
  const label = first === last ? `${name}:${first + 1}` : `${name}:${first + 1}-${last + 1}`;
  return studentAttachment('selection', label, text, document.languageId);
}

/**
 * The chat's "Attach file": the student picks which file — one of the open editors' files (the one in
 * use first), or any other through the file dialog. Undefined when they pick none, or the file has
 * no text.
 */
export async function pickedFileAttachment(labels: {
  readonly title: string;
  readonly browse: string;
}): Promise<Attachment | undefined> {
  const open = vscode.workspace.textDocuments.filter(
    (document) => !document.isClosed && ['file', 'untitled'].includes(document.uri.scheme),
  );
  const inUse = editorInUse()?.document;
  const ordered = inUse && open.includes(inUse) ? [inUse, ...open.filter((d) => d !== inUse)] : open;
  const browse = { label: `$(folder-opened) ${labels.browse}`, document: undefined };
  const picked = await vscode.window.showQuickPick(
    [...ordered.map((document) => ({ label: nameOf(document), document })), browse],
    { title: labels.title, ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  let document = picked.document;
  if (!document) {
    const [uri] = (await vscode.window.showOpenDialog({ title: labels.title, canSelectMany: false })) ?? [];
    if (!uri) return undefined;
    document = await vscode.workspace.openTextDocument(uri);
  }
  return fileAttachment(document);
}

/** A whole document as an attachment; undefined when it has no text. */
function fileAttachment(document: vscode.TextDocument): Attachment | undefined {
  const text = document.getText();
  return text.trim() ? studentAttachment('file', nameOf(document), text, document.languageId) : undefined;
}
