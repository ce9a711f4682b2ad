/** Where Akkhara keeps downloaded models; small enough for the activation bundle (the status bar reads it). */
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { AnswerLanguage } from '../core/languages';
import { defaultModelFor } from '../core/model/local/catalog';

/** The extension's global storage, shared by every window. */
export function modelsDir(context: vscode.ExtensionContext): string {
  return path.join(context.globalStorageUri.fsPath, 'models');
}

/** Where the default model for `language` lies once downloaded. */
export function defaultModelPath(context: vscode.ExtensionContext, language: AnswerLanguage): string {
  return path.join(modelsDir(context), defaultModelFor(language).fileName);
}
