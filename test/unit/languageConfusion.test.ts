import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  confusionRates,
  confusionVerdict,
  languageConfusion,
} from '../../src/core/analysis/languageConfusion';

const clean = 'ဤ function ၏ ရလဒ်ကို ပြန်ပေးသည်။ စာရင်းထဲရှိ ကိန်းများကို ပေါင်းသည်။';
// Burmese sentences; the English term is capitalised in the first (an acronym-like name LCB's
// lower-case dictionary would not hold) so the clean answer has no English word as LCB counts them.
const burmese = 'ဤ Python ကုဒ်သည် စာရင်းထဲရှိ ကိန်းများကို ပေါင်းပြီး ရလဒ်ကို ပြန်ပေးသည်။';
const responses = {
  clean: `${burmese}\n\n\`\`\`python\ndef total(xs):\n    return sum(xs)\n\`\`\`\n\n\`sum\` ကို သုံးထားသည်။ ရလဒ်ကို စစ်ဆေးပါ။`,
  englishWord: clean, // "function": lower case, more than 3 letters
  englishLine: `${burmese}\nThis function returns the sum of the list.`,
  thaiFragment: `${burmese}\nကိန်းများကို ပေါင်းနี้ ပြန်ပေးသည်။ ရလဒ်ကို ကြည့်ပါ။`,
  codeOnly: '```python\ndef total(xs):\n    return sum(xs)\n```',
  shortLines: '1.\n- OK\n`x`',
};

test('languageConfusion judges prose lines by script and counts foreign words as LCB does', () => {
  const check = (text: string) => languageConfusion(text, 'my');
  assert.deepEqual(check(responses.clean), { judgedLines: 2, linesInTarget: 2, foreignWords: 0 });
  assert.deepEqual(check(responses.englishWord), { judgedLines: 1, linesInTarget: 1, foreignWords: 1 });
  // function, returns, list (This, the, sum, of: capitalised or too short)
  assert.deepEqual(check(responses.englishLine), { judgedLines: 2, linesInTarget: 1, foreignWords: 3 });
  assert.equal(check(responses.thaiFragment).foreignWords, 1, 'a Thai fragment of any length is foreign');
  assert.equal(check(responses.codeOnly).judgedLines, 0, 'code is not language');
  assert.equal(check(responses.shortLines).judgedLines, 0, 'short lines are not judged');
  assert.deepEqual(
    check(`${burmese} https://example.com/docs/lists`),
    { judgedLines: 1, linesInTarget: 1, foreignWords: 0 },
    'a URL is not English prose',
  );
  // Bangla: the same rules with its script.
  const bangla = languageConfusion('এই ফাংশনটি তালিকার সব সংখ্যা যোগ করে ফল ফেরত দেয়।', 'bn');
  assert.deepEqual(bangla, { judgedLines: 1, linesInTarget: 1, foreignWords: 0 });
  assert.equal(languageConfusion(clean, 'bn').linesInTarget, 0, 'Burmese is not Bangla');
});

test('confusionRates: LPR over answers with prose, WPR over those that pass at line level (LCB’s compute_metrics)', () => {
  const verdicts = Object.values(responses).map((text) => confusionVerdict(languageConfusion(text, 'my')));
  const rates = confusionRates(verdicts);
  // With prose: clean, englishWord, englishLine, thaiFragment. Line level: all but englishLine (3/4).
  // Word level, of those 3: only clean (1/3).
  assert.equal(rates.responses, 4);
  assert.equal(rates.withoutProse, 2);
  assert.equal(rates.lpr, 3 / 4);
  assert.equal(rates.wpr, 1 / 3);
  assert.ok(Math.abs(rates.lcpr - (2 * (3 / 4) * (1 / 3)) / (3 / 4 + 1 / 3)) < 1e-12);
  assert.deepEqual(confusionRates([]), { responses: 0, withoutProse: 0, lpr: 0, wpr: 0, lcpr: 0 });
});
