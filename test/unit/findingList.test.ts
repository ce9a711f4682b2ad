import assert from 'node:assert/strict';
import test from 'node:test';
import { FindingList, severityTable } from '../../src/core/analysis/findingList';
import { DEFAULT_SEVERITY, FINDING_CODES, type FindingCode } from '../../src/core/analysis/findings';
import { AS_INLINE_CODE } from '../../src/core/analysis/scanner';
import { scriptBit } from '../../src/core/script/scripts';
import { random } from '../support/random';

const DEFAULTS = severityTable(DEFAULT_SEVERITY);
const THAI = scriptBit('Thai');

test('a finding reads its text, scripts and fix from the analysed string', () => {
  const text = 'ကခ ขอ list ၁၂';
  const list = new FindingList(1);
  list.readFrom(text);
  list.add('foreign-script', DEFAULTS, 3, 5, THAI, undefined);
  list.add('latin-in-prose', DEFAULTS, 6, 10, scriptBit('Latin'), AS_INLINE_CODE);
  list.add('native-in-code', DEFAULTS, 11, 13, scriptBit('Myanmar'), '12');
  assert.deepEqual(list.toArray(), [
    { code: 'foreign-script', severity: 'warning', start: 3, end: 5, text: 'ขอ', scripts: ['Thai'] },
    {
      code: 'latin-in-prose',
      severity: 'hint',
      start: 6,
      end: 10,
      text: 'list',
      scripts: ['Latin'],
      replacement: '`list`',
    },
    {
      code: 'native-in-code',
      severity: 'error',
      start: 11,
      end: 13,
      text: '၁၂',
      scripts: ['Myanmar'],
      replacement: '12',
    },
  ]);
  assert.deepEqual(JSON.parse(JSON.stringify({ findings: list })), { findings: list.toArray() });
});

test('append moves chunk-relative findings, reads each from its own chunk, and applies the severity settings', () => {
  const chunk = 'ขอ ၁';
  const cached = new FindingList();
  cached.readFrom(chunk);
  cached.add('foreign-script', DEFAULTS, 0, 2, THAI, undefined);
  cached.add('native-in-code', DEFAULTS, 3, 4, scriptBit('Myanmar'), '1');
  const analysis = new FindingList();
  analysis.append(cached, 100, DEFAULTS);
  analysis.append(
    cached,
    200,
    severityTable(DEFAULT_SEVERITY, { 'foreign-script': 'off', 'native-in-code': 'hint' }),
  );
  assert.deepEqual(
    analysis
      .toArray()
      .map((f) => `${f.code}@${f.start}-${f.end}:${f.text}:${f.severity}:${f.replacement ?? ''}`),
    [
      'foreign-script@100-102:ขอ:warning:',
      'native-in-code@103-104:၁:error:1',
      'native-in-code@203-204:၁:hint:1',
    ],
  );
  assert.equal(cached.length, 2, 'the cached list is unchanged');
});

test('a code switched off is never added', () => {
  const list = new FindingList();
  list.readFrom('ขอ');
  list.add(
    'foreign-script',
    severityTable(DEFAULT_SEVERITY, { 'foreign-script': 'off' }),
    0,
    2,
    THAI,
    undefined,
  );
  assert.equal(list.length, 0);
});

test('findings added out of order take their place by start, then end, after equal ones', () => {
  const next = random(3);
  for (let round = 0; round < 200; round++) {
    const list = new FindingList(2);
    list.readFrom('x'.repeat(64));
    const added: { code: FindingCode; start: number; end: number }[] = [];
    for (let i = 0; i < 1 + Math.floor(next() * 40); i++) {
      const start = Math.floor(next() * 20);
      const finding = {
        code: FINDING_CODES[i % FINDING_CODES.length],
        start,
        end: start + Math.floor(next() * 3),
      };
      added.push(finding);
      list.add(finding.code, DEFAULTS, finding.start, finding.end, THAI, undefined);
    }
    const expected = added.sort((a, b) => a.start - b.start || a.end - b.end); // a stable sort
    assert.deepEqual(
      list.toArray().map(({ code, start, end }) => ({ code, start, end })),
      expected,
      `round ${round}`,
    );
  }
});

test('lists built one after another in a reused builder keep their own findings', () => {
  const text = 'ab cd ef gh';
  const first = new FindingList();
  first.readFrom(text);
  first.add('latin-in-prose', DEFAULTS, 0, 2, scriptBit('Latin'), undefined);
  first.add('latin-in-prose', DEFAULTS, 3, 5, scriptBit('Latin'), undefined);
  const kept = first.compact().toArray();
  // The next lists build where `first` was built: they start empty and leave `first` as it was.
  const second = new FindingList();
  assert.equal(second.length, 0);
  second.readFrom(text);
  second.add('foreign-script', DEFAULTS, 6, 8, THAI, undefined);
  const third = new FindingList();
  third.readFrom(text);
  for (let i = 0; i < 3000; i++) third.add('latin-in-prose', DEFAULTS, 9, 11, scriptBit('Latin'), undefined);
  third.compact();
  assert.deepEqual(first.toArray(), kept);
  assert.deepEqual(
    second.toArray().map((f) => [f.code, f.text]),
    [['foreign-script', 'ef']],
  );
  assert.equal(third.length, 3000);
  // A compacted list still takes more findings.
  first.add('latin-in-prose', DEFAULTS, 9, 11, scriptBit('Latin'), undefined);
  assert.deepEqual(
    first.toArray().map((f) => f.text),
    ['ab', 'cd', 'gh'],
  );
  assert.deepEqual(second.toArray().length, 1);
});
