import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { DIST, SHARED_DATA } from '../support/paths';

const lintIn = (uiLanguage: string, ...args: string[]) =>
  spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'lint', ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, AKKHARA_UI_LANG: uiLanguage },
  });
const lint = (...args: string[]) => lintIn('en', ...args);
const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-lint-'));
const write = (name: string, content: string | Buffer) => {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
};

test('an error finding makes lint exit 1 and is listed with its position', () => {
  const file = write('lesson.md', '# ခေါင်းစဉ်\n\n```python\nx = ၁၂\n```\n');
  const result = lint(file);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /4:5\s+error\s+Burmese characters in Python code.*native-in-code/);
  assert.match(result.stdout, /1 problem \(1 error, 0 warnings/);
});

test('--allow-script welcomes a script in prose (a lesson comparing scripts); unknown names are refused', () => {
  const file = write('compare.md', 'ထိုင်းစာ ขอบคุณ ဆိုသည်မှာ ကျေးဇူးတင်ပါသည်\n');
  assert.match(lint(file).stdout, /Thai text in Burmese prose/);
  const allowed = lint('--allow-script', 'Thai', '--', file);
  assert.equal(allowed.status, 0);
  assert.doesNotMatch(allowed.stdout, /Thai text/);
  const refused = lint('--allow-script', 'Klingon', '--', file);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /Klingon.*is invalid|Allowed choices/);
});

test('warnings alone exit 0', () => {
  const result = lint(write('warn.txt', 'ကျေးဇူးပါ ขอบคุณ\n'));
  assert.equal(result.status, 0);
  assert.match(result.stdout, /warning\s+Thai text in Burmese prose/);
});

test('JSON output: LSP ranges, numeric severities, codes and stats per file', () => {
  const file = write('mixed.py', '"""ကိန်းများ ขอ"""\ny = ၂\n');
  const result = lint('--format', 'json', file);
  assert.equal(result.status, 1);
  const [entry] = JSON.parse(result.stdout);
  assert.equal(entry.file, file);
  const byCode = Object.fromEntries(entry.diagnostics.map((d: { code: string }) => [d.code, d]));
  assert.deepEqual(byCode['foreign-script'].range, {
    start: { line: 0, character: 13 },
    end: { line: 0, character: 15 },
  });
  assert.equal(byCode['foreign-script'].severity, 2);
  assert.deepEqual(byCode['native-in-code'].range.start, { line: 1, character: 4 });
  assert.equal(byCode['native-in-code'].severity, 1);
  assert.equal(entry.stats.target, 'my');
  assert.equal(entry.stats.codeCorruptions, 1);
  assert.equal(entry.stats.mixPenalty, 4, 'one of two prose tokens is Thai');
});

test('--stats prints the mix score and its 0–4 penalty per file', () => {
  const result = lint('--stats', write('answer.md', 'ပေါင်းလဒ်ကို တွက်ပါ။ Python ဖြင့် ရေးပါ။ ขอบ\n'));
  assert.match(
    result.stdout,
    /stats: language my, 6 prose tokens, foreign 16\.7%, English 16\.7%, mixed words 0/,
  );
  assert.match(result.stdout, /mix score 0\.83 \(penalty 4\/4\)/);
  // The field's language-confusion counts: the line is Burmese, the Thai word is foreign (the
  // capitalised English name is not a dictionary word as LCB counts them).
  assert.match(result.stdout, /lines in the language 1\/1, foreign words 1 \(language confusion\)/);
  assert.match(
    result.stdout,
    /^language confusion over 1 prose file: line-level pass 100\.0%, word-level pass 0\.0%/m,
  );
});

test('the whole text report follows the UI language: severities, stats and summary in Burmese or Bangla', () => {
  const file = write('mixed.md', 'ပေါင်းလဒ်ကို Python ဖြင့် တွက်ပါ။ ขอบ\n\n```python\nx = ၁၂\n```\n');
  const expected = {
    my: [
      /4:5\s+အမှား\s/,
      /1:\d+\s+သတိပေးချက်\s/,
      /စာရင်းအင်း - ဘာသာစကား မြန်မာ၊ စာသား စကားလုံး 5 လုံး/,
      /✖ ပြဿနာ 2 ခု \(အမှား 1 ခု၊ သတိပေးချက် 1 ခု/,
    ],
    bn: [
      /4:5\s+ত্রুটি\s/,
      /1:\d+\s+সতর্কতা\s/,
      /পরিসংখ্যান: ভাষা বর্মি, লেখার শব্দ 5টি/,
      /✖ 2টি সমস্যা \(1টি ত্রুটি, 1টি সতর্কতা/,
    ],
  };
  for (const [language, patterns] of Object.entries(expected)) {
    const result = lintIn(language, '--stats', file);
    assert.equal(result.status, 1, result.stderr);
    for (const pattern of patterns) assert.match(result.stdout, pattern, language);
    // The report's own words pass Akkhara's check: no foreign or mixed words, nothing un-normalized.
    const lines = result.stdout.split('\n');
    const words = [
      ...lines.flatMap((line) => /^\s+\d+:\d+\s+(\S+)/.exec(line)?.[1] ?? []), // severities
      ...lines.filter((line) => /^(✖|✔)/.test(line) || /^\s+[^\s\d]/.test(line)), // summary, stats
    ].join('\n');
    assert.match(words, /^✖/m);
    const check = lintIn(
      'en',
      '--format',
      'json',
      '--lang',
      language,
      write(`report-${language}.txt`, words),
    );
    const problems = (
      JSON.parse(check.stdout) as { diagnostics: { code: string }[] }[]
    )[0].diagnostics.filter((d) => d.code !== 'latin-in-prose');
    assert.deepEqual(problems, [], `${language}: ${words}`);
  }
  assert.match(lintIn('bn', path.join(dir, 'missing.md')).stderr, /missing\.md: এমন কোনো ফাইল নেই/);
  assert.match(
    lintIn('my', write('blob.bin', Buffer.from([0, 1]))).stderr,
    /blob\.bin: မစစ်ဆေးဘဲ ကျော်လိုက်သည် \(binary/,
  );
});

test('missing, binary and non-UTF-8 files get a clear message; the rest are still checked', () => {
  const binary = write('image.bin', Buffer.from([0x89, 0x50, 0x00, 0x01]));
  const latin1 = write('old.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9]));
  const good = write('good.md', 'မင်္ဂလာပါ\n');
  const result = lint(path.join(dir, 'nope.md'), binary, latin1, good);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /nope\.md: no such file/);
  assert.match(result.stderr, /image\.bin: skipped \(binary file\)/);
  assert.match(result.stderr, /old\.txt: skipped \(not UTF-8 text\)/);
  assert.match(result.stdout, /0 problems/);
});

test('an unknown --lang is refused with the allowed values', () => {
  const result = lint('--lang', 'th', write('x.md', 'x'));
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /Allowed choices are my, bn, auto/);
});

test(
  'the 492 HumanEval prompts as Python files: no errors or warnings, two genuine encoding slips',
  { skip: !existsSync(SHARED_DATA) && `skipped: ${SHARED_DATA} not present` },
  () => {
    const files: string[] = [];
    for (const name of ['humaneval-mya.jsonl', 'humaneval-ben.jsonl', 'humaneval-ben-expert.jsonl']) {
      const rows = readFileSync(path.join(SHARED_DATA, name), 'utf8').split('\n').filter(Boolean);
      rows.forEach((line, i) => files.push(write(`${name}-${i}.py`, JSON.parse(line).prompt)));
    }
    assert.equal(files.length, 492);
    const result = lint('--format', 'json', ...files);
    assert.equal(result.status, 0, result.stderr);
    const entries: { file: string; diagnostics: { severity: number; code: string }[] }[] = JSON.parse(
      result.stdout,
    );
    assert.deepEqual(
      entries.flatMap((e) => e.diagnostics.filter((d) => d.severity <= 2)),
      [],
    );
    // Two genuine encoding slips in the data: HumanEval/21 (Burmese) types asat before dot below,
    // which NFC reorders; HumanEval/64 (Bangla expert) has two zero-width spaces after a comma.
    const infos = entries.flatMap((e) =>
      e.diagnostics.filter((d) => d.severity === 3).map((d) => `${path.basename(e.file)} ${d.code}`),
    );
    assert.deepEqual(infos, [
      'humaneval-mya.jsonl-21.py not-nfc',
      'humaneval-ben-expert.jsonl-64.py stray-joiner',
    ]);
    assert.ok(
      entries.reduce((n, e) => n + e.diagnostics.length, 0) > 1000,
      'expected many English-term hints',
    );
  },
);

test('Zawgyi text is reported with a conversion, and nothing else reaches stderr', () => {
  const file = write('zawgyi.md', '# ေနေကာင္းလား\n\nမဂၤလာပါ ခင္ဗ်ာ\n');
  const result = lint('--format', 'json', file);
  assert.equal(result.status, 0);
  assert.equal(result.stderr, '');
  const [entry] = JSON.parse(result.stdout);
  const fixes = entry.diagnostics
    .filter((d: { code: string }) => d.code === 'zawgyi')
    .map((d: { data: { fix: { newText: string } } }) => d.data.fix.newText);
  assert.deepEqual(fixes, ['နေကောင်းလား', 'မင်္ဂလာပါ ခင်ဗျာ']);
  assert.ok(entry.stats.zawgyiProbability > 0.95);
});

test('a file with millions of findings: memory stays bounded, the most severe are listed, the rest counted', () => {
  const file = write('flood.md', '*a _b '.repeat((5 * 1024 * 1024) / 6));
  // A heap far below what holding every finding as an object needed (2.1 GB, then a crash).
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--max-old-space-size=320', path.join(DIST, 'cli.js'), 'lint', ...args], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, AKKHARA_UI_LANG: 'en' },
    });
  const json = run('--lang', 'my', '--format', 'json', file);
  assert.equal(json.status, 0, json.stderr.slice(0, 500));
  const [result] = JSON.parse(json.stdout) as {
    diagnostics: unknown[];
    unlisted: number;
    stats: { latinTokens: number };
  }[];
  assert.equal(result.diagnostics.length, 1000);
  assert.equal(result.unlisted, result.stats.latinTokens - 1000);
  // The text report shows no hints: they are counted in the summary, never made into diagnostics.
  const text = run('--lang', 'my', '--max-findings', '5', file);
  assert.equal(text.status, 0, text.stderr.slice(0, 500));
  assert.match(text.stdout, new RegExp(`${result.stats.latinTokens} hints`));
  assert.ok(text.stdout.split('\n').length < 20, 'a summary, not millions of lines');
  // Shown findings beyond --max-findings are counted as not listed.
  const warnings = path.join(dir, 'many-warnings.md');
  writeFileSync(warnings, 'ကိန်း ขอบ\n'.repeat(50));
  const capped = run('--lang', 'my', '--max-findings', '5', warnings);
  assert.match(capped.stdout, /… and 45 more findings not listed \(--max-findings\)/);
  assert.equal(capped.stdout.match(/foreign-script/g)?.length, 5);
  assert.equal(run('--max-findings', '0', file).status, 2);
});
