import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../src/core/analysis/findings';
import { ProcessSandbox } from '../../src/core/sandbox/processSandbox';
import { findPython } from '../../src/core/sandbox/python';
import {
  parseJsonlTasks,
  parseLessonTasks,
  taskPrompt,
  taskRunRequest,
  testsLineMap,
  type LessonTask,
} from '../../src/core/tasks/lessonTask';
import { REPO_ROOT } from '../support/paths';

const fence = (role: string, code: string) => '```python ' + role + '\n' + code + '\n```\n';

test('a task file: each # section with a tests block is a task; the prompt leaves tests and solution out', () => {
  const text = [
    '# ပေါင်းခြင်း\n\nကိန်းနှစ်ခုကို ပေါင်းသော `add(a, b)` ကို ရေးပါ။\n',
    fence('tests', 'assert add(1, 2) == 3'),
    fence('solution', 'def add(a, b):\n    return a + b'),
    '# နုတ်ခြင်း\n\n`sub(a, b)` ကို ရေးပါ။\n',
    fence('tests', 'assert sub(3, 1) == 2'),
    '# စမ်းသပ်ချက် မပါ\n\nတစ်ခုခု ရေးပါ။\n',
  ].join('\n');
  const tasks = parseLessonTasks(text);
  assert.deepEqual(
    tasks.map((t) => [t.title, t.line]),
    [
      ['ပေါင်းခြင်း', 0],
      ['နုတ်ခြင်း', 13],
    ],
  );
  const first = tasks[0].task as LessonTask;
  assert.equal(first.prompt, '# ပေါင်းခြင်း\n\nကိန်းနှစ်ခုကို ပေါင်းသော `add(a, b)` ကို ရေးပါ။');
  assert.equal(first.tests.trim(), 'assert add(1, 2) == 3');
  assert.match(first.solution ?? '', /return a \+ b/);
  assert.equal((tasks[1].task as LessonTask).solution, undefined);
  assert.equal(taskRunRequest(tasks[1].task), undefined, 'no solution: nothing to run until an answer comes');
  const withAnswer = taskRunRequest(tasks[1].task, '```python\ndef sub(a, b):\n    return a - b\n```');
  assert.equal(withAnswer?.tests.trim(), 'assert sub(3, 1) == 2');
  assert.equal(taskPrompt(tasks[1].task, 'auto').language, 'my');
});

test('a "# " comment at the start of a line in a tests or solution block is Python, not a new task', () => {
  const text = [
    '# ကိန်းပေါင်းခြင်း',
    '',
    '```python tests',
    '# the easy cases first',
    'assert add(1, 2) == 3',
    '```',
    '',
    '```python solution',
    '# the whole solution',
    'def add(a, b):',
    '    return a + b',
    '```',
    '',
  ].join('\n');
  const tasks = parseLessonTasks(text);
  assert.equal(tasks.length, 1);
  const task = tasks[0].task as LessonTask;
  assert.equal(task.title, 'ကိန်းပေါင်းခြင်း');
  assert.match(task.tests, /# the easy cases first\nassert add\(1, 2\) == 3/);
  assert.match(task.solution ?? '', /^# the whole solution\ndef add/);
});

test('HumanEval JSONL lines are tasks at their lines, asked as "complete this function"', () => {
  const row = {
    task_id: 'HumanEval/0',
    prompt: 'def add(a, b):\n    """ကိန်းနှစ်ခုကို ပေါင်းပါ။"""\n',
    canonical_solution: '    return a + b\n',
    test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n',
    entry_point: 'add',
  };
  const text = `\n${JSON.stringify(row)}\n`;
  const [located] = parseJsonlTasks(text, 'tasks.jsonl');
  assert.equal(located.line, 1);
  assert.equal(located.title, 'HumanEval/0');
  assert.match(taskPrompt(located.task, 'auto').text, /ပြီးအောင် ရေးပါ/);
  assert.equal(taskRunRequest(located.task)?.entryPoint, 'add');
});

for (const [file, language] of [
  ['burmese.task.md', 'my'],
  ['bangla.task.md', 'bn'],
] as const) {
  test(`the sample tasks in ${file}: clean ${language} prose, and each solution passes its tests`, async () => {
    const text = readFileSync(path.join(REPO_ROOT, 'samples', 'tasks', file), 'utf8');
    const tasks = parseLessonTasks(text);
    assert.ok(tasks.length >= 2, `${tasks.length} tasks`);
    const problems = analyzeText(text, { kind: 'markdown', target: language })
      .findings.toArray()
      .filter((f) => f.severity === 'error' || f.severity === 'warning');
    assert.deepEqual(
      problems.map((f) => `${f.code}:${f.text}`),
      [],
    );
    const sandbox = new ProcessSandbox(await findPython());
    let solved = 0;
    for (const { task, title } of tasks) {
      const request = taskRunRequest(task);
      if (!request) continue;
      solved++;
      const result = await sandbox.run({ ...request, limits: { timeoutMs: 10_000 } });
      assert.equal(result.status, 'passed', `${title}: ${JSON.stringify(result.tests)}`);
      assert.ok(result.tests.length >= 2, title);
    }
    assert.ok(solved >= 1 && solved < tasks.length, 'some tasks have a solution, some are left to ask');
  });
}

test('a task’s tests lines map to the file lines they are written on (for the Test Explorer)', () => {
  const file = [
    '# ပထမ',
    '```python tests',
    'assert f(1) == 1',
    '```',
    '# ဒုတိယ',
    '```python tests',
    'assert f(1) == 1',
    '',
    'assert f(2) == 4',
    '```',
    '```python tests',
    'assert f(3) == 9',
    '```',
  ].join('\r\n');
  const [, second] = parseLessonTasks(file);
  // The second task's first assert is the same text as the first task's: found after its heading.
  assert.deepEqual(testsLineMap(file, second.line, (second.task as LessonTask).tests), [6, -1, 8, 11, -1]);
});
