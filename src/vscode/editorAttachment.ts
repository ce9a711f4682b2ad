/**
 * Code from the editor as an attachment for the chat's next question: the selection (labelled with
 * its file and lines) or the whole file, converted and cut as the tutor does for anything attached.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { studentAttachment, type Attachment } from '../core/tutor/conversation';

/** A file's name as the model sees it: relative to the workspace, else only its base name (no home folder). */
function nameOf(document: vscode.TextDocument): string {
  if (document.isUntitled) return document.uri.path;
  const relative = vscode.workspace.asRelativePath(document.uri, false);
  return relative === document.uri.fsPath ? path.basename(document.uri.fsPath) : relative;
}

/** The editor the student was in (a chat view in the side bar leaves it active). */
const editorInUse = () => vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];

/** The active editor's selection or file; undefined when there is no editor, no selection or no text. */
export function editorAttachment(what: 'selection' | 'file'): Attachment | undefined {
  const editor = editorInUse();
  if (!editor) return undefined;
  const { document, selection } = editor;
  const name = nameOf(document);
  if (what === 'file')
    return document.getText().trim()
      ? studentAttachment('file', name, document.getText(), document.languageId)
      : undefined;
  const text = document.getText(selection);
  if (selection.isEmpty || !text.trim()) return undefined;
  const first = selection.start.line + 1;
  // A selection that ends at the start of a line does not take that line.
  const last =
    selection.end.character === 0 && selection.end.line > selection.start.line
      ? selection.end.line
      : selection.end.line + 1;
  const label = first === last ? `${name}:${first}` : `${name}:${first}-${last}`;
  return studentAttachment('selection', label, text, document.languageId);
}
