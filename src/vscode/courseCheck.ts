/**
 * The course configuration that applies to the chat's answers: the nearest akkhara.config.json above
 * the file the student has open (else the first workspace folder's), read for each question so an
 * edited glossary applies at once. A broken configuration is the language server's to report; the
 * chat then checks without it.
 */
import * as vscode from 'vscode';
import { asUntrusted, ConfigError, CourseConfigs } from '../core/course/config';
import type { CourseCheck } from '../core/tutor/check';

export async function courseCheck(): Promise<CourseCheck> {
  const open = vscode.window.activeTextEditor?.document.uri;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const configs = new CourseConfigs(
    (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
  );
  try {
    const found =
      open?.scheme === 'file'
        ? await configs.forFile(open.fsPath)
        : folder?.scheme === 'file'
          ? await configs.forFolder(folder.fsPath)
          : undefined;
    if (!found) return {};
    const { glossary, severity } = vscode.workspace.isTrusted ? found.config : asUntrusted(found.config);
    return { ...(glossary && { glossary }), ...(severity && { severity }) };
  } catch (error) {
    if (error instanceof ConfigError) return {};
    throw error;
  }
}
