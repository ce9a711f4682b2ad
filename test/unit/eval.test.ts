import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseCompletions, parseTasks } from '../../src/core/eval/formats';
import { meanPassAtK, passAtK, wilson } from '../../src/core/eval/passAtK';
import { programFor } from '../../src/core/eval/programs';
import { runCli } from '../support/cli';
import { DIST, SHARED_DATA } from '../support/paths';

const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-eval-'));
const write = (name: string, content: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
};
const akkhara = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(DIST, 'cli.js'), ...args], { encoding: 'utf8', timeout: 600_000 });

/** C(n, k) by multiplication, for checking the estimator against its definition. */
function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

test('pass@k is the unbiased estimator 1 − C(n−c, k)/C(n, k)', () => {
  for (const [n, c, k] of [
    [10, 3, 1],
    [10, 3, 5],
    [20, 0, 5],
    [20, 20, 10],
    [200, 13, 100],
  ]) {
    const expected = n - c < k ? 1 : 1 - binomial(n - c, k) / binomial(n, k);
    assert.ok(Math.abs(passAtK(n, c, k) - expected) < 1e-9, `${n} ${c} ${k}`);
  }
  assert.ok(Math.abs(passAtK(5, 2, 1) - 0.4) < 1e-12);
  assert.equal(
    meanPassAtK(
      [
        [1, 1],
        [1, 0],
      ],
      1,
    ),
    0.5,
  );
  assert.throws(() => passAtK(3, 1, 5), /needs at least 5 samples/);
});

test('the Wilson interval matches the textbook values and stays inside [0, 1]', () => {
  const { low, high } = wilson(81, 263);
  assert.ok(Math.abs(low - 0.2553) < 1e-3 && Math.abs(high - 0.3662) < 1e-3, `${low} ${high}`);
  assert.deepEqual(wilson(0, 0), { low: 0, high: 1 });
  assert.ok(wilson(10, 10).high > 1 - 1e-12 && wilson(10, 10).high <= 1);
  assert.ok(wilson(10, 10).low > 0.69);
});

test('task files: HumanEval JSONL and BLP CSV/JSON; malformed rows are reported and the rest kept', () => {
  const humanEval = parseTasks(
    [
      JSON.stringify({
        task_id: 'T/0',
        prompt: 'def f():\n',
        canonical_solution: '    return 1\n',
        test: 'def check(c): pass',
        entry_point: 'f',
      }),
      '{not json',
      JSON.stringify({ task_id: 'T/1', prompt: 'x' }),
      JSON.stringify({ task_id: 'T/0', prompt: 'p', test: 't', entry_point: 'f' }),
    ].join('\n'),
    'tasks.jsonl',
  );
  assert.deepEqual(
    humanEval.items.map((t) => t.taskId),
    ['T/0'],
  );
  assert.deepEqual(
    humanEval.errors.map((e) => `${e.where}: ${e.message.split(':')[0]}`),
    ['line 2: not valid JSON', 'line 3: missing test, entry_point', 'line 4: duplicate task T/0'],
  );
  const csv = parseTasks(
    'id,instruction,test_list,response\n7,"যোগফল ফেরত দিন","[\'assert add(1, 2) == 3\']","def add(a, b):\n    return a + b"\n8,,,\n',
    'blp.csv',
  );
  // Row 8's empty test_list is refused at load (before: accepted, then every sample a sandbox_error).
  assert.equal(csv.items.length, 1);
  assert.match(csv.errors[0].message, /^test_list must be a list of assert strings/);
  assert.deepEqual(csv.items[0], {
    kind: 'blp',
    taskId: '7',
    instruction: 'যোগফল ফেরত দিন',
    testList: "['assert add(1, 2) == 3']",
    response: 'def add(a, b):\n    return a + b',
  });
  const json = parseTasks(JSON.stringify([{ id: 1, test_list: ['assert True'] }, 5]), 'blp.json');
  assert.equal(json.items[0].kind === 'blp' && json.items[0].testList, '["assert True"]');
  assert.deepEqual(json.errors, [{ where: 'item 2', message: 'not a JSON object' }]);
});

test('completion files: one line per sample, a completions list, or a BLP submission', () => {
  const lines = parseCompletions(
    '{"task_id":"A","completion":"x"}\n{"task_id":"A","completion":"y"}\n{"task_id":"B","completions":["p","q"]}\n{"completion":"z"}\n',
    'c.jsonl',
  );
  assert.deepEqual(
    lines.items.map((c) => `${c.taskId}:${c.completion}`),
    ['A:x', 'A:y', 'B:p', 'B:q'],
  );
  assert.deepEqual(lines.errors, [{ where: 'line 4', message: 'missing task_id (or id)' }]);
  const blp = parseCompletions(
    '[{"id": 7, "response": "```python\\ndef add(a, b):\\n    return a + b\\n```"}]',
    's.json',
  );
  assert.deepEqual(blp.items, [
    { taskId: '7', completion: '```python\ndef add(a, b):\n    return a + b\n```' },
  ]);
});

test('HumanEval programs: a body continues the prompt; a whole function keeps the prompt imports', () => {
  const task = {
    kind: 'humaneval' as const,
    taskId: 'T',
    prompt: 'from typing import List\nimport math\n\ndef f(xs: List[int]) -> int:\n    """doc"""\n',
    canonicalSolution: '',
    test: 'def check(candidate): pass',
    entryPoint: 'f',
  };
  assert.equal(programFor(task, '    return 1\n').solution, `${task.prompt}    return 1\n`);
  assert.equal(
    programFor(task, 'Here:\n```python\ndef f(xs):\n    return len(xs)\n```').solution,
    'from typing import List\nimport math\ndef f(xs):\n    return len(xs)\n',
  );
});

test('akkhara eval: samples scored in the sandbox, results.jsonl per sample, pass@k and statuses, a report', () => {
  const tasks = write(
    'tasks.jsonl',
    [
      {
        task_id: 'T/0',
        prompt: 'def inc(x):\n',
        canonical_solution: '    return x + 1\n',
        test: 'def check(candidate):\n    assert candidate(1) == 2\n',
        entry_point: 'inc',
      },
      {
        task_id: 'T/1',
        prompt: 'def root(x):\n',
        canonical_solution: '    return math.sqrt(x)\n',
        test: 'def check(candidate):\n    assert candidate(4) == 2\n',
        entry_point: 'root',
      },
    ]
      .map((t) => JSON.stringify(t))
      .join('\n'),
  );
  const completions = write(
    'completions.jsonl',
    [
      { task_id: 'T/0', completion: '    return x + 1\n' },
      { task_id: 'T/0', completion: '    return x + 2\n' },
      { task_id: 'T/1', completion: '    return math.sqrt(x)\n' },
      { task_id: 'T/1', completion: '    while True: pass\n' },
    ]
      .map((c) => JSON.stringify(c))
      .join('\n'),
  );
  const out = path.join(dir, 'results.jsonl');
  const report = path.join(dir, 'report.html');
  const result = akkhara(
    'eval',
    '--tasks',
    tasks,
    '--completions',
    completions,
    '--out',
    out,
    '--k',
    '1,2,5',
    '--timeout',
    '2',
    '--json',
    '--report',
    report,
    '--fix-imports',
  );
  assert.equal(result.status, 0, result.stderr);
  const summary = JSON.parse(result.stdout);
  assert.equal(summary.tasks, 2);
  assert.equal(summary.samples, 4);
  assert.equal(summary['passAtK']['pass@1'], 0.25);
  assert.equal(summary['passAtK']['pass@2'], 0.5);
  assert.deepEqual(summary.skippedK, ['pass@5: some task has only 2 samples']);
  assert.deepEqual(summary.statuses, { passed: 1, failed: 1, missing_import: 1, timeout: 1 });
  assert.equal(summary.passWithImportOnly, 1, 'the math-less sample passes once math is imported');
  // Written as scored, so in the order they finished; each line names its task and sample.
  const lines = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .sort((a, b) => a.task_id.localeCompare(b.task_id) || a.sample - b.sample);
  assert.deepEqual(
    lines.map((l) => [l.task_id, l.sample, l.passed, l.status]),
    [
      ['T/0', 0, true, 'passed'],
      ['T/0', 1, false, 'failed'],
      ['T/1', 0, false, 'missing_import'],
      ['T/1', 1, false, 'timeout'],
    ],
  );
  assert.ok(lines.every((l) => typeof l.duration_ms === 'number' && 'error' in l));
  const html = readFileSync(report, 'utf8');
  assert.match(html, /<svg role="img"/);
  assert.match(html, /pass@2 \| 50\.0%/);
  assert.doesNotMatch(html, /<script/);
});

test('akkhara eval: usage mistakes are exit 2 with the reason', () => {
  const tasks = write('t.jsonl', '');
  const neither = akkhara('eval', '--tasks', tasks, '--out', path.join(dir, 'o.jsonl'));
  assert.equal(neither.status, 2);
  assert.match(neither.stderr, /give --completions FILE or --canonical/);
  const badK = akkhara(
    'eval',
    '--tasks',
    tasks,
    '--canonical',
    '--k',
    '1,x',
    '--out',
    path.join(dir, 'o.jsonl'),
  );
  assert.match(badK.stderr, /--k must be a whole number from 1 to 1000, not "x"/);
});

const DATASETS = ['humaneval-mya.jsonl', 'humaneval-ben.jsonl', 'humaneval-ben-expert.jsonl'];
const haveData = DATASETS.every((f) => existsSync(path.join(SHARED_DATA, f)));
test(
  'the canonical solutions of the Burmese, Bangla and expert Bangla HumanEval all pass (3 × 164)',
  { skip: haveData ? false : `skipped: ${SHARED_DATA} is not there`, timeout: 600_000 },
  () => {
    for (const file of DATASETS) {
      const result = akkhara(
        'eval',
        '--tasks',
        path.join(SHARED_DATA, file),
        '--canonical',
        '--jobs',
        '2',
        '--out',
        path.join(dir, `${file}.results.jsonl`),
        '--json',
      );
      assert.equal(result.status, 0, result.stderr);
      const summary = JSON.parse(result.stdout);
      assert.deepEqual([summary.tasks, summary.statuses], [164, { passed: 164 }], file);
    }
  },
);

test('akkhara eval: an output that cannot be written is said before anything runs; Ctrl+C keeps what is scored and the same command goes on', async () => {
  const tasks = write(
    'slow-tasks.jsonl',
    [0, 1, 2, 3, 4, 5]
      .map((n) =>
        JSON.stringify({
          task_id: `S/${n}`,
          prompt: `def f${n}(x):\n`,
          test: 'def check(candidate):\n    assert candidate(1) == 1\n',
          entry_point: `f${n}`,
        }),
      )
      .join('\n'),
  );
  const completions = write(
    'slow-completions.jsonl',
    [0, 1, 2, 3, 4, 5]
      .map((n) =>
        JSON.stringify({
          task_id: `S/${n}`,
          completion: '    import time\n    time.sleep(0.4)\n    return x\n',
        }),
      )
      .join('\n'),
  );
  const args = (out: string) => [
    'eval',
    '--tasks',
    tasks,
    '--completions',
    completions,
    '--out',
    out,
    '--jobs',
    '1',
  ];
  for (const [out, reason] of [
    [path.join(dir, 'no-such-folder', 'results.jsonl'), /the folder .*no-such-folder does not exist/],
    [dir, /is a folder; give a file name/],
  ] as const) {
    const refused = akkhara(...args(out));
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, reason);
    assert.doesNotMatch(refused.stderr + refused.stdout, /passed|pass@1/, 'nothing was scored');
  }
  // Interrupted after two results: they stay; the rest are scored by the same command.
  const out = path.join(dir, 'resumed-results.jsonl');
  const first = await runCli(args(out), {
    onSpawn: (child) => {
      const watch = setInterval(() => {
        const text = existsSync(out) ? readFileSync(out, 'utf8') : '';
        if (text.split('\n').filter(Boolean).length >= 2) {
          clearInterval(watch);
          child.kill('SIGINT');
        }
      }, 20);
      child.once('exit', () => clearInterval(watch));
    },
  });
  assert.equal(first.status, 130, first.stderr);
  const kept = readFileSync(out, 'utf8').trim().split('\n');
  assert.match(first.stderr, new RegExp(`stopped; ${kept.length} of 6 samples are scored and saved`));
  assert.ok(kept.length >= 2 && kept.length < 6, `${kept.length} kept`);
  const second = await runCli([...args(out), '--json']);
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stderr, new RegExp(`resuming: ${kept.length} of 6 samples were scored before`));
  const summary = JSON.parse(second.stdout);
  assert.deepEqual([summary.samples, summary.statuses], [6, { passed: 6 }]);
  const rows = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(rows.map((r) => r.task_id).sort(), ['S/0', 'S/1', 'S/2', 'S/3', 'S/4', 'S/5']);
  // Results of other completions are not mixed in.
  const other = write(
    'other-completions.jsonl',
    JSON.stringify({ task_id: 'S/0', completion: '    return 2\n' }),
  );
  const mixed = akkhara('eval', '--tasks', tasks, '--completions', other, '--out', out);
  assert.equal(mixed.status, 2);
  assert.match(mixed.stderr, /holds results of other completions/);
});

test('task and completion files: a wrong type is refused at load with its line and what is wrong', () => {
  const tasks = parseTasks(
    [
      JSON.stringify({ id: 'B/1', test_list: 5 }),
      JSON.stringify({ id: 'B/2', test_list: { a: 1 } }),
      JSON.stringify({ id: 'B/3', test_list: ['assert f() == 1', 3] }),
      JSON.stringify({ id: 'B/4', test_list: "['assert f() == 1']" }),
    ].join('\n'),
    'tasks.jsonl',
  );
  assert.deepEqual(
    tasks.errors.map((e) => `${e.where}: ${e.message}`),
    [
      'line 1: test_list must be a list of assert strings (a JSON array, or a Python list literal), not a number',
      'line 2: test_list must be a list of assert strings (a JSON array, or a Python list literal), not an object',
      'line 3: test_list must be a list of assert strings (a JSON array, or a Python list literal); it holds a number',
    ],
  );
  assert.deepEqual(
    tasks.items.map((t) => t.taskId),
    ['B/4'],
  );
  const completions = parseCompletions(
    [
      JSON.stringify({ task_id: 'T/0', completion: 7 }),
      JSON.stringify({ task_id: 'T/0', completion: 'x' }),
    ].join('\n'),
    'c.jsonl',
  );
  assert.deepEqual(completions.errors, [
    { where: 'line 1', message: 'completion must be a string, not a number' },
  ]);
  const csv = parseTasks('id,instruction,test_list\n1,"broken quote,[]\n', 'tasks.csv');
  assert.equal(csv.errors[0].where, 'file');
  assert.match(csv.errors[0].message, /^not valid CSV: /);
});
