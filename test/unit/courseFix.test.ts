/**
 * `--fix` as a property: on random documents full of what the safe fixes repair (and what they must
 * leave alone), the fixed text has no fixable finding left, fixing it again changes nothing, and
 * what no safe fix covers (a Thai fragment, English words) is still there.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText, type AnalyzeOptions } from '../../src/core/analysis/findings';
import { fixText, SAFE_FIXES } from '../../src/core/course/fix';
import { random } from '../support/random';

const PROSE = [
  'ကိန်းများကို ပေါင်းပါ',
  'ပျမ်းမျှကို တွက်သည်',
  'দুটি সংখ্যা যোগ করুন',
  'উৎসব',
  'উত\u09CD\u200Dসব', // legacy khanda ta
  'ক\u09C7\u09BE', // not NFC
  'က\u103A\u1037', // not NFC (marks out of order)
  'ေနေကာင္းလား', // Zawgyi
  'ভাল\u200Dো', // a stray joiner
  'list',
  'function',
  'สวัสดี',
  '\u200B',
  'ဤ\u200Bfunction', // removing the space-less joiner would make one mixed-script word
  'list\u200Bকে',
  '\u200C',
  '।',
  '။',
];
const CODE = ['x = ১২', 'y = ၁၀ + 2', 'print(x)।', 'z = "ক\u09C7\u09BE"', 'total = 3', '# ကိန်း', 'w = ৩'];

function document(next: () => number, kind: AnalyzeOptions['kind']): string {
  const pick = (list: readonly string[]) => list[Math.floor(next() * list.length)];
  const lines: string[] = [];
  const count = 1 + Math.floor(next() * 8);
  for (let i = 0; i < count; i++) {
    if (kind === 'python' || (kind === 'markdown' && next() < 0.3)) {
      const code = Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(CODE));
      lines.push(...(kind === 'markdown' ? ['```python', ...code, '```'] : code));
    } else lines.push(Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick(PROSE)).join(' '));
  }
  return `${lines.join('\n')}\n`;
}

test('fixed text has no fixable finding left, a second fix changes nothing, and what needs a person stays', () => {
  const next = random(20261205);
  let fixedSomething = 0;
  for (let i = 0; i < 400; i++) {
    const kind = (['markdown', 'python', 'plaintext'] as const)[i % 3];
    const text = document(next, kind);
    const options: AnalyzeOptions = { kind, target: 'auto', allowedScripts: [] };
    const once = fixText(text, options);
    if (once.fixed) fixedSomething++;
    const { findings } = analyzeText(once.text, options);
    for (let f = 0; f < findings.length; f++)
      assert.ok(
        !(SAFE_FIXES.has(findings.code(f)) && findings.replacement(f) !== undefined),
        `${findings.code(f)} "${findings.text(f)}" still fixable in ${JSON.stringify(once.text)} (from ${JSON.stringify(text)})`,
      );
    // A fix never makes things worse: no check that --fix does not repair reports more, or worse, than before.
    const worse = (list: ReturnType<typeof analyzeText>['findings']) => {
      const counts = new Map<string, number>();
      for (let f = 0; f < list.length; f++) {
        if (SAFE_FIXES.has(list.code(f))) continue;
        const key = `${list.code(f)}:${list.severity(f)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    };
    // Both read as the language the original was detected as: a fix can tip a half-Burmese,
    // half-Bangla document's detection the other way, which is no finding made worse.
    const original = analyzeText(text, options);
    const same: AnalyzeOptions = { ...options, target: original.target ?? 'auto' };
    const before = worse(original.findings); // counted now: the next analysis may reuse the list's storage
    const after = worse(analyzeText(once.text, same).findings);
    for (const [key, count] of after)
      assert.ok(
        count <= (before.get(key) ?? 0),
        `--fix made ${key} appear (${before.get(key) ?? 0} → ${count}) in ${JSON.stringify(once.text)} (from ${JSON.stringify(text)})`,
      );
    const twice = fixText(once.text, options);
    assert.equal(twice.fixed, 0, JSON.stringify(once.text));
    assert.equal(twice.text, once.text);
    for (const untouched of ['สวัสดี', 'function'])
      if (text.includes(untouched)) assert.ok(once.text.includes(untouched), `${untouched} kept`);
  }
  assert.ok(fixedSomething > 200, `the documents gave the fixes work (${fixedSomething} of 400)`);
});
