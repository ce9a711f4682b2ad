/** The buttons under a failed answer that fix its cause, in the UI language. */
import type { MessageKey } from '../core/i18n';
import type { WebviewCommand } from '../protocol/webview';
import { t } from './config';

export type ErrorAction = { command: WebviewCommand; label: string };

/** Another model or server: after a model failed, or when none is set up. */
export const chooseModelAction = (): ErrorAction => ({
  command: 'akkhara.chooseModel',
  label: t('chat.chooseModel'),
});

/** A model that is not set up: one to download or choose, or the folder to trust. */
export function setupActions(key: MessageKey): ErrorAction[] {
  if (key === 'chat.noModel')
    return [{ command: 'akkhara.downloadModel', label: t('chat.downloadModel') }, chooseModelAction()];
  if (key === 'chat.untrusted') return [{ command: 'workbench.trust.manage', label: t('chat.trustFolder') }];
  return [chooseModelAction()];
}
