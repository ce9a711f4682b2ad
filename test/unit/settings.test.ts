import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SETTINGS, validSettingOrDefault } from '../../src/core/settings';

test('valid values pass through unchanged', () => {
  assert.equal(validSettingOrDefault('akkhara.uiLanguage', 'my'), 'my');
  assert.equal(validSettingOrDefault('akkhara.sandbox.timeoutSeconds', 30), 30);
  assert.equal(
    validSettingOrDefault('akkhara.model.endpoint', 'http://127.0.0.1:8080/v1'),
    'http://127.0.0.1:8080/v1',
  );
});

test('malformed values fall back to the default instead of throwing', () => {
  assert.equal(validSettingOrDefault('akkhara.uiLanguage', 'th'), 'auto');
  assert.equal(validSettingOrDefault('akkhara.uiLanguage', 42), 'auto');
  assert.equal(validSettingOrDefault('akkhara.sandbox.timeoutSeconds', 0), 10);
  assert.equal(validSettingOrDefault('akkhara.sandbox.timeoutSeconds', Number.NaN), 10);
  assert.equal(validSettingOrDefault('akkhara.sandbox.timeoutSeconds', '30'), 10);
  assert.equal(validSettingOrDefault('akkhara.python.path', null), '');
});

test('every default is itself valid', () => {
  for (const key of Object.keys(SETTINGS) as (keyof typeof SETTINGS)[]) {
    assert.equal(validSettingOrDefault(key, SETTINGS[key].default), SETTINGS[key].default, key);
  }
});
