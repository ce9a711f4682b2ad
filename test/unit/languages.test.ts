import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveUiLanguage } from '../../src/core/languages';

test('an explicit UI language wins over the display locale', () => {
  assert.equal(resolveUiLanguage('bn', 'my'), 'bn');
  assert.equal(resolveUiLanguage('en', 'bn-BD'), 'en');
});

test('auto follows the display locale, region subtags included', () => {
  assert.equal(resolveUiLanguage('auto', 'my'), 'my');
  assert.equal(resolveUiLanguage('auto', 'bn-BD'), 'bn');
  assert.equal(resolveUiLanguage('auto', 'bn_IN'), 'bn');
  assert.equal(resolveUiLanguage('auto', 'MY-mm'), 'my');
});

test('auto falls back to English for locales without strings', () => {
  assert.equal(resolveUiLanguage('auto', 'th'), 'en');
  assert.equal(resolveUiLanguage('auto', 'zh-cn'), 'en');
  assert.equal(resolveUiLanguage('auto', ''), 'en');
});
