import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toDiagnostics } from '../../src/core/analysis/diagnostics';
import {
  analyzeText,
  detectTarget,
  type DocumentKind,
  type FindingCode,
} from '../../src/core/analysis/findings';

const findings = (text: string, kind: DocumentKind = 'markdown', target: 'my' | 'bn' | 'auto' = 'auto') =>
  analyzeText(text, { kind, target })
    .findings.toArray()
    .map((f) => `${f.code}:${f.text}`);
const codes = (text: string, kind: DocumentKind = 'markdown') =>
  new Set(findings(text, kind).map((f) => f.split(':')[0] as FindingCode));

test('a Thai fragment in Burmese prose is a foreign-script warning covering just the fragment', () => {
  const text = 'ကျေးဇူးတင်ပါတယ်ขอบคุณ ပါ။';
  const analysis = analyzeText(text, { kind: 'plaintext', target: 'auto' });
  assert.equal(analysis.target, 'my');
  const [finding] = analysis.findings;
  assert.equal(finding.code, 'foreign-script');
  assert.equal(finding.severity, 'warning');
  assert.equal(text.slice(finding.start, finding.end), 'ขอบคุณ');
  assert.deepEqual(finding.scripts, ['Thai']);
});

test('Devanagari and Chinese in Bangla prose are foreign; danda is not', () => {
  assert.deepEqual(findings('আমি ভাত খাই। नमस्ते বন্ধু 你好।', 'plaintext'), [
    'foreign-script:नमस्ते',
    'foreign-script:你好',
  ]);
  assert.deepEqual(findings('আমি ভাত খাই।', 'plaintext'), []);
});

test('danda in Burmese prose is foreign (Burmese ends sentences with ။)', () => {
  assert.deepEqual(findings('ထမင်းစားသည်।', 'plaintext'), ['foreign-script:।']);
  assert.deepEqual(findings('ထမင်းစားသည်။', 'plaintext'), []);
});

test('native digits and punctuation in Python code are errors; in strings and comments they are prose', () => {
  const src = 'x = ၁၂\ny = "၁၂"  # ၁၂ ခု\nz = 3။\n';
  const analysis = analyzeText(src, { kind: 'python', target: 'auto' });
  const errors = analysis.findings
    .toArray()
    .filter((f) => f.severity === 'error')
    .map((f) => f.text);
  assert.deepEqual(errors, ['၁၂', '။']);
  assert.equal(analysis.stats.codeCorruptions, 2);
  assert.deepEqual(findings('n = ৫\n', 'python'), ['native-in-code:৫']);
});

test('Markdown: Python fences and bare fences are code; inline code and other languages are skipped', () => {
  const text = 'ကုဒ် `x = ၁` ကြည့်ပါ။\n\n```python\nx = ၁\n```\n\n```\ny = ၂\n```\n\n```text\nz = ၃\n```\n';
  assert.deepEqual(findings(text), ['native-in-code:၁', 'native-in-code:၂']);
});

test('English words in prose are counted hints; inline code is not', () => {
  const analysis = analyzeText('Python တွင် `sum()` ကို သုံးပါ။', { kind: 'markdown', target: 'auto' });
  assert.deepEqual(
    analysis.findings.toArray().map((f) => `${f.code}:${f.severity}:${f.text}`),
    ['latin-in-prose:hint:Python'],
  );
  assert.equal(analysis.stats.latinTokens, 1);
  assert.equal(analysis.stats.proseTokens, 4);
  assert.equal(analysis.stats.latinShare, 0.25);
});

test('the prose language is detected from the text, or forced', () => {
  assert.equal(detectTarget('Hello world'), undefined);
  assert.equal(detectTarget('নমস্কার, မင်္ဂလာပါ বন্ধুরা'), 'bn');
  assert.deepEqual(findings('Hello ขอบคุณ world', 'plaintext'), [], 'no Burmese/Bangla: prose is not checked');
  assert.deepEqual(findings('খাই।', 'plaintext', 'my'), ['foreign-script:খাই।'], 'forced Burmese');
});

test('every Myanmar block votes for Burmese, and only the Bengali and Myanmar blocks vote', () => {
  const bangla = 'নমস্'; // four Bengali units
  for (const burmese of [
    'ကခဂဃင',
    '\uaa60\uaa61\uaa62\uaa7f\uaa7f',
    '\ua9e0\ua9e1\ua9fe\ua9ff\ua9ff',
    '𑛐𑛑𑛒𑛓𑛣',
  ])
    assert.equal(
      detectTarget(`${bangla}${burmese}`),
      'my',
      [...burmese].map((ch) => ch.codePointAt(0)!.toString(16)).join(),
    );
  // The blocks' edges: U+09FF and U+109F count, their neighbours U+0A00 and U+10A0 do not.
  assert.equal(detectTarget('\u09ff\u09ff\u109f'), 'bn');
  assert.equal(detectTarget('\u0a00\u0a00\u0a00\u109f'), 'my');
  assert.equal(detectTarget('\u10a0\u10a0\u10a0\u09ff'), 'bn');
  assert.equal(detectTarget('\u0a00\u10a0\ua9df\uaa80'), undefined);
});

test('a Latin name with a native suffix is ordinary writing, not a warning', () => {
  const warnings = analyzeText('n-তম সংখ্যা এবং S-এর মান', {
    kind: 'plaintext',
    target: 'auto',
  })
    .findings.toArray()
    .filter((f) => f.severity !== 'hint');
  assert.deepEqual(warnings, []);
});

test('diagnostics use zero-based lines and UTF-16 characters, messages in the UI language', () => {
  const text = 'ပထမ\n😀 ကခ ขอ\n';
  const analysis = analyzeText(text, { kind: 'plaintext', target: 'auto' });
  const [diagnostic] = toDiagnostics(text, analysis, 'my');
  assert.deepEqual(diagnostic.range, { start: { line: 1, character: 6 }, end: { line: 1, character: 8 } });
  assert.equal(diagnostic.severity, 2);
  assert.match(diagnostic.message, /ထိုင်း/);
  assert.match(toDiagnostics(text, analysis, 'bn')[0].message, /থাই/);
  assert.match(toDiagnostics(text, analysis, 'en')[0].message, /^Thai text in Burmese prose/);
});

test("a foreign script's punctuation ends words: the word after it is judged on its own letters", () => {
  // Burmese ၊ in Bangla prose is foreign; the words after it mix Bengali and Latin letters.
  assert.deepEqual(findings('ড়၊\nড়abত', 'plaintext', 'bn'), [
    'foreign-script:၊',
    'mixed-script-token:ড়abত',
    'latin-in-prose:ab',
  ]);
  assert.deepEqual(findings('ক၊তxত', 'plaintext', 'bn'), [
    'foreign-script:၊',
    'mixed-script-token:তxত',
    'latin-in-prose:x',
  ]);
});

test('hostile input: lone surrogates, NUL bytes and unclosed constructs do not throw', () => {
  for (const kind of ['markdown', 'python', 'plaintext'] as const) {
    const text = '\uD800ကခ\u0000 """ ```py\nx = "\uDC00';
    const findings = analyzeText(text, { kind, target: 'auto' }).findings.toArray();
    assert.ok(
      findings.every((f) => f.start >= 0 && f.end <= text.length && f.text === text.slice(f.start, f.end)),
    );
  }
  assert.ok(codes('ကခ \uD800', 'plaintext').has('foreign-script'), 'a lone surrogate is not Burmese');
});

const withReplacement = (text: string, kind: DocumentKind = 'plaintext') =>
  analyzeText(text, { kind, target: 'auto' })
    .findings.toArray()
    .map((f) => `${f.code}:${f.text}→${f.replacement ?? '(no fix)'}`);

test('native digits in code get an ASCII fix; sentence marks are removed; letters have no safe fix', () => {
  assert.deepEqual(withReplacement('x = ၁၂\ny = ৩\nz = 3။\nကိန်း = 1\n', 'python'), [
    'native-in-code:၁၂→12',
    'native-in-code:৩→3',
    'native-in-code:။→',
    'native-in-code:ကိန်း→(no fix)',
  ]);
});

test('not-nfc: Burmese asat before dot below is reordered to NFC; NFC text is clean', () => {
  const typed = 'ည\u103A\u1037';
  assert.deepEqual(withReplacement(`သည်${typed} ပါ`), [`not-nfc:သည်${typed}→သည်ည\u1037\u103A`]);
  assert.deepEqual(withReplacement('သည့် ပါ'), []);
});

test('legacy khanda ta (ত + ্ + ZWJ) is found and replaced with ৎ', () => {
  assert.deepEqual(withReplacement('হঠা\u09A4\u09CD\u200D কথা'), ['legacy-khanda-ta:\u09A4\u09CD\u200D→ৎ']);
  assert.deepEqual(withReplacement('হঠাৎ কথা'), []);
});

test('zero-width characters: meaningful ones stay, stray ones are found and removed', () => {
  const clean = ['র\u200D্যাব', 'ক্\u200Cষ', 'မြန်မာ\u200Bစာ', '\uFEFFမြန်မာ', '👩\u200D💻'];
  for (const text of clean) assert.deepEqual(withReplacement(text), [], JSON.stringify(text));
  assert.deepEqual(withReplacement('যেমন ক, \u200B\u200Bখ'), ['stray-joiner:\u200B\u200B→']);
  assert.deepEqual(withReplacement('x = 1\u200B\n', 'python'), ['stray-joiner:\u200B→']);
  assert.deepEqual(withReplacement('মান\uFEFFটি'), ['stray-joiner:\uFEFF→']);
});

test('an English word gets "mark as code" only in Markdown', () => {
  assert.deepEqual(withReplacement('Python তে লিখুন', 'markdown'), ['latin-in-prose:Python→`Python`']);
  assert.deepEqual(withReplacement('"""Python তে লিখুন"""', 'python'), ['latin-in-prose:Python→(no fix)']);
});

test('Zawgyi-encoded Burmese is a warning whose fix converts it to Unicode; Unicode Burmese is not', () => {
  const zawgyi = 'ေနေကာင္းလား မဂၤလာပါ';
  const analysis = analyzeText(`# ${zawgyi}\n\nနေကောင်းလား မင်္ဂလာပါ\n`, { kind: 'markdown', target: 'auto' });
  const found = analysis.findings.toArray().filter((f) => f.code === 'zawgyi');
  assert.deepEqual(
    found.map((f) => `${f.severity}:${f.text}→${f.replacement}`),
    [`warning:${zawgyi}→နေကောင်းလား မင်္ဂလာပါ`],
  );
  assert.ok(analysis.stats.zawgyiProbability > 0.95);
  assert.equal(
    analyzeText('နေကောင်းလား မင်္ဂလာပါ', { kind: 'plaintext', target: 'auto' }).stats.zawgyiProbability < 0.05,
    true,
  );
});

test('Zawgyi is never converted inside code, only in prose (the converter turns ၀ into ဝ)', () => {
  const analysis = analyzeText('```python\nx = "ေနေကာင္းလား"  # မဂၤလာပါ\ny = ၀\n```\n', {
    kind: 'markdown',
    target: 'my',
  });
  const zawgyi = analysis.findings.toArray().filter((f) => f.code === 'zawgyi');
  for (const finding of zawgyi) assert.doesNotMatch(finding.text, /y = |x = /);
  assert.deepEqual(
    analysis.findings
      .toArray()
      .filter((f) => f.code === 'native-in-code')
      .map((f) => f.replacement),
    ['0'],
  );
});

test('Zawgyi is found from ေ typed after a vowel sign inside a word, not only at its start', () => {
  // ပညာေရး: in Zawgyi ေ is stored before ရ, so it follows ာ — impossible in Unicode Burmese.
  const zawgyi = 'ပညာေရး ဝန္ႀကီးဌာန';
  const analysis = analyzeText(`${zawgyi}\n`, { kind: 'plaintext', target: 'my' });
  assert.deepEqual(
    analysis.findings
      .toArray()
      .filter((f) => f.code === 'zawgyi')
      .map((f) => f.text),
    [zawgyi],
  );
  const onlyVowelE = analyzeText('ပညာေရး ပညာေရး ပညာေရး\n', { kind: 'plaintext', target: 'my' });
  assert.ok(onlyVowelE.stats.zawgyiProbability > 0, 'the detector was asked about the line');
});
