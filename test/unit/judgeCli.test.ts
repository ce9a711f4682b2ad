import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { BURMESE_CODER, parseScores, rubricOf } from '../../src/core/judge/rubric';
import { pearson } from '../../src/core/judge/judge';
import { runCli } from '../support/cli';
import { startFakeOpenAI, type FakeOpenAI } from '../support/openaiServer';

let server: FakeOpenAI;
before(async () => (server = await startFakeOpenAI()));
after(() => server.close());

const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-judge-'));
const scores = (fluency: number, mix: number) =>
  JSON.stringify({
    fluency,
    instruction_following: 4,
    semantic_correctness: 3,
    terminology: 4,
    mix_penalty: mix,
  });

test('a judge reply is valid only as a JSON object with exactly the five integer scores from 0 to 4', () => {
  assert.deepEqual(parseScores(BURMESE_CODER, ` ${scores(4, 1)}\n`), JSON.parse(scores(4, 1)));
  // Strict, and saying why: text around the object, a code fence, extra or missing keys named.
  assert.match(
    (parseScores(BURMESE_CODER, 'Sure! ' + scores(4, 1)) as { invalid: string }).invalid,
    /text before the JSON object \("Sure! /,
  );
  assert.match(
    (parseScores(BURMESE_CODER, '```json\n' + scores(4, 1) + '\n```') as { invalid: string }).invalid,
    /inside a ``` code fence/,
  );
  assert.match(
    (parseScores(BURMESE_CODER, '<html>login</html>') as { invalid: string }).invalid,
    /not JSON \("<html>login/,
  );
  assert.deepEqual(parseScores(BURMESE_CODER, '[1, 2]'), { invalid: 'not a JSON object' });
  assert.match((parseScores(BURMESE_CODER, scores(7, 0)) as { invalid: string }).invalid, /fluency is 7/);
  assert.match(
    (parseScores(BURMESE_CODER, scores(3.5, 0)) as { invalid: string }).invalid,
    /fluency is 3\.5/,
  );
  const extra = { ...JSON.parse(scores(4, 0)), comment: 'good' };
  assert.equal(
    (parseScores(BURMESE_CODER, JSON.stringify(extra)) as { invalid: string }).invalid,
    'extra key "comment"',
  );
  const { terminology: _dropped, ...fewer } = JSON.parse(scores(4, 0)) as Record<string, number>;
  assert.equal(
    (parseScores(BURMESE_CODER, JSON.stringify(fewer)) as { invalid: string }).invalid,
    'missing "terminology"',
  );
  // Rubric = mean of the four dimensions − mix penalty.
  assert.equal(rubricOf(BURMESE_CODER, JSON.parse(scores(4, 1))), (4 + 4 + 3 + 4) / 4 - 1);
  assert.equal(pearson([0, 1, 2], [0.1, 0.5, 0.9]), 1);
  assert.ok(Number.isNaN(pearson([1, 1], [0, 1])));
});

test('akkhara judge: two judges, a broken reply asked again, an out-of-range judge counted as failed', async () => {
  const prompt = (n: number) => `def f${n}(x):\n    """ကိန်း x ကို ပြန်ပေးပါ။"""\n`;
  const tasks = [0, 1].map((n) =>
    JSON.stringify({
      task_id: `T/${n}`,
      prompt: prompt(n),
      canonical_solution: '    return x\n',
      test: '',
      entry_point: `f${n}`,
    }),
  );
  const answers = ['ANSWER-0 ဤ function သည် x ကို ပြန်ပေးသည်။', 'ANSWER-1 ဤ function သည် สวัสดี x ကို ပြန်ပေးသည်။'];
  writeFileSync(path.join(dir, 'tasks.jsonl'), tasks.join('\n'));
  writeFileSync(
    path.join(dir, 'completions.jsonl'),
    answers.map((completion, n) => JSON.stringify({ task_id: `T/${n}`, completion })).join('\n'),
  );
  const attempts = new Map<string, number>();
  server.defaultAnswer = (request) => {
    const model = request.body.model;
    const content = request.body.messages[1].content;
    const answer = content.includes('ANSWER-1') ? 1 : 0;
    const key = `${model}#${answer}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    if (model === 'judge-a') return [answer === 0 ? scores(4, 0) : attempt === 1 ? 'Here: {' : scores(3, 2)];
    return [answer === 0 ? scores(3, 0) : scores(7, 1)];
  };
  const out = path.join(dir, 'judged.jsonl');
  const judgeArgs = (file: string) => [
    'judge',
    '--tasks',
    path.join(dir, 'tasks.jsonl'),
    '--completions',
    path.join(dir, 'completions.jsonl'),
    '--judge',
    `${server.baseURL},judge-a`,
    '--judge',
    `${server.baseURL},judge-b`,
    '--out',
    file,
  ];
  const result = await runCli(judgeArgs(out));
  assert.equal(result.status, 0, result.stderr);
  const lines = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(lines.length, 4);
  const line = (judge: string, task: string) =>
    lines.find((l) => l.judge.endsWith(judge) && l.task_id === task);
  assert.equal(line('judge-a', 'T/1').invalid_replies, 1, 'the broken reply was asked again');
  assert.equal(line('judge-a', 'T/1').rubric, (3 + 4 + 3 + 4) / 4 - 2);
  assert.equal(line('judge-a', 'T/1').mix_penalty, 2);
  assert.ok(
    line('judge-a', 'T/1').auto_mix_score > line('judge-a', 'T/0').auto_mix_score,
    'the Thai answer is mixed',
  );
  assert.equal(line('judge-b', 'T/1').invalid_replies, 3);
  assert.match(line('judge-b', 'T/1').error, /fluency is 7/);
  assert.equal(line('judge-b', 'T/1').rubric, undefined);
  assert.match(result.stdout, /^2 answers × 2 judges/);
  assert.match(
    result.stdout,
    /judge-a \| 2 \| 3\.50 \| 4\.00 \| 3\.00 \| 4\.00 \| 1\.00 \| 2\.63 \| 1\.50 – 3\.75 \| 1 \| 0 \| 1\.00 \|/,
  );
  assert.match(result.stdout, /judge-b \| 1 \| 3\.00 .* \| – \| 3 \| 1 \| – \|/, 'one answer: no interval');
  assert.match(result.stdout, /agreement .*judge-a vs .*judge-b: mean \|Δ rubric\| 0\.25 over 1 answers/);
  // Fluency 4 against 3 on the one shared answer: kappa 0; dimensions both judges scored alike have none.
  assert.match(result.stdout, /quadratic-weighted kappa fluency 0\.00, instruction_following –/);
  assert.match(
    result.stdout,
    /agreement of all judges, Krippendorff's alpha \(interval \/ ordinal\): fluency /,
  );
  // Whether the judges score differently overall: Kruskal–Wallis (checked against SciPy elsewhere).
  assert.match(result.stdout, /Kruskal–Wallis on the rubric: H \d+\.\d{3}, p [01]\.\d{4} \(df 1\)/);
  // The same command with a consensus: nothing asked again, one row from both judges.
  const asked = server.requests.length;
  const agreed = await runCli([...judgeArgs(out), '--aggregate', 'mean']);
  assert.equal(agreed.status, 0, agreed.stderr);
  assert.equal(server.requests.length, asked);
  // T/0: (3.75 + 3.5) / 2; T/1: judge-a's 1.5 alone; their mean 2.5625.
  assert.match(agreed.stdout, /\| mean of 2 judges \| 2 \| .* \| 2\.56 \|/);
  const normalizeAlone = await runCli([...judgeArgs(out), '--normalize']);
  assert.equal(normalizeAlone.status, 2);
  assert.match(normalizeAlone.stderr, /--normalize works with --aggregate/);
  const badJudge = await runCli([
    'judge',
    '--tasks',
    'x',
    '--completions',
    'y',
    '--judge',
    'nonsense',
    '--out',
    out,
  ]);
  assert.notEqual(badJudge.status, 0);
  assert.match(badJudge.stderr, /--judge must be URL,MODEL/);
});

/** Pairwise judging of a.jsonl (A) against b.jsonl (B) on tasks2.jsonl, into `out`. */
const versus = (out: string) => [
  'judge',
  '--tasks',
  path.join(dir, 'tasks2.jsonl'),
  '--completions',
  path.join(dir, 'a.jsonl'),
  '--versus',
  path.join(dir, 'b.jsonl'),
  '--out',
  out,
];

test('akkhara judge --versus: both orders asked; a judge that always picks the first answer shows as flips', async () => {
  const prompt = (n: number) => `def g${n}(x):\n    """ကိန်း x ကို နှစ်ဆ ပြန်ပေးပါ။"""\n`;
  writeFileSync(
    path.join(dir, 'tasks2.jsonl'),
    [0, 1, 2]
      .map((n) =>
        JSON.stringify({
          task_id: `P/${n}`,
          prompt: prompt(n),
          canonical_solution: '',
          test: '',
          entry_point: `g${n}`,
        }),
      )
      .join('\n'),
  );
  const write = (file: string, label: string) =>
    writeFileSync(
      path.join(dir, file),
      [0, 1, 2]
        .map((n) =>
          JSON.stringify({ task_id: `P/${n}`, completion: `${label}-${n} ဤ function သည် နှစ်ဆ ပြန်ပေးသည်။` }),
        )
        .join('\n'),
    );
  write('a.jsonl', 'GOOD');
  write('b.jsonl', 'BAD');
  const broken = new Set<string>();
  server.defaultAnswer = (request) => {
    const content: string = request.body.messages[1].content;
    const first = content.indexOf('Answer 1:');
    const goodFirst =
      content.indexOf('GOOD') > first && content.indexOf('GOOD') < content.indexOf('Answer 2:');
    if (request.body.model === 'fair') return [JSON.stringify({ better: goodFirst ? 1 : 2 })];
    // The biased judge always prefers the first answer, and answers P/2 with prose once per order.
    if (content.includes('-2 ') && !broken.has(content)) {
      broken.add(content);
      return ['The first one.'];
    }
    return ['{"better": 1}'];
  };
  const out = path.join(dir, 'pairwise.jsonl');
  const result = await runCli([
    ...versus(out),
    '--judge',
    `${server.baseURL},fair`,
    '--judge',
    `${server.baseURL},biased`,
  ]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /,fair \| 3 \| 0 \| 0 \| 0\.0% \| 0 \| 0 \|/);
  assert.match(result.stdout, /,biased \| 0 \| 0 \| 3 \| 100\.0% \| 0 \| 2 \|/);
  const rows = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(rows.length, 6);
  assert.deepEqual(
    rows.filter((r) => r.judge.endsWith('biased')).map((r) => [r.a_first, r.b_first]),
    [
      ['A', 'B'],
      ['A', 'B'],
      ['A', 'B'],
    ],
  );
});

test('akkhara judge: a judge’s broken reply fails that answer only; lines are written as judged; Ctrl+C keeps them and the same command goes on', async () => {
  const tasks = [0, 1, 2].map((n) =>
    JSON.stringify({
      task_id: `R/${n}`,
      prompt: `def g${n}(x):\n    """x ကို ပြန်ပေးပါ။"""\n`,
      test: '',
      entry_point: `g${n}`,
    }),
  );
  writeFileSync(path.join(dir, 'resume-tasks.jsonl'), tasks.join('\n'));
  writeFileSync(
    path.join(dir, 'resume-completions.jsonl'),
    [0, 1, 2]
      .map((n) => JSON.stringify({ task_id: `R/${n}`, completion: `ANSWER-${n} x ကို ပြန်ပေးသည်။` }))
      .join('\n'),
  );
  server.defaultAnswer = () => [scores(4, 0)];
  const out = path.join(dir, 'resume-judged.jsonl');
  const judge = (options: Parameters<typeof runCli>[1] = {}) =>
    runCli(
      [
        'judge',
        '--tasks',
        path.join(dir, 'resume-tasks.jsonl'),
        '--completions',
        path.join(dir, 'resume-completions.jsonl'),
        '--judge',
        `${server.baseURL},judge-r`,
        '--out',
        out,
        // One at a time: the scripted replies below go to the answers in order.
        '--concurrency',
        '1',
      ],
      options,
    );
  // The first answer's reply is a login page (HTTP 200, HTML); the second never comes.
  server.queue.push(
    { kind: 'raw', status: 200, contentType: 'text/html', body: '<html><body>Please log in</body></html>' },
    { kind: 'hang' },
  );
  let interrupted = false;
  const first = await new Promise<Awaited<ReturnType<typeof runCli>>>((resolve) => {
    const watch = setInterval(() => {
      let text = '';
      try {
        text = readFileSync(out, 'utf8');
      } catch {
        return;
      }
      if (text.split('\n').filter(Boolean).length === 1 && !interrupted) {
        interrupted = true;
        clearInterval(watch);
        child?.kill('SIGINT');
      }
    }, 50);
    let child: import('node:child_process').ChildProcess | undefined;
    // The watch ends with the command, whatever happens: a run that fails early must not keep it polling.
    void judge({ onStdout: (_s, c) => (child = c), onSpawn: (c) => (child = c) })
      .then(resolve)
      .finally(() => clearInterval(watch));
  });
  assert.equal(first.status, 130, first.stderr);
  assert.match(first.stderr, /judge-r on R\/0#0: the judge failed/);
  assert.match(first.stderr, /stopped; the answers judged so far are saved/);
  const kept = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(kept.length, 1);
  assert.equal(kept[0].failed, true);
  assert.match(kept[0].error, /judge-r|failed/);
  const requests = server.requests.length;
  const second = await judge();
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stderr, /asking again 1 answer whose judge failed last time/);
  const all = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  // The failed line stays (the file is appended to); the answer's new line after it is the one read back.
  assert.deepEqual(
    all.map((l) => [l.task_id, l.failed === true]),
    [
      ['R/0', true],
      ['R/0', false],
      ['R/1', false],
      ['R/2', false],
    ],
  );
  assert.equal(
    server.requests.length - requests,
    3,
    'the failed answer and the ones not judged yet are asked',
  );
});

test('akkhara judge --concurrency judges that many answers at once, each line written as judged', async () => {
  const busy = await startFakeOpenAI({ capacity: { slots: 1000, latencyMs: 150 } });
  try {
    busy.defaultAnswer = () => [scores(4, 0)];
    const tasks = [0, 1, 2, 3, 4, 5].map((n) =>
      JSON.stringify({
        task_id: `C/${n}`,
        prompt: `def c${n}(x):\n    """x ကို ပြန်ပေးပါ။"""\n`,
        test: '',
        entry_point: `c${n}`,
      }),
    );
    writeFileSync(path.join(dir, 'concurrent-tasks.jsonl'), tasks.join('\n'));
    writeFileSync(
      path.join(dir, 'concurrent-completions.jsonl'),
      [0, 1, 2, 3, 4, 5]
        .map((n) => JSON.stringify({ task_id: `C/${n}`, completion: `x ကို ပြန်ပေးသည်။ ${n}` }))
        .join('\n'),
    );
    const out = path.join(dir, 'concurrent-judged.jsonl');
    const result = await runCli([
      'judge',
      '--tasks',
      path.join(dir, 'concurrent-tasks.jsonl'),
      '--completions',
      path.join(dir, 'concurrent-completions.jsonl'),
      '--judge',
      `${busy.baseURL},judge-c`,
      '--out',
      out,
      '--concurrency',
      '3',
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(busy.served.mostAtOnce, 3);
    const judged = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { task_id: string });
    assert.deepEqual(judged.map((l) => l.task_id).sort(), ['C/0', 'C/1', 'C/2', 'C/3', 'C/4', 'C/5']);
  } finally {
    await busy.close();
  }
});

test('akkhara judge --versus --concurrency asks several pairs at once, both orders of a pair together', async () => {
  const busy = await startFakeOpenAI({ capacity: { slots: 100, latencyMs: 150 } });
  try {
    busy.defaultAnswer = () => ['{"better": 1}'];
    const out = path.join(dir, 'pairwise-concurrent.jsonl');
    const result = await runCli([...versus(out), '--judge', `${busy.baseURL},j`, '--concurrency', '4']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(busy.served.completed, 6, 'three pairs, two orders each');
    assert.equal(busy.served.mostAtOnce, 4, 'two pairs at once, each asking both orders together');
    assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 3);
  } finally {
    await busy.close();
  }
});

test('akkhara judge: answers whose judge failed are asked again by the next run; nothing judged is exit 2', async () => {
  const failing = await startFakeOpenAI();
  try {
    const tasks = path.join(dir, 'retry-tasks.jsonl');
    const completions = path.join(dir, 'retry-completions.jsonl');
    writeFileSync(
      tasks,
      [0, 1, 2]
        .map((n) =>
          JSON.stringify({
            task_id: `R/${n}`,
            prompt: `def g${n}(x):\n    """ကိန်း x ကို ပြန်ပေးပါ။"""\n`,
            canonical_solution: '    return x\n',
            test: '',
            entry_point: `g${n}`,
          }),
        )
        .join('\n'),
    );
    writeFileSync(
      completions,
      [0, 1, 2]
        .map((n) => JSON.stringify({ task_id: `R/${n}`, completion: 'ဤ function သည် x ကို ပြန်ပေးသည်။' }))
        .join('\n'),
    );
    const out = path.join(dir, 'retry-judged.jsonl');
    const args = [
      'judge',
      '--tasks',
      tasks,
      '--completions',
      completions,
      '--judge',
      `${failing.baseURL},j`,
      '--out',
      out,
    ];
    // A login portal answers every request with an HTML page.
    for (let i = 0; i < 40; i++)
      failing.queue.push({ kind: 'raw', status: 200, contentType: 'text/html', body: '<html>login</html>' });
    const first = await runCli(args, { env: { AKKHARA_UI_LANG: 'en' } });
    assert.equal(first.status, 2, first.stdout + first.stderr);
    assert.match(first.stderr, /no answer could be judged \(3 failures, said above\)/);
    failing.queue.length = 0;
    failing.defaultAnswer = () => [scores(4, 0)];
    const asked = failing.requests.length;
    const second = await runCli(args, { env: { AKKHARA_UI_LANG: 'en' } });
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stderr, /asking again 3 answers whose judge failed last time/);
    assert.equal(failing.requests.length - asked, 3);
    assert.match(second.stdout, /\| [^|]*,j \| 3 \|/);
    const third = await runCli(args, { env: { AKKHARA_UI_LANG: 'en' } });
    assert.equal(failing.requests.length - asked, 3, 'nothing left to ask');
    assert.doesNotMatch(third.stderr, /asking again/);
  } finally {
    await failing.close();
  }
});
