import * as vscode from 'vscode';
import { t } from './config';
import type { MessageKey } from '../core/i18n';

/**
 * Logs an error with its stack and tells the user in their language, with a button to the logs.
 * Never throws: it is called from error paths.
 */
export function reportError(log: vscode.LogOutputChannel, key: MessageKey, error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error);
  log.error(`${t(key)} ${error instanceof Error && error.stack ? error.stack : detail}`);
  const showLogs = t('action.showLogs');
  vscode.window.showErrorMessage(`${t(key)} ${detail}`, showLogs).then(
    (choice) => {
      if (choice === showLogs) log.show(true);
    },
    () => undefined,
  );
}
