/**
 * A course glossary (akkhara.config.json's `glossary`): the inconsistent-term finding in the analysis,
 * in `akkhara lint` (text, JSON with its quick fix, --stats, severities from the configuration), and
 * in the chat's answer check. The editor's side is in serverCourseConfig.test.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { glossaryFindings, type Glossary } from '../../src/core/analysis/glossary';
import { checkAnswer } from '../../src/core/tutor/check';
import { DIST } from '../support/paths';

const GLOSSARY: Glossary = {
  list: {
    bn: { preferred: ['তালিকা', 'লিস্ট'], avoid: ['সারণি'] },
    my: { preferred: ['စာရင်း'], avoid: ['လစ်'] },
  },
  loop: { bn: { preferred: ['লুপ'], avoid: ['আবর্তন'] } },
};

const found = (text: string, language: 'my' | 'bn', kind: 'markdown' | 'plaintext' = 'markdown') =>
  glossaryFindings(text, kind, language, GLOSSARY).map((f) => `${f.text}→${f.replacement}@${f.start}`);

test('a variant to avoid is flagged with the preferred term; a second preferred term after the first one used, with that one', () => {
  assert.deepEqual(found('একটি সারণি নিন।', 'bn'), [`সারণি→তালিকা@${'একটি '.length}`]);
  const text = 'তালিকাটি নিন। পরে লিস্টের যোগফল বের করুন।';
  assert.deepEqual(found(text, 'bn'), [`লিস্ট→তালিকা@${text.indexOf('লিস্ট')}`]);
  // The document's own choice wins: it started with the second preferred term.
  const other = 'লিস্টটি নিন। তালিকা নয়।';
  assert.deepEqual(found(other, 'bn'), [`তালিকা→লিস্ট@${other.indexOf('তালিকা')}`]);
  // Burmese with a suffix, no spaces; a term inside another word is not one.
  assert.deepEqual(found('လစ်ကို ပေါင်းပါ', 'my'), ['လစ်→စာရင်း@0']);
  assert.deepEqual(found('অসারণি', 'bn'), [], 'not at the start of a word');
  assert.deepEqual(found('```python\n# সারণি\n```\n', 'bn'), [], 'code is not prose');
  assert.deepEqual(found('লুপ আবর্তন', 'my'), [], 'only the answer language’s terms');
  assert.deepEqual(glossaryFindings('সারণি', 'markdown', 'bn', undefined), [], 'no glossary, no opinion');
});

test('akkhara lint reports a course glossary’s terms with their fix and counts them in --stats; the configuration sets their severity', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'akkhara-glossary-'));
  writeFileSync(path.join(root, 'akkhara.config.json'), JSON.stringify({ glossary: GLOSSARY }));
  writeFileSync(path.join(root, 'lesson.md'), 'একটি সারণি নিন এবং আবর্তন দিয়ে যোগ করুন।\n');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'lint', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, AKKHARA_UI_LANG: 'en' },
    });
  const text = run('--stats');
  assert.equal(text.status, 0, 'information, by default');
  assert.match(
    text.stdout,
    /1:6 +info +"সারণি": this course writes "তালিকা" \(its glossary\) {2}inconsistent-term/,
  );
  assert.match(text.stdout, /glossary terms to change 2/);
  const json = JSON.parse(run('--format', 'json').stdout) as {
    diagnostics: { code: string; severity: number; data?: { fix: { newText: string } } }[];
  }[];
  const terms = json[0].diagnostics.filter((d) => d.code === 'inconsistent-term');
  assert.deepEqual(
    terms.map((d) => [d.severity, d.data?.fix.newText]),
    [
      [3, 'তালিকা'],
      [3, 'লুপ'],
    ],
  );
  writeFileSync(
    path.join(root, 'akkhara.config.json'),
    JSON.stringify({ glossary: GLOSSARY, severity: { 'inconsistent-term': 'error' } }),
  );
  assert.equal(run().status, 1, 'a course may make its terms errors');
  writeFileSync(
    path.join(root, 'akkhara.config.json'),
    JSON.stringify({ glossary: { list: { bn: { avoid: ['সারণি'] } } } }),
  );
  const broken = run();
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /"glossary\.list\.bn" must have required property 'preferred'/);
});

test('the chat marks a course glossary’s terms in an answer, without counting them as mixed-script problems', () => {
  const answer = 'একটি সারণি নিন।\n\n```python\nx = 1\n```\n';
  const plain = checkAnswer(answer, 'bn', 'en');
  assert.deepEqual(plain.findings, []);
  const withCourse = checkAnswer(answer, 'bn', 'en', { glossary: GLOSSARY });
  assert.deepEqual(
    withCourse.findings.map((f) => [f.code, f.text, f.severity]),
    [['inconsistent-term', 'সারণি', 3]],
  );
  assert.equal(withCourse.problems, 0);
  const off = checkAnswer(answer, 'bn', 'en', {
    glossary: GLOSSARY,
    severity: { 'inconsistent-term': 'off' },
  });
  assert.deepEqual(off.findings, []);
});
