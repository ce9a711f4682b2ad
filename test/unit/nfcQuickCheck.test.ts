import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../src/core/analysis/findings';

/** Whether analysis reports `text` (one token) as not NFC. */
const reportsNotNfc = (text: string) =>
  analyzeText(text, { kind: 'plaintext', target: 'auto' }).findings.some((f) => f.code === 'not-nfc');

test('the NFC quick check agrees with String.prototype.normalize on every pair of Myanmar and Bengali characters', () => {
  const chars: string[] = [];
  for (let cp = 0x0980; cp <= 0x09ff; cp++) chars.push(String.fromCodePoint(cp));
  for (let cp = 0x1000; cp <= 0x109f; cp++) chars.push(String.fromCodePoint(cp));
  let disagreements = 0;
  let notNfc = 0;
  for (const first of chars) {
    for (const second of chars) {
      const token = 'ক' + first + second;
      const expected = token.normalize('NFC') !== token;
      if (expected) notNfc++;
      if (reportsNotNfc(token) !== expected) disagreements++;
    }
  }
  assert.ok(notNfc > 100, `the pairs include ${notNfc} non-NFC ones`);
  assert.equal(disagreements, 0);
});

test('the NFC quick check catches composition across marks and Latin decomposed accents', () => {
  for (const token of ['e\u0301', 'a\u0323\u0302', '\u1025\u102E', '\u09C7\u09BE', '\u1100\u1161', 'Å']) {
    assert.equal(reportsNotNfc(`ကို ${token}`), token.normalize('NFC') !== token, JSON.stringify(token));
  }
});
