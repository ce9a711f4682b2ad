/** Languages Akkhara speaks: the UI adds English; answers are always Burmese or Bangla. */
export const UI_LANGUAGES = ['en', 'my', 'bn'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export const ANSWER_LANGUAGES = ['my', 'bn'] as const;
export type AnswerLanguage = (typeof ANSWER_LANGUAGES)[number];

/** Setting values: `auto` follows VS Code's display language (UI) or the prompt's script (answers). */
export type UiLanguageSetting = UiLanguage | 'auto';
export type AnswerLanguageSetting = AnswerLanguage | 'auto';

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

/**
 * Picks the UI language from the setting and VS Code's display locale (`vscode.env.language`, e.g.
 * `my`, `bn-BD`, `en-US`). Locales we have no strings for fall back to English.
 */
export function resolveUiLanguage(setting: UiLanguageSetting, displayLocale: string): UiLanguage {
  if (setting !== 'auto') return setting;
  const primary = displayLocale.toLowerCase().split(/[-_]/)[0];
  return isUiLanguage(primary) ? primary : 'en';
}
