/**
 * akkhara eval against an independent reference scorer written for this test, with the standard
 * harnesses' semantics (OpenAI's human-eval, BLP-2025's checker): the program is plain text put
 * together as they do, run by `exec` in a fresh forked process with a time limit; it passes when
 * nothing raises. Verdicts must be equal on every fixture: the shared HumanEval sets (canonical
 * solutions, wrong ones, fenced and bare whole solutions) and hand-made BLP and edge cases.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { findPython } from '../../src/core/sandbox/python';
import { DIST, SHARED_DATA } from '../support/paths';

/** The reference: one JSON list of programs on stdin, one JSON list of booleans out. */
const REFERENCE = String.raw`
import json, os, signal, sys
programs = json.load(sys.stdin)
verdicts = []
for program in programs:
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        signal.alarm(5)
        try:
            exec(compile(program, "<program>", "exec"), {})
        except BaseException:
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    verdicts.append(os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0)
json.dump(verdicts, sys.stdout)
`;

interface HumanEvalTask {
  task_id: string;
  prompt: string;
  canonical_solution: string;
  test: string;
  entry_point: string;
}

/** The first ```python block, by a regular expression of its own (not Akkhara's Markdown reader). */
function fencedCode(completion: string): string | undefined {
  return /```(?:python|py)?[ \t]*\n([\s\S]*?)```/.exec(completion)?.[1];
}

/**
 * human-eval: prompt + completion + test + check(entry_point). A sanitizing harness (EvalPlus, the
 * BLP checker) first takes a fenced block, or the bare response stripped of surrounding white
 * space, as the whole solution when it defines the entry point itself.
 */
function humanEvalProgram(task: HumanEvalTask, completion: string): string {
  const code = fencedCode(completion) ?? completion.trim();
  const whole = new RegExp(`^def ${task.entry_point}\\(`, 'm').test(code);
  const imports = task.prompt
    .split('\n')
    .filter((line) => line.startsWith('import ') || line.startsWith('from '))
    .join('\n');
  const body = whole ? `${imports}\n${code}` : task.prompt + (fencedCode(completion) ?? completion);
  return `${body}\n\n${task.test}\n\ncheck(${task.entry_point})\n`;
}

/** BLP-2025: the response's code, then each assert of test_list. */
function blpProgram(testList: string[], response: string): string {
  const code = fencedCode(response) ?? response.trim();
  return `${code}\n\n${testList.join('\n')}\n`;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-reference-'));

async function referenceVerdicts(programs: string[]): Promise<boolean[]> {
  const python = (await findPython()).executable;
  const result = spawnSync(python, ['-I', '-S', '-c', REFERENCE], {
    input: JSON.stringify(programs),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as boolean[];
}

/** Akkhara's verdict per completion, in order (results.jsonl). */
function akkharaVerdicts(
  tasksFile: string,
  completions: { task_id: string; completion: string }[],
): boolean[] {
  const completionsFile = path.join(dir, `${path.basename(tasksFile)}.completions.jsonl`);
  writeFileSync(completionsFile, completions.map((c) => JSON.stringify(c)).join('\n'));
  const out = path.join(dir, `${path.basename(tasksFile)}.results.jsonl`);
  const run = spawnSync(
    process.execPath,
    [
      path.join(DIST, 'cli.js'),
      'eval',
      '--tasks',
      tasksFile,
      '--completions',
      completionsFile,
      '--out',
      out,
      '--jobs',
      '2',
      '--timeout',
      '5',
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  assert.equal(run.status, 0, run.stderr);
  const rows = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { task_id: string; sample: number; passed: boolean });
  // Results may come back in any order; completions are matched by task and sample number.
  const seen = new Map<string, number>();
  return completions.map(({ task_id }) => {
    const sample = seen.get(task_id) ?? 0;
    seen.set(task_id, sample + 1);
    const row = rows.find((r) => r.task_id === task_id && r.sample === sample);
    assert.ok(row, `${task_id} sample ${sample} has a result`);
    return row.passed;
  });
}

function assertSameVerdicts(ours: boolean[], reference: boolean[], labels: string[]): void {
  const differ = labels.filter((_, i) => ours[i] !== reference[i]);
  assert.deepEqual(
    differ,
    [],
    `Akkhara and the reference disagree on ${differ.length}: ${differ.slice(0, 10).join(', ')}`,
  );
}

test('edge cases: a solution named test_…, a bare answer starting with a space, BLP test lists', async () => {
  const tasks: HumanEvalTask[] = [
    {
      task_id: 'E/0',
      prompt: 'def test_duplicate(arraynums):\n    """True when a number repeats."""\n',
      canonical_solution: '    return len(arraynums) != len(set(arraynums))\n',
      test: 'def check(candidate):\n    assert candidate([1, 2, 3]) is False\n    assert candidate([1, 1]) is True\n',
      entry_point: 'test_duplicate',
    },
    {
      task_id: 'E/1',
      prompt: 'def inc(x):\n',
      canonical_solution: '    return x + 1\n',
      test: 'def check(candidate):\n    assert candidate(1) == 2\n',
      entry_point: 'inc',
    },
  ];
  const tasksFile = path.join(dir, 'edge.jsonl');
  writeFileSync(tasksFile, tasks.map((t) => JSON.stringify(t)).join('\n'));
  const completions = [
    { task_id: 'E/0', completion: tasks[0].canonical_solution },
    {
      task_id: 'E/0',
      completion:
        '```python\ndef test_duplicate(arraynums):\n    return len(arraynums) != len(set(arraynums))\n```',
    },
    { task_id: 'E/0', completion: '    return False\n' },
    { task_id: 'E/1', completion: ' def inc(x):\n    return x + 1\n' },
    { task_id: 'E/1', completion: '\n\n  def inc(x):\n    return x + 1\n\n' },
    { task_id: 'E/1', completion: '    return x + 1\n' },
    { task_id: 'E/1', completion: '    return x - 1\n' },
    { task_id: 'E/1', completion: '```python\n  def inc(x):\n      return x + 1\n```' },
    { task_id: 'E/1', completion: '    while True:\n        pass\n' },
  ];
  const byId = new Map(tasks.map((t) => [t.task_id, t]));
  const reference = await referenceVerdicts(
    completions.map((c) => humanEvalProgram(byId.get(c.task_id)!, c.completion)),
  );
  const ours = akkharaVerdicts(tasksFile, completions);
  assertSameVerdicts(
    ours,
    reference,
    completions.map((c, i) => `${c.task_id}#${i}`),
  );
  assert.deepEqual(
    ours.slice(0, 4),
    [true, true, false, true],
    'the named cases pass as the standard harness says',
  );

  // BLP-2025: test_list as a Python literal, as a JSON array, and string-encoded twice.
  const testList = ['assert add(1, 2) == 3', 'assert add(-1, 1) == 0'];
  const blpTasks = [
    { id: 'B/0', instruction: 'যোগ করুন', test_list: `[${testList.map((t) => `'${t}'`).join(', ')}]` },
    { id: 'B/1', instruction: 'যোগ করুন', test_list: testList },
    { id: 'B/2', instruction: 'যোগ করুন', test_list: JSON.stringify(JSON.stringify(testList)) },
  ];
  const blpFile = path.join(dir, 'blp.json');
  writeFileSync(blpFile, JSON.stringify(blpTasks));
  const responses = [
    { task_id: 'B/0', completion: '```python\ndef add(a, b):\n    return a + b\n```' },
    { task_id: 'B/0', completion: ' def add(a, b):\n    return a + b\n' },
    { task_id: 'B/1', completion: 'def add(a, b):\n    return a - b\n' },
    { task_id: 'B/2', completion: 'def add(a, b):\n    return b + a\n' },
    { task_id: 'B/2', completion: 'def test_add(a, b):\n    return a + b\nadd = test_add\n' },
  ];
  const blpReference = await referenceVerdicts(responses.map((r) => blpProgram(testList, r.completion)));
  const blpOurs = akkharaVerdicts(blpFile, responses);
  assertSameVerdicts(
    blpOurs,
    blpReference,
    responses.map((r, i) => `${r.task_id}#${i}`),
  );
});

const DATASETS = ['humaneval-mya.jsonl', 'humaneval-ben.jsonl', 'humaneval-ben-expert.jsonl'];
const haveData = DATASETS.every((file) => existsSync(path.join(SHARED_DATA, file)));
test(
  'the shared HumanEval sets: canonical, wrong, fenced and bare-with-a-space solutions score as the reference scores them',
  { skip: haveData ? false : `skipped: ${SHARED_DATA} is not there`, timeout: 900_000 },
  async () => {
    for (const file of DATASETS) {
      const tasksFile = path.join(SHARED_DATA, file);
      const tasks = readFileSync(tasksFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as HumanEvalTask);
      const completions = tasks.flatMap((task) => [
        { task_id: task.task_id, completion: task.canonical_solution },
        { task_id: task.task_id, completion: '    return None\n' },
        {
          task_id: task.task_id,
          completion: `\`\`\`python\n${task.prompt}${task.canonical_solution}\`\`\`\n`,
        },
        { task_id: task.task_id, completion: ` ${task.prompt.trimStart()}${task.canonical_solution}` },
      ]);
      const byId = new Map(tasks.map((task) => [task.task_id, task]));
      const reference = await referenceVerdicts(
        completions.map((c) => humanEvalProgram(byId.get(c.task_id)!, c.completion)),
      );
      const ours = akkharaVerdicts(tasksFile, completions);
      assertSameVerdicts(
        ours,
        reference,
        completions.map((c, i) => `${file} ${c.task_id}#${i % 4}`),
      );
      assert.ok(reference.filter(Boolean).length >= tasks.length * 3 - 5, 'most of the right ones pass');
    }
  },
);
