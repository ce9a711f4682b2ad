/**
 * What a careless command line gives the CLI, and what it must say: a folder where a file belongs
 * (never a bare EISDIR), a byte-order mark before the first task (never a lost task), an output of
 * another shape, nothing to report, a store that does not exist, a report named .pdf.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../support/cli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-inputs-'));
const folder = path.join(dir, 'a-folder');
mkdirSync(folder);
const cli = (...args: string[]) => runCli(args, { env: { AKKHARA_UI_LANG: 'en' } });

const TASK = (id: string) =>
  JSON.stringify({
    task_id: id,
    prompt: 'def add(a, b):\n    """ကိန်းနှစ်ခုကို ပေါင်းပါ။"""\n',
    canonical_solution: '    return a + b\n',
    test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n',
    entry_point: 'add',
  });

test('a folder where a file belongs is named with its option, never a bare EISDIR', async () => {
  const code = path.join(dir, 'code.py');
  writeFileSync(code, 'x = 1\n');
  for (const [args, option] of [
    [['run', '--code', folder], '--code'],
    [['eval', '--tasks', folder, '--canonical', '--out', path.join(dir, 'r.jsonl')], '--tasks'],
    [
      ['ask', 'ကိန်းနှစ်ခုကို ပေါင်းပါ', '--tests', folder, '--endpoint', 'http://127.0.0.1:9/v1', '--model', 'x'],
      '--tests',
    ],
    [['report', '--eval', folder, '--out', path.join(dir, 'r.md')], '--eval'],
  ] as const) {
    const result = await cli(...args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(
      result.stderr,
      new RegExp(`${option} ${folder.replace(/[/.-]/g, '\\$&')} is a folder; give a file`),
    );
    assert.doesNotMatch(result.stderr, /EISDIR|\n\s+at /);
  }
});

test('a byte-order mark before the first task loses no task', async () => {
  const tasks = path.join(dir, 'bom.jsonl');
  writeFileSync(tasks, `\ufeff${TASK('Bom/0')}\n${TASK('Bom/1')}\n`);
  const result = await cli(
    'eval',
    '--tasks',
    tasks,
    '--canonical',
    '--out',
    path.join(dir, 'bom-results.jsonl'),
  );
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^2 tasks, 2 samples/);
  assert.equal(result.stderr, '');
});

test('eval --out onto a file of another shape is refused, naming the line', async () => {
  const tasks = path.join(dir, 'one.jsonl');
  writeFileSync(tasks, `${TASK('One/0')}\n`);
  const other = path.join(dir, 'other.jsonl');
  writeFileSync(other, '{"a": 1}\n');
  const result = await cli('eval', '--tasks', tasks, '--canonical', '--out', other);
  assert.equal(result.status, 2);
  assert.match(
    result.stderr,
    /other\.jsonl is not akkhara eval's results \(line 1 has no task_id, sample and status\); choose another --out/,
  );
  assert.doesNotMatch(result.stderr, /undefined/);
  assert.equal(readFileSync(other, 'utf8'), '{"a": 1}\n', 'left as it was');
});

test('report: nothing to report and a .pdf name are errors; feedback export from no store names it', async () => {
  const empty = path.join(dir, 'empty.jsonl');
  writeFileSync(empty, '');
  const nothing = await cli('report', '--eval', empty, '--out', path.join(dir, 'r.md'));
  assert.equal(nothing.status, 2);
  assert.match(nothing.stderr, /empty\.jsonl has no results: nothing to report/);
  const pdf = await cli('report', '--eval', empty, '--out', path.join(dir, 'r.pdf'));
  assert.equal(pdf.status, 2);
  assert.match(pdf.stderr, /--out .*r\.pdf: the report is Markdown \(\.md\) or HTML \(\.html\)/);
  const store = path.join(dir, 'no-store.jsonl');
  const exported = await cli(
    'feedback',
    'export',
    '--store',
    store,
    '--format',
    'sft',
    '--out',
    path.join(dir, 'x.jsonl'),
  );
  assert.equal(exported.status, 2);
  assert.match(exported.stderr, /no feedback store at .*no-store\.jsonl/);
});
