import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATALOGUES, translate } from '../../src/core/i18n';
import { UI_LANGUAGES } from '../../src/core/languages';

const SCRIPT: Record<string, RegExp> = { my: /\p{Script=Myanmar}/u, bn: /\p{Script=Bengali}/u };

test('every UI language has every message, non-empty', () => {
  const keys = Object.keys(CATALOGUES.en).sort();
  for (const language of UI_LANGUAGES) {
    assert.deepEqual(Object.keys(CATALOGUES[language]).sort(), keys, language);
    for (const key of keys)
      assert.ok(translate(language, key as keyof typeof CATALOGUES.en).trim(), `${language}:${key}`);
  }
});

test('Burmese and Bangla messages are written in their own script, not copied English', () => {
  for (const language of ['my', 'bn'] as const) {
    for (const [key, text] of Object.entries(CATALOGUES[language])) {
      assert.match(text, SCRIPT[language], `${language}:${key} has no ${language} letters`);
      assert.notEqual(
        text,
        CATALOGUES.en[key as keyof typeof CATALOGUES.en],
        `${language}:${key} is untranslated`,
      );
    }
  }
});

test('messages are NFC and carry no Zawgyi-only or control characters', () => {
  for (const language of UI_LANGUAGES) {
    for (const [key, text] of Object.entries(CATALOGUES[language])) {
      assert.equal(text, text.normalize('NFC'), `${language}:${key} is not NFC`);
      assert.doesNotMatch(text, /[\u0000-\u001f\u200b]/u, `${language}:${key}`);
    }
  }
});
