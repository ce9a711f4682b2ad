import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../src/core/analysis/findings';
import { random } from '../support/random';

/** Whether analysis reports `text` (one token) as not NFC. */
const reportsNotNfc = (text: string) =>
  analyzeText(text, { kind: 'plaintext', target: 'auto' })
    .findings.toArray()
    .some((f) => f.code === 'not-nfc');

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

test('the scanner agrees with normalize on longer words, where letters and marks run in its fast path', () => {
  const next = random(7);
  const blocks = [
    [0x1000, 0x109f],
    [0x0980, 0x09ff],
  ];
  let disagreements: string[] = [];
  let notNfc = 0;
  for (let n = 0; n < 20000; n++) {
    const [low, high] = blocks[n % 2];
    let word = '';
    const length = 2 + Math.floor(next() * 6);
    for (let k = 0; k < length; k++)
      word += String.fromCodePoint(low + Math.floor(next() * (high - low + 1)));
    const expected = word.normalize('NFC') !== word;
    if (expected) notNfc++;
    if (reportsNotNfc(`x ${word} y`) !== expected) disagreements.push(JSON.stringify(word));
  }
  disagreements = disagreements.slice(0, 5);
  assert.ok(notNfc > 1000, `the words include ${notNfc} non-NFC ones`);
  assert.deepEqual(disagreements, []);
});
