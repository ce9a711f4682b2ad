import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { startFakeOpenAI, type FakeOpenAI } from '../support/openaiServer';
import { runCli } from '../support/cli';
import { writeTinyGguf } from '../support/tinyGguf';

let server: FakeOpenAI;
before(async () => {
  server = await startFakeOpenAI();
});
after(() => server.close());

const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-generate-'));
const tasksFile = path.join(dir, 'tasks.jsonl');
const task = (id: number, name: string, doc: string) => ({
  task_id: `Tiny/${id}`,
  prompt: `def ${name}(a, b):\n    """${doc}"""\n`,
  canonical_solution: '    return a + b\n',
  test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n',
  entry_point: name,
});
writeFileSync(
  tasksFile,
  [
    task(0, 'add', 'ကိန်းနှစ်ခုကို ပေါင်းပါ။'),
    task(1, 'plus', 'ကိန်း a နှင့် b ၏ ပေါင်းလဒ်'),
    task(2, 'total', 'a နှင့် b ကို ပေါင်းသည်'),
  ]
    .map((t) => JSON.stringify(t))
    .join('\n'),
);

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { task_id: string; completion: string });

test('akkhara generate: N answers per task in the completion format eval reads; an interrupted file resumes', async () => {
  const out = path.join(dir, 'completions.jsonl');
  // A run that finished task 0 and was killed while writing task 1.
  writeFileSync(out, `${JSON.stringify({ task_id: 'Tiny/0', completion: 'old 0' })}\n`);
  appendFileSync(
    out,
    `${JSON.stringify({ task_id: 'Tiny/0', completion: 'old 1' })}\n{"task_id": "Tiny/1", "compl`,
  );
  server.defaultAnswer = (request) => {
    const question = request.body.messages[1].content;
    const name = /def (\w+)/.exec(question)?.[1] ?? 'f';
    return ['ဖြေချက်', `\n\n\`\`\`python\ndef ${name}(a, b):\n    return a + b\n\`\`\`\n`];
  };
  const before = server.requests.length;
  const fromServer = (...extra: string[]) =>
    runCli([
      'generate',
      '--tasks',
      tasksFile,
      '--n',
      '2',
      '--out',
      out,
      '--endpoint',
      server.baseURL,
      '--model',
      'tiny',
      ...extra,
    ]);
  const result = await fromServer('--temperature', '0.8');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /dropped a torn last line/);
  assert.match(result.stderr, /resuming: 1 of 3 tasks already has 2 samples/);
  assert.equal(server.requests.length - before, 4, 'only tasks 1 and 2 were asked, twice each');
  const asked = server.requests.slice(before).map((r) => r.body.messages[1].content);
  assert.ok(asked.every((q) => q.startsWith('အောက်ပါ Python function ကို ပြီးအောင် ရေးပါ။\n\n```python\ndef ')));
  // Tasks run concurrently against a server and are written as they finish: each whole, in any order.
  const written = lines(out).map((l) => l.task_id);
  assert.deepEqual(written.slice(0, 2), ['Tiny/0', 'Tiny/0'], 'the earlier run’s task stays first');
  assert.deepEqual([...written].sort(), ['Tiny/0', 'Tiny/0', 'Tiny/1', 'Tiny/1', 'Tiny/2', 'Tiny/2']);
  for (let i = 2; i < written.length; i += 2)
    assert.equal(written[i], written[i + 1], 'a task’s rows together');
  const scored = await runCli([
    'eval',
    '--tasks',
    tasksFile,
    '--completions',
    out,
    '--k',
    '1,2',
    '--sandbox',
    'process',
    '--out',
    path.join(dir, 'results.jsonl'),
    '--json',
  ]);
  assert.equal(scored.status, 0, scored.stderr);
  const summary = JSON.parse(scored.stdout);
  assert.equal(summary.samples, 6);
  assert.equal(summary.statuses.passed, 4, 'the two "old" answers hold no code and fail');
  const again = await fromServer();
  assert.equal(again.status, 0);
  assert.equal(lines(out).length, 6, 'a finished file is left as it is');
});

test('akkhara generate with a local GGUF; a broken model is exit 2 and keeps nothing half-written', async () => {
  const gguf = path.join(dir, 'tiny.gguf');
  writeTinyGguf(gguf);
  const out = path.join(dir, 'local.jsonl');
  const result = await runCli([
    'generate',
    '--tasks',
    tasksFile,
    '--out',
    out,
    '--model',
    gguf,
    '--max-tokens',
    '16',
    '--gpu',
    'off',
    '--threads',
    '2',
  ]);
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(
    lines(out).map((l) => l.task_id),
    ['Tiny/0', 'Tiny/1', 'Tiny/2'],
  );
  const broken = path.join(dir, 'broken.gguf');
  writeTinyGguf(broken, { omitKey: 'llama.feed_forward_length' });
  const failed = await runCli([
    'generate',
    '--tasks',
    tasksFile,
    '--out',
    path.join(dir, 'none.jsonl'),
    '--model',
    broken,
    '--gpu',
    'off',
  ]);
  assert.equal(failed.status, 2);
  assert.match(failed.stderr, /could not be loaded/);
  assert.equal(readFileSync(path.join(dir, 'none.jsonl'), 'utf8'), '');
});

test('akkhara generate --repair --show-tests: failing answers are repaired with the task’s tests; eval reports pass@1 before and after', async () => {
  const out = path.join(dir, 'repaired.jsonl');
  const answer = (name: string, body: string) =>
    `ဖြေချက်\n\n\`\`\`python\ndef ${name}(a, b):\n    return ${body}\n\`\`\`\n`;
  // Each task's first answer multiplies (fails check: 1 * 2 != 3); a repair request gets the sum,
  // except for task 2, whose model gives the same wrong code again.
  server.defaultAnswer = (request) => {
    const messages = request.body.messages;
    const name = /def (\w+)\(a, b\)/.exec(messages[1].content)?.[1] ?? 'f';
    const repairing = messages.length > 2;
    return [answer(name, repairing && name !== 'total' ? 'a + b' : 'a * b')];
  };
  const before = server.requests.length;
  const result = await runCli([
    'generate',
    '--tasks',
    tasksFile,
    '--out',
    out,
    '--repair',
    '2',
    '--show-tests',
    '--sandbox',
    'process',
    '--endpoint',
    server.baseURL,
    '--model',
    'tiny',
  ]);
  assert.equal(result.status, 0, result.stderr);
  const rows = lines(out) as unknown as {
    task_id: string;
    completion: string;
    first_completion?: string;
    repair: { rounds: number; stop: string; first_passed: boolean };
  }[];
  rows.sort((a, b) => a.task_id.localeCompare(b.task_id)); // written as each task finishes
  assert.deepEqual(
    rows.map((row) => [row.task_id, row.repair.stop, row.repair.rounds, row.repair.first_passed]),
    [
      ['Tiny/0', 'passed', 1, false],
      ['Tiny/1', 'passed', 1, false],
      ['Tiny/2', 'same-code', 1, false],
    ],
  );
  assert.match(rows[0].completion, /a \+ b/);
  assert.match(rows[0].first_completion ?? '', /a \* b/);
  const asked = server.requests.slice(before).map((request) => request.body.messages);
  const firsts = asked.filter((messages) => messages.length === 2);
  assert.equal(firsts.length, 3);
  for (const messages of firsts)
    assert.match(
      messages[1].content,
      /assert candidate\(1, 2\) == 3/,
      '--show-tests: the task’s tests are in the prompt',
    );
  const repair = asked.find((messages) => messages.length > 2 && /def add/.test(messages[1].content))!;
  assert.equal(repair.length, 4, 'the question, the failing answer, the repair request');
  assert.match(repair[3].content, /- check\(add\): failed: assertion failed/, 'the failing test goes back');

  const evaluated = await runCli([
    'eval',
    '--tasks',
    tasksFile,
    '--completions',
    out,
    '--out',
    path.join(dir, 'r.jsonl'),
    '--sandbox',
    'process',
  ]);
  assert.equal(evaluated.status, 0, evaluated.stderr);
  assert.match(evaluated.stdout, /pass@1: 66\.7% {3}\(before repair: 0\.0%\)/);
});

test('akkhara generate --concurrency keeps that many requests in flight across tasks, each task written whole', async () => {
  // A server with room for everything, each answer taking 150 ms: what it sees at once is what generate sends.
  const busy = await startFakeOpenAI({ capacity: { slots: 1000, latencyMs: 150 } });
  try {
    const many = path.join(dir, 'many.jsonl');
    writeFileSync(
      many,
      Array.from({ length: 12 }, (_, i) => JSON.stringify(task(i, `f${i}`, 'ကိန်းနှစ်ခုကို ပေါင်းပါ။'))).join('\n'),
    );
    const out = path.join(dir, 'concurrent.jsonl');
    const result = await runCli([
      'generate',
      '--tasks',
      many,
      '--n',
      '2',
      '--concurrency',
      '6',
      '--out',
      out,
      '--endpoint',
      busy.baseURL,
      '--model',
      'tiny',
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(busy.served.completed, 24);
    assert.equal(busy.served.mostAtOnce, 6, 'three tasks of two samples at a time, never more');
    const written = lines(out).map((l) => l.task_id);
    assert.equal(written.length, 24);
    for (let i = 0; i < written.length; i += 2)
      assert.equal(written[i], written[i + 1], 'a task’s rows together');
    assert.equal(new Set(written).size, 12);
    const refused = await runCli([
      'generate',
      '--tasks',
      many,
      '--concurrency',
      '0',
      '--out',
      out,
      '--endpoint',
      busy.baseURL,
      '--model',
      'tiny',
    ]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /--concurrency must be a whole number from 1 to 1024/);
  } finally {
    await busy.close();
  }
});

test('an answer cut at --answer-timeout is kept and marked, the run goes on; ask --json keeps it too', async () => {
  const slow = await startFakeOpenAI();
  try {
    slow.queue.push({ kind: 'endless', everyMs: 50 });
    slow.defaultAnswer = () => ['ဖြေချက် ', 'ပြည့်စုံ'];
    const two = path.join(dir, 'two.jsonl');
    writeFileSync(
      two,
      [task(0, 'add', 'ကိန်းနှစ်ခုကို ပေါင်းပါ။'), task(1, 'plus', 'ပေါင်းလဒ်')]
        .map((t) => JSON.stringify(t))
        .join('\n'),
    );
    const out = path.join(dir, 'cut.jsonl');
    const result = await runCli([
      'generate',
      '--tasks',
      two,
      '--out',
      out,
      '--concurrency',
      '1',
      '--answer-timeout',
      '1',
      '--endpoint',
      slow.baseURL,
      '--model',
      'tiny',
    ]);
    assert.equal(result.status, 0, result.stderr);
    const rows = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    const cut = rows.find((row) => row.finish_reason === 'timeout');
    assert.ok(cut && cut.completion.length > 0, 'what arrived before the deadline is written, marked');
    assert.ok(rows.some((row) => row.finish_reason === 'stop' && row.completion === 'ဖြေချက် ပြည့်စုံ'));

    slow.queue.push({ kind: 'endless', everyMs: 50 });
    const asked = await runCli(
      [
        'ask',
        'ကိန်းနှစ်ခုကို ပေါင်းပါ',
        '--json',
        '--answer-timeout',
        '1',
        '--endpoint',
        slow.baseURL,
        '--model',
        'tiny',
      ],
      { env: { AKKHARA_UI_LANG: 'en' } },
    );
    assert.equal(asked.status, 2);
    const json = JSON.parse(asked.stdout) as {
      answer: string;
      error: { kind: string };
      samples: { finishReason: string }[];
    };
    assert.ok(json.answer.length > 0);
    assert.equal(json.error.kind, 'timeout');
    assert.equal(json.samples[0].finishReason, 'timeout');
  } finally {
    await slow.close();
  }
});
