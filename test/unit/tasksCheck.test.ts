/**
 * `akkhara tasks check`: the sample task files pass; each kind of broken exercise a teacher can write
 * is reported at its task — a solution that fails, tests that pass on an empty stub (in a task file
 * and in HumanEval JSONL), mixed script in the prompt, a duplicate id — and nothing to check is exit 2.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { stubOf } from '../../src/core/course/taskCheck';
import { DIST, REPO_ROOT } from '../support/paths';

function tasksCheck(cwd: string, ...args: string[]) {
  return tasksCheckIn('en', cwd, ...args);
}

function tasksCheckIn(ui: string, cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'tasks', 'check', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, AKKHARA_UI_LANG: ui },
  });
}

test('the sample task files pass', () => {
  const result = tasksCheck(REPO_ROOT, 'samples/tasks');
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /✔ 4 tasks checked, 0 problems \(0 errors\) · (bwrap|landlock) \(isolated\)/);
});

test('the summary names the sandbox and what it isolates: Pyodide says "limited isolation"', () => {
  const result = tasksCheck(REPO_ROOT, 'samples/tasks', '--sandbox', 'pyodide');
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /✔ 4 tasks checked, 0 problems \(0 errors\) · pyodide \(limited isolation\)/);
});

test('the summary speaks the UI language: Burmese and Bangla', () => {
  const my = tasksCheckIn('my', REPO_ROOT, 'samples/tasks');
  assert.equal(my.status, 0, my.stdout + my.stderr);
  assert.match(my.stdout, /✔ လေ့ကျင့်ခန်း 4 ခု စစ်ပြီး၊ ပြဿနာ 0 ခု \(အမှား 0 ခု\) · \w+ \(သီးခြားထားသည်\)/);
  const bn = tasksCheckIn('bn', REPO_ROOT, 'samples/tasks');
  assert.match(bn.stdout, /✔ 4টি টাস্ক পরীক্ষা করা হয়েছে, 0টি সমস্যা \(0টি ত্রুটি\) · \w+ \(আলাদা করা\)/);
});

const task = (title: string, prompt: string, tests: string, solution?: string) =>
  [
    `# ${title}`,
    '',
    prompt,
    '',
    '```python tests',
    tests,
    '```',
    ...(solution ? ['', '```python solution', solution, '```'] : []),
    '',
  ].join('\n');

test('each kind of broken task is reported at its task, in every format', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'akkhara-tasks-'));
  const good = 'def add(a, b):\n    return a + b';
  writeFileSync(
    path.join(root, 'week1.task.md'),
    [
      task('ပေါင်းခြင်း', 'ကိန်းနှစ်ခုကို ပေါင်းသော `add(a, b)` ကို ရေးပါ။', 'assert add(2, 3) == 5', good),
      task(
        'နုတ်ခြင်း',
        'ကိန်းနှစ်ခုကို နုတ်သော `sub(a, b)` ကို ရေးပါ။',
        'assert sub(5, 3) == 2',
        'def sub(a, b):\n    return b - a',
      ),
      task(
        'အားနည်းသော စမ်းသပ်ချက်',
        'ကိန်းတစ်ခုကို နှစ်ဆ ပြန်ပေးပါ။',
        'assert double(2) is None or True',
        'def double(x):\n    return 2 * x',
      ),
      task('ပေါင်းခြင်း', 'ကိန်းများကို ပေါင်းပါ สวัสดี', 'assert add(1, 1) == 2', good),
    ].join('\n'),
  );
  const humaneval = (taskId: string, test: string) =>
    JSON.stringify({
      task_id: taskId,
      prompt: 'def inc(x):\n    """ကိန်းကို တစ် တိုးပါ။"""\n',
      canonical_solution: '    return x + 1\n',
      test,
      entry_point: 'inc',
    });
  writeFileSync(
    path.join(root, 'bench.jsonl'),
    [
      humaneval('T/0', 'def check(candidate):\n    assert candidate(1) == 2\n'),
      humaneval('T/1', 'def check(candidate):\n    assert callable(candidate)\n'),
    ].join('\n') + '\n',
  );

  const result = tasksCheck(root, '--format', 'json');
  assert.equal(result.status, 1, result.stderr);
  const files = JSON.parse(result.stdout) as { file: string; problems: { code: string; line: number }[] }[];
  const found = files.flatMap((f) => f.problems.map((p) => `${f.file}:${p.line + 1} ${p.code}`)).sort();
  // Each kind at its task (lines are one-based headings; the JSONL's task is its line).
  for (const expected of [
    /^week1\.task\.md:\d+ solution-fails$/,
    /^week1\.task\.md:\d+ tests-pass-on-stub$/,
    /^week1\.task\.md:\d+ duplicate-task-id$/,
    /^week1\.task\.md:\d+ task-language$/,
    /^bench\.jsonl:2 tests-pass-on-stub$/,
  ])
    assert.ok(
      found.some((line) => expected.test(line)),
      `${expected}: ${found.join(', ')}`,
    );
  assert.ok(!found.some((line) => line.startsWith('bench.jsonl:1 ')), 'a JSONL task with real tests passes');
  assert.ok(!found.some((line) => /week1\.task\.md:1 /.test(line)), 'the good task passes');

  const github = tasksCheck(root, '--format', 'github');
  assert.match(
    github.stdout,
    /^::error file=week1\.task\.md,line=\d+,col=1,.*title=Akkhara solution-fails::the solution fails its tests: assert sub\(5, 3\) == 2 \(got -2\)/m,
  );
  const sarif = JSON.parse(tasksCheck(root, '--format', 'sarif').stdout) as {
    runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[];
  };
  assert.ok(sarif.runs[0].tool.driver.rules.some((rule) => rule.id === 'tests-pass-on-stub'));
  assert.ok(sarif.runs[0].results.some((r) => r.ruleId === 'duplicate-task-id'));

  const empty = mkdtempSync(path.join(os.tmpdir(), 'akkhara-tasks-none-'));
  const none = tasksCheck(empty);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /no files to check/);
});

test('a stub keeps each function’s signature, decorators and the module’s imports, with pass for the body', () => {
  const solution = [
    'import math',
    'LIMIT = 10',
    '',
    '@cache',
    'def area(radius,',
    '         unit="cm"):  # a comment',
    '    """The area."""',
    '',
    '    return math.pi * radius ** 2',
    '',
    'def main():',
    '    print(area(1))',
  ].join('\n');
  assert.equal(
    stubOf(solution),
    [
      'import math',
      'LIMIT = 10',
      '',
      '@cache',
      'def area(radius,',
      '         unit="cm"):  # a comment',
      '    pass',
      'def main():',
      '    pass',
      '',
    ].join('\n'),
  );
  assert.equal(stubOf('x = 1\n'), undefined, 'nothing to stub');
});

test('a broken task file is reported, never "0 problems": no tests block, a repeated id and a line that is no task, a fence never closed', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-broken-tasks-'));
  writeFileSync(path.join(dir, 'notests.task.md'), '# ပေါင်းခြင်း\n\nကိန်းနှစ်ခုကို ပေါင်းပါ။\n');
  const row = JSON.stringify({
    task_id: 'Dup/0',
    prompt: 'def add(a, b):\n    """ကိန်းနှစ်ခုကို ပေါင်းပါ။"""\n',
    canonical_solution: '    return a + b\n',
    test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n',
    entry_point: 'add',
  });
  writeFileSync(path.join(dir, 'dup.jsonl'), `${row}\n${row}\nnot json\n`);
  writeFileSync(
    path.join(dir, 'unclosed.task.md'),
    '# ပေါင်းခြင်း\n\nကိန်းနှစ်ခုကို ပေါင်းပါ။\n\n```python tests\nassert add(2, 3) == 5\n\n```python solution\ndef add(a, b):\n    return a + b\n```\n',
  );
  const result = tasksCheck(dir, '.');
  assert.equal(result.status, 1, result.stdout + result.stderr);
  assert.match(
    result.stdout,
    /notests\.task\.md\n {2}1 +error +no task here: a task is a section with a ```python tests block {2}task-file-broken/,
  );
  assert.match(
    result.stdout,
    /dup\.jsonl\n {2}2 +error +task id "Dup\/0" is used again in this file {2}duplicate-task-id\n {2}3 +error +this line is not a task: not valid JSON/,
  );
  assert.match(result.stdout, /unclosed\.task\.md\n {2}5 +error +the ```python tests block is never closed/);
  assert.match(result.stdout, /✖ \d+ tasks? checked, 4 problems \(4 errors\)/);
});
