import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../support/openaiServer';
import { runCli } from '../support/cli';

let server: FakeOpenAI;
before(async () => {
  server = await startFakeOpenAI();
});
after(() => server.close());

const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-mine-'));
const tasksFile = path.join(dir, 'tasks.jsonl');
const task = (
  id: number,
  name: string,
  test = 'def check(candidate):\n    assert candidate(1, 2) == 3\n',
) => ({
  task_id: `Mine/${id}`,
  prompt: `def ${name}(a, b):\n    """ကိန်းနှစ်ခုကို ပေါင်းပါ။"""\n`,
  canonical_solution: '    return a + b\n',
  test,
  entry_point: name,
});
writeFileSync(
  tasksFile,
  [task(0, 'add'), task(1, 'plus'), task(2, 'total'), task(3, 'sum_two', '')]
    .map((t) => JSON.stringify(t))
    .join('\n'),
);

const K = 4;
const CLEAN = 'ဤ function သည် ကိန်းနှစ်ခုကို ပေါင်းသည်။';
const MIXED = 'ဤ function သည် ကိန်းนี้ ပေါင်းသည်။'; // a Thai fragment in Burmese prose

/**
 * The model, by task and seed: add is right on even seeds only; plus is always right, its prose
 * mixed on seeds 1 and 3; total is wrong in the first round (seeds below K) and right after.
 */
function answer(request: RecordedRequest): string[] {
  const name = /def (\w+)/.exec(request.body.messages[1].content)?.[1] ?? 'f';
  const seed = request.body.seed ?? 0;
  const right =
    name === 'add' ? seed % 2 === 0 : name === 'plus' ? true : name === 'total' ? seed >= K : false;
  const prose = name === 'plus' && seed % 2 === 1 ? MIXED : CLEAN;
  const body = right ? 'a + b' : 'a - b';
  // Each answer its own text (a comment with its seed), longer for higher seeds.
  return [
    `${prose} (${seed})`,
    `\n\n\`\`\`python\ndef ${name}(a, b):\n    return ${body}  # ${'x'.repeat(seed)}\n\`\`\`\n`,
  ];
}

const readJsonl = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);

interface SampleRow {
  task_id: string;
  round: number;
  sample: number;
  completion: string;
  passed: boolean;
  problems: number;
}

/** pass@k by enumerating every k-subset of a task's samples: the definition, not the estimator's formula. */
function passAtKByEnumeration(outcomes: readonly boolean[], k: number): number {
  let subsets = 0;
  let withPass = 0;
  const choose = (start: number, left: number, anyPass: boolean) => {
    if (left === 0) {
      subsets++;
      if (anyPass) withPass++;
      return;
    }
    for (let i = start; i <= outcomes.length - left; i++) choose(i + 1, left - 1, anyPass || outcomes[i]);
  };
  choose(0, k, false);
  return withPass / subsets;
}

const mine = (out: string, ...extra: string[]) =>
  runCli([
    'mine',
    '--tasks',
    tasksFile,
    '--k',
    String(K),
    '--out',
    out,
    '--sandbox',
    'process',
    '--endpoint',
    server.baseURL,
    '--model',
    'tiny',
    '--json',
    ...extra,
  ]);

test('akkhara mine: K samples per task, winners by the tests, clean winners as SFT, pairs, rounds re-ask only the unsolved', async () => {
  server.defaultAnswer = answer;
  const out = path.join(dir, 'run');
  const before = server.requests.length;
  const result = await mine(out, '--rounds', '2', '--keep', '2');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /1 task without tests left out/);
  const asked = server.requests.slice(before);
  assert.equal(asked.length, 3 * K + K, 'three tasks in round 1, only total again in round 2');
  assert.ok(asked.every((request) => request.body.temperature === 0.8));

  const samples = readJsonl<SampleRow>(path.join(out, 'samples.jsonl'));
  const ofTask = (id: string) => samples.filter((row) => row.task_id === id);
  assert.deepEqual(
    ['Mine/0', 'Mine/1', 'Mine/2', 'Mine/3'].map((id) => ofTask(id).length),
    [K, K, 2 * K, 0],
  );
  assert.deepEqual(
    ofTask('Mine/2').map((row) => [row.round, row.passed]),
    [1, 1, 1, 1, 2, 2, 2, 2].map((round) => [round, round === 2]),
  );
  assert.deepEqual(
    ofTask('Mine/0').map((row) => row.passed),
    [true, false, true, false],
  );
  assert.ok(ofTask('Mine/1').every((row) => row.passed));
  assert.deepEqual(
    ofTask('Mine/1').map((row) => row.problems > 0),
    [false, true, false, true],
    'the Thai fragment is a language problem',
  );

  // SFT: up to 2 clean winners per task, the shortest code first, with the Burmese explanation kept.
  const sft = readJsonl<{ messages: { role: string; content: string }[] }>(path.join(out, 'sft.jsonl'));
  assert.equal(sft.length, 2 + 2 + 2);
  for (const row of sft) {
    assert.deepEqual(
      row.messages.map((message) => message.role),
      ['system', 'user', 'assistant'],
    );
    assert.ok(row.messages[2].content.startsWith(CLEAN), 'only clean prose, explanation kept');
    assert.match(row.messages[2].content, /return a \+ b/);
  }
  const addAnswers = sft
    .filter((row) => /def add/.test(row.messages[1].content))
    .map((row) => row.messages[2].content);
  assert.deepEqual(
    addAnswers.map((text) => /\((\d+)\)/.exec(text)?.[1]),
    ['0', '2'],
    'equally clean: the shorter code first',
  );

  // DPO: a clean winner against a failing or a mixed-script answer of the same task.
  const dpo = readJsonl<{
    prompt: { role: string }[];
    chosen: { content: string }[];
    rejected: { content: string }[];
  }>(path.join(out, 'dpo.jsonl'));
  assert.ok(dpo.length > 0);
  for (const pair of dpo) {
    assert.match(pair.chosen[0].content, /return a \+ b/);
    assert.ok(pair.chosen[0].content.startsWith(CLEAN));
    assert.ok(/return a - b/.test(pair.rejected[0].content) || pair.rejected[0].content.startsWith(MIXED));
  }
  assert.equal(
    dpo.length,
    2 + 2 + 2,
    'add: its two failures; plus: its two mixed; total: two of round 1’s failures',
  );

  // The summary: pass@k of the first round, checked against enumeration.
  const summary = JSON.parse(result.stdout) as {
    passAtK: number[];
    solvedByRound: number[];
    withoutTests: number;
    tasks: { taskId: string; successRate: number; samplesNeeded?: number; solvedInRound?: number }[];
  };
  const firstRound = ['Mine/0', 'Mine/1', 'Mine/2'].map((id) =>
    ofTask(id)
      .filter((row) => row.round === 1)
      .map((row) => row.passed),
  );
  for (let k = 1; k <= K; k++) {
    const expected = firstRound.reduce((sum, outcomes) => sum + passAtKByEnumeration(outcomes, k), 0) / 3;
    assert.ok(Math.abs(summary.passAtK[k - 1] - expected) < 1e-12, `pass@${k}`);
  }
  assert.deepEqual(summary.solvedByRound, [2, 3]);
  assert.equal(summary.withoutTests, 1);
  const add = summary.tasks.find((t) => t.taskId === 'Mine/0')!;
  assert.equal(add.successRate, 0.5);
  assert.equal(add.samplesNeeded, 5, 'P(no winner in 5) = 1/32 ≤ 0.05 < 1/16 = P(no winner in 4)');
  assert.equal(summary.tasks.find((t) => t.taskId === 'Mine/2')!.solvedInRound, 2);
  const markdown = readFileSync(path.join(out, 'summary.md'), 'utf8');
  assert.match(markdown, /\| tasks with a winner after round 2 \| 3 of 3 \|/);
  assert.match(readFileSync(path.join(out, 'summary.html'), 'utf8'), /<polyline/);

  // Language confusion as LCB counts it: every answer's prose line is Burmese, and every answer has
  // the English word "function" (plus has Thai fragments too), so none passes at word level.
  const confusion = (summary as unknown as { languageConfusion: Record<string, number> }).languageConfusion;
  assert.deepEqual([confusion.responses, confusion.lpr, confusion.wpr], [16, 1, 0]);
  assert.match(
    markdown,
    /\| language confusion \(LCB\) \| LPR 100\.0%, WPR 0\.0%, LCPR 0\.0% over 16 samples \|/,
  );
  // The same verdicts from akkhara eval on the samples, and in akkhara report.
  const results = path.join(out, 'results.jsonl');
  const scored = await runCli([
    'eval',
    '--tasks',
    tasksFile,
    '--completions',
    path.join(out, 'samples.jsonl'),
    '--sandbox',
    'process',
    '--out',
    results,
  ]);
  assert.equal(scored.status, 0, scored.stderr);
  assert.match(
    scored.stdout,
    /language confusion \(LCB\): LPR 100\.0%, WPR 0\.0%, LCPR 0\.0% over 16 answers/,
  );
  const verdicts = readJsonl<{ line_pass: boolean; word_pass: boolean }>(results);
  assert.ok(verdicts.every((row) => row.line_pass === true && row.word_pass === false));
  const report = path.join(out, 'report.md');
  const reported = await runCli(['report', '--eval', results, '--name', 'tiny', '--out', report]);
  assert.equal(reported.status, 0, reported.stderr);
  assert.match(
    readFileSync(report, 'utf8'),
    /\| tiny \| LPR 100\.0%, WPR 0\.0%, LCPR 0\.0% over 16 answers \|/,
  );

  // Run again: everything is recorded, nothing is asked; the files come out the same.
  const sftBefore = readFileSync(path.join(out, 'sft.jsonl'), 'utf8');
  const again = await mine(out, '--rounds', '2', '--keep', '2');
  assert.equal(again.status, 0, again.stderr);
  assert.equal(server.requests.length, before + asked.length, 'a finished run asks nothing');
  assert.equal(readFileSync(path.join(out, 'sft.jsonl'), 'utf8'), sftBefore);
});

test('akkhara mine resumes an interrupted record: a torn line dropped, a half-recorded task finished with the next seeds', async () => {
  server.defaultAnswer = answer;
  const out = path.join(dir, 'resumed');
  const first = await mine(out, '--k', '2');
  assert.equal(first.status, 0, first.stderr);
  const record = path.join(out, 'samples.jsonl');
  const rows = readJsonl<SampleRow>(record);
  // Keep add's first sample only, and a torn line after it.
  const kept = rows.filter((row) => row.task_id === 'Mine/0').slice(0, 1);
  writeFileSync(record, kept.map((row) => `${JSON.stringify(row)}\n`).join(''));
  appendFileSync(record, '{"task_id": "Mine/1", "rou');
  const before = server.requests.length;
  const resumed = await mine(out, '--k', '2');
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stderr, /dropped a torn last line/);
  assert.match(resumed.stderr, /resuming: 1 sample recorded before/);
  const seeds = server.requests
    .slice(before)
    .map((request) => [/def (\w+)/.exec(request.body.messages[1].content)![1], request.body.seed]);
  seeds.sort();
  assert.deepEqual(seeds, [
    ['add', 1],
    ['plus', 0],
    ['plus', 1],
    ['total', 0],
    ['total', 1],
  ]);
  const after = readJsonl<SampleRow>(record);
  assert.deepEqual(
    after.filter((row) => row.task_id === 'Mine/0').map((row) => row.sample),
    [0, 1],
  );
});

test('akkhara mine: a server that fails keeps the finished tasks and says how to go on; bad numbers are usage errors', async () => {
  server.defaultAnswer = answer;
  const out = path.join(dir, 'failing');
  // One request at a time: the first task's answers come, then the server fails for good.
  server.queue.push(...Array.from({ length: 40 }, (_, i) => (i < 2 ? answerBehaviour(i) : failure)));
  const result = await mine(out, '--k', '2', '--concurrency', '2');
  server.queue.length = 0;
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /finished tasks are saved; run the same command to go on/);
  const rows = readJsonl<SampleRow>(path.join(out, 'samples.jsonl'));
  assert.deepEqual([...new Set(rows.map((row) => row.task_id))], ['Mine/0']);
  const resumed = await mine(out, '--k', '2', '--concurrency', '2');
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal(readJsonl<SampleRow>(path.join(out, 'samples.jsonl')).length, 6);

  for (const [option, value] of [
    ['--k', '0'],
    ['--rounds', '0'],
    ['--concurrency', '0'],
    ['--delta', '1'],
  ]) {
    const bad = await mine(path.join(dir, 'bad'), option, value);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, new RegExp(`${option} must be`));
  }
  const onFile = await mine(tasksFile);
  assert.equal(onFile.status, 2);
  assert.match(onFile.stderr, /is a file; --out names a folder/);
});

const failure = { kind: 'error', status: 400 } as const;
const answerBehaviour = (seed: number) =>
  ({
    kind: 'stream',
    chunks: answer({
      headers: {},
      body: {
        model: 'tiny',
        seed,
        messages: [
          { role: 'system', content: '' },
          { role: 'user', content: 'def add(' },
        ],
      },
    }),
  }) as const;

test('akkhara mine --judge: where a task has more clean winners than it keeps, the judge’s rubric chooses', async () => {
  server.defaultAnswer = answer;
  const judge = await startFakeOpenAI();
  try {
    // The judge prefers the answer written with seed 2 (longer code: without a judge, seed 0 wins).
    judge.defaultAnswer = (request) => {
      const score = /\(2\)/.test(request.body.messages.at(-1)!.content) ? 4 : 1;
      return [
        JSON.stringify({
          fluency: score,
          instruction_following: score,
          semantic_correctness: score,
          terminology: score,
          mix_penalty: 0,
        }),
      ];
    };
    const out = path.join(dir, 'judged-run');
    const result = await mine(out, '--keep', '1', '--judge', `${judge.baseURL},judge`);
    assert.equal(result.status, 0, result.stderr);
    const sft = readJsonl<{ messages: { role: string; content: string }[] }>(path.join(out, 'sft.jsonl'));
    const chosen = (name: string) =>
      sft
        .filter((row) => row.messages[1].content.includes(`def ${name}`))
        .map((row) => /\((\d+)\)/.exec(row.messages[2].content)?.[1]);
    assert.deepEqual(chosen('add'), ['2'], 'the judge’s pick, not the shortest');
    assert.deepEqual(chosen('plus'), ['2']);
    const judged = readJsonl<{ task_id: string; sample: number; rubric: number }>(
      path.join(out, 'judged.jsonl'),
    );
    assert.deepEqual(
      judged.map((row) => `${row.task_id}#${row.sample}`).sort(),
      ['Mine/0#0', 'Mine/0#2', 'Mine/1#0', 'Mine/1#2'],
      'only the clean winners of tasks with more than --keep (total has none)',
    );
    const asked = judge.requests.length;
    const again = await mine(out, '--keep', '1', '--judge', `${judge.baseURL},judge`);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(judge.requests.length, asked, 'judged once');
    assert.deepEqual(readJsonl(path.join(out, 'sft.jsonl')), sft);
  } finally {
    await judge.close();
  }
});
