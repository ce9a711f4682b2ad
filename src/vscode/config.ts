import * as vscode from 'vscode';
import { resolveUiLanguage, type AnswerLanguage, type UiLanguage } from '../core/languages';
import { SETTINGS, validSettingOrDefault, type SettingKey, type SettingValue } from '../core/settings';
import { translate, type MessageKey } from '../core/i18n';

/** Settings the language server reads at start: changing one restarts it. */
export const SETTINGS_NEEDING_SERVER_RESTART: readonly SettingKey[] = ['akkhara.uiLanguage'];

/** Reads one setting, typed; a malformed value in settings.json yields the default, never a throw. */
export function getSetting<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): SettingValue<K> {
  const raw = vscode.workspace.getConfiguration(undefined, scope).get<unknown>(key, SETTINGS[key].default);
  return validSettingOrDefault(key, raw);
}

export function uiLanguage(): UiLanguage {
  return resolveUiLanguage(getSetting('akkhara.uiLanguage'), vscode.env.language);
}

/** A UI string in the user's language. */
export function t(key: MessageKey): string {
  return translate(uiLanguage(), key);
}

/** The answer language to suggest a model for: the setting, else the UI language, else Burmese. */
export function preferredAnswerLanguage(): AnswerLanguage {
  const setting = getSetting('akkhara.answerLanguage');
  if (setting !== 'auto') return setting;
  return uiLanguage() === 'bn' ? 'bn' : 'my';
}
