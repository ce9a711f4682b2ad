import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toDiagnostics } from '../../src/core/analysis/diagnostics';
import { analyzeText, type DocumentKind } from '../../src/core/analysis/findings';
import { mixPenaltyOf, mixScoreOf } from '../../src/core/analysis/mixScore';

const mixed = (text: string, kind: DocumentKind = 'plaintext') =>
  analyzeText(text, { kind, target: 'auto' })
    .findings.toArray()
    .filter((f) => f.code === 'mixed-script-token')
    .map((f) => (f.replacement === undefined ? f.text : `${f.text}→${f.replacement}`));

test('Latin letters inside a Burmese or Bangla word are a mixed-script-token warning', () => {
  assert.deepEqual(mixed('ပေါင်းလxဒ် ကို တွက်ပါ။'), ['ပေါင်းလxဒ်']);
  assert.deepEqual(mixed('তালিকাrর যোগফল।'), ['তালিকাrর']);
  const [finding] = analyzeText('ပေါင်းလxဒ်', { kind: 'plaintext', target: 'auto' })
    .findings.toArray()
    .filter((f) => f.code === 'mixed-script-token');
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(finding.scripts, ['Latin', 'Myanmar']);
});

test('an English term with a native suffix, punctuation and spaces between scripts are not mixing', () => {
  assert.deepEqual(mixed('listကို သုံးပါ။ nকে ফেরত দিন। n-তম সংখ্যা। Python: ভাষা।'), []);
  assert.deepEqual(mixed('StrongestExtensionName။ ပြန်ပေးပါ'), [], 'Burmese full stop ends the word');
});

test('Latin words spelt with Cyrillic or Greek look-alikes get the Latin spelling as a fix', () => {
  assert.deepEqual(mixed('Pythоn ကို သုံးပါ။'), ['Pythоn→Python']); // Cyrillic о
  assert.deepEqual(mixed('ফাংশন rеturn করে।'), ['rеturn→return']); // Cyrillic е
  assert.deepEqual(mixed('ফাংশন ΑΒC করে।'), ['ΑΒC→ABC']); // Greek Α, Β
  // Reported once, as a look-alike, not again as Cyrillic text.
  const codes = analyzeText('Pythоn ကို သုံးပါ။', { kind: 'plaintext', target: 'auto' })
    .findings.toArray()
    .map((f) => f.code);
  assert.ok(!codes.includes('foreign-script'), codes.join());
  // A whole Cyrillic word is foreign text, not a look-alike.
  assert.deepEqual(
    analyzeText('привет ကို', { kind: 'plaintext', target: 'auto' })
      .findings.toArray()
      .map((f) => f.code),
    ['foreign-script'],
  );
});

test('an English word garbled with a native letter is offered its plain spelling, or nothing; never "mark as code"', () => {
  // The native letter took a Latin one's place (its romanization) or was slipped in.
  assert.deepEqual(mixed('ဤ funcတion ကို ခေါ်ပါ။'), ['funcတion→function']);
  assert.deepEqual(mixed('ဤ retuရn ကို ခေါ်ပါ။'), ['retuရn→return']);
  assert.deepEqual(mixed('এই funcতion টি লিখুন।'), ['funcতion→function']);
  assert.deepEqual(mixed('এই priকnt টি লিখুন।'), ['priকnt→print']);
  // No known word either way: warned, no spelling guessed.
  assert.deepEqual(mixed('ဤ abcကxyz ကို ခေါ်ပါ။'), ['abcကxyz']);
  const codes = (text: string) =>
    analyzeText(text, { kind: 'markdown', target: 'auto' })
      .findings.toArray()
      .filter((f) => f.start === text.indexOf('f'))
      .map((f) => f.code);
  assert.deepEqual(codes('ဤ funcတion ကို ခေါ်ပါ။'), ['mixed-script-token'], 'not called an English word');
  const text = 'ဤ funcတion ကို ခေါ်ပါ။';
  const [my, bn] = (['my', 'bn'] as const).map((ui) =>
    toDiagnostics(text, analyzeText(text, { kind: 'markdown', target: 'auto' }), ui).find(
      (d) => d.code === 'mixed-script-token',
    )!,
  );
  assert.match(my.message, /"function" ဟု ဆိုလိုပါသလား/);
  assert.match(bn.message, /"function" বোঝাতে চেয়েছেন/);
});

test('Myanmar digit ၀ or ၇ where the letter ဝ or ရ belongs; numbers stay numbers', () => {
  assert.deepEqual(mixed('အ၀တ် ဝယ်ပါ'), ['၀→ဝ']); // after a letter
  assert.deepEqual(mixed('၀င်ငွေ'), ['၀→ဝ']); // carrying the asat of ဝင်
  assert.deepEqual(mixed('၇ေး'), ['၇→ရ']); // carrying a vowel sign
  assert.deepEqual(mixed('၁၀ ခု၊ ၁၀ခု၊ ၇ ရက်၊ ၂၀၂၆ ခုနှစ်'), []);
});

test('the fix for a look-alike digit is named in the UI language', () => {
  const text = 'အ၀တ်';
  const analysis = analyzeText(text, { kind: 'plaintext', target: 'auto' });
  const en = toDiagnostics(text, analysis, 'en').find((d) => d.code === 'mixed-script-token')!;
  assert.match(en.message, /Digit "၀" inside a word where the letter "ဝ"/);
  assert.equal(en.data?.fix.title, 'Replace with "ဝ"');
  const my = toDiagnostics(text, analysis, 'my').find((d) => d.code === 'mixed-script-token')!;
  assert.match(my.message, /ဂဏန်း "၀"/);
});

test('mix score: clean prose is 0; foreign words, code corruption and Zawgyi raise it by the documented bands', () => {
  const base = { proseTokens: 100, foreignTokens: 0, mixedTokens: 0, codeCorruptions: 0, zawgyiLines: 0 };
  assert.deepEqual(mixScoreOf(base), { mixScore: 0, mixPenalty: 0 });
  assert.deepEqual(mixScoreOf({ ...base, foreignTokens: 1 }), { mixScore: 0.05, mixPenalty: 1 });
  assert.equal(mixScoreOf({ ...base, foreignTokens: 5 }).mixPenalty, 2);
  assert.equal(mixScoreOf({ ...base, foreignTokens: 10 }).mixPenalty, 3);
  assert.equal(mixScoreOf({ ...base, foreignTokens: 15, mixedTokens: 5 }).mixScore, 1);
  assert.equal(mixScoreOf({ ...base, codeCorruptions: 1 }).mixPenalty, 2);
  assert.equal(mixScoreOf({ ...base, codeCorruptions: 4 }).mixPenalty, 3);
  assert.equal(mixScoreOf({ ...base, zawgyiLines: 1 }).mixPenalty, 4);
  assert.deepEqual([0, 0.049, 0.05, 0.25, 0.5, 0.75, 1].map(mixPenaltyOf), [0, 0, 1, 2, 3, 4, 4]);
});

test('the mix score of an answer: aligned vs drifting (the failure the Burmese-Coder-4B paper measures)', () => {
  const clean =
    'စာရင်းထဲရှိ ကိန်းများ၏ ပေါင်းလဒ်ကို `sum()` ဖြင့် တွက်ပါ။\n\n```python\ndef total(xs):\n    return sum(xs)\n```\n';
  const drifting =
    'စာရင်းထဲရှိ ကိန်းများ၏ ขอบคุณ ပေါင်းလဒ်ကို 你好 ဖြင့် တွက်ပါ။\n\n```python\ndef total(xs):\n    return sum(xs) + ၁\n```\n';
  const score = (text: string) => analyzeText(text, { kind: 'markdown', target: 'auto' }).stats;
  assert.equal(score(clean).mixPenalty, 0);
  assert.equal(score(drifting).foreignTokens, 2);
  assert.equal(score(drifting).codeCorruptions, 1);
  assert.equal(score(drifting).mixPenalty, 4);
});

test('severity per code can be changed or turned off; allowed scripts are not foreign', () => {
  const text = 'ကျေးဇူးတင်ပါတယ် ขอบคุณ Python';
  const analyze = (options: Parameters<typeof analyzeText>[1]) =>
    analyzeText(text, options)
      .findings.toArray()
      .map((f) => `${f.code}:${f.severity}`);
  assert.deepEqual(analyze({ kind: 'plaintext', target: 'auto' }), [
    'foreign-script:warning',
    'latin-in-prose:hint',
  ]);
  assert.deepEqual(
    analyze({
      kind: 'plaintext',
      target: 'auto',
      severity: { 'foreign-script': 'error', 'latin-in-prose': 'off' },
    }),
    ['foreign-script:error'],
  );
  assert.deepEqual(analyze({ kind: 'plaintext', target: 'auto', allowedScripts: ['Thai'] }), [
    'latin-in-prose:hint',
  ]);
  const stats = analyzeText(text, {
    kind: 'plaintext',
    target: 'auto',
    severity: { 'latin-in-prose': 'off' },
  }).stats;
  assert.equal(stats.latinTokens, 1, 'switched-off findings still count');
});
