/**
 * `--shard i/n` and `akkhara merge`: n shards merged equal one run, and shards of different runs,
 * missing, duplicated or unfinished ones are refused by name with nothing written.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import {
  checkShardSet,
  parseShard,
  positionedShare,
  wholeRunOrder,
  type ShardManifest,
} from '../../src/core/shard';
import { runCli } from '../support/cli';
import { describingAnswer } from '../support/describingModel';
import { startFakeOpenAI, type FakeOpenAI } from '../support/openaiServer';
import { runSharded, sortedContent } from '../support/shards';

let server: FakeOpenAI;
before(async () => {
  server = await startFakeOpenAI();
  // Each answer names its function and its seed: a task answered twice, or with another seed, shows.
  server.defaultAnswer = (request) => {
    const question = request.body.messages.at(-1)!.content;
    const name = /def (\w+)/.exec(question)?.[1] ?? 'f';
    const body = name.startsWith('wrong') ? 'a - b' : 'a + b';
    return [
      `ဖြေချက် ${request.body.seed ?? 0}`,
      `\n\n\`\`\`python\ndef ${name}(a, b):\n    return ${body}\n\`\`\`\n`,
    ];
  };
});
after(() => server.close());

const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-shards-'));
const tasksFile = path.join(dir, 'tasks.jsonl');
const NAMES = ['add', 'plus', 'wrong_sum', 'total', 'wrong_add', 'summed', 'both'];
writeFileSync(
  tasksFile,
  NAMES.map((name, id) =>
    JSON.stringify({
      task_id: `Tiny/${id}`,
      prompt: `def ${name}(a, b):\n    """ကိန်းနှစ်ခုကို ပေါင်းပါ။"""\n`,
      canonical_solution: '    return a + b\n',
      test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n',
      entry_point: name,
    }),
  ).join('\n'),
);

const generate = (out: string, ...extra: string[]) => [
  'generate',
  '--tasks',
  tasksFile,
  '--n',
  '2',
  '--temperature',
  '0.8',
  '--out',
  out,
  '--endpoint',
  server.baseURL,
  '--model',
  'tiny',
  ...extra,
];

test('--shard i/n: every n-th unit from the i-th, counted from 0; anything else is refused by name', () => {
  const items = [...'abcdefg'];
  const shares = [0, 1, 2, 3].map((index) => positionedShare(items, { index, count: 4 }));
  assert.deepEqual(
    shares.map((share) => share.map(({ item }) => item)),
    [['a', 'e'], ['b', 'f'], ['c', 'g'], ['d']],
  );
  assert.deepEqual(parseShard(' 3/4 '), { index: 3, count: 4 });
  assert.throws(() => parseShard('4/4'), /counts from 0, so it must be below n \(0 to 3\)/);
  assert.throws(() => parseShard('1/0'), /n must be 1 to/);
  assert.throws(() => parseShard('one/4'), /--shard takes i\/n/);
  const manifest = (shard: string, share: { item: string; position: number }[]): ShardManifest => ({
    format: 'akkhara-shard/1',
    command: 'generate',
    shard,
    settings: {},
    units: share.map(({ item }) => item),
    positions: share.map(({ position }) => position),
    records: [],
    argv: [],
    cwd: '/',
  });
  const set = checkShardSet(
    shares.map((share, i) => ({ manifest: manifest(`${i}/4`, share), source: `s${i}` })).reverse(),
  );
  assert.deepEqual(wholeRunOrder(set), items, 'the shares cover every unit once, in the whole run’s order');
});

test('akkhara generate: 4 shards merged equal one run, byte for byte; merge finishes without asking the model', async () => {
  const run = await runSharded(path.join(dir), 4, (out) => generate(out));
  assert.equal(sortedContent(run.mergedOut), sortedContent(run.wholeOut));
  // In the whole run's task order (a run writes tasks as they finish; merge writes them in order).
  const ids = readFileSync(run.mergedOut, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { task_id: string }).task_id);
  assert.deepEqual(
    ids,
    NAMES.flatMap((_, id) => [`Tiny/${id}`, `Tiny/${id}`]),
  );
  assert.match(run.merged.stderr, /4 shards of akkhara generate, 7 units/);
  assert.match(run.merged.stdout, /7 tasks, 14 answers/);
  const asked = server.requests.length;
  const again = await runCli(['merge', ...run.shardOuts, '--out', path.join(dir, 'merged-again.jsonl')]);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(server.requests.length, asked, 'finishing a merged run asks nothing');
});

test('merge refuses shards of other runs, missing, duplicated and unfinished ones, and writes nothing', async () => {
  const shard = (i: number, label = `x${i}`, ...extra: string[]) =>
    runCli([...generate(path.join(dir, `${label}.jsonl`), ...extra), '--shard', `${i}/4`]);
  for (const i of [0, 1, 2, 3]) assert.equal((await shard(i)).status, 0);
  const outs = (labels: string[]) => labels.map((label) => path.join(dir, `${label}.jsonl`));
  const target = path.join(dir, 'refused.jsonl');
  const merge = (labels: string[]) => runCli(['merge', ...outs(labels), '--out', target]);

  const missing = await merge(['x0', 'x1', 'x3']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /missing shard 2\/4/);

  const twice = await merge(['x0', 'x1', 'x2', 'x3', 'x1']);
  assert.match(twice.stderr, /shard 1\/4 is given twice/);

  assert.equal((await shard(1, 'hot', '--seed', '7')).status, 0);
  const mixed = await merge(['x0', 'hot', 'x2', 'x3']);
  assert.equal(mixed.status, 2);
  assert.match(mixed.stderr, /hot\.jsonl ran with seed "7", .*x0\.jsonl with "0"/);

  const otherSplit = path.join(dir, 'half.jsonl');
  assert.equal((await runCli([...generate(otherSplit), '--shard', '0/2'])).status, 0);
  const sizes = await runCli(['merge', otherSplit, ...outs(['x1', 'x2', 'x3']), '--out', target]);
  assert.match(sizes.stderr, /is shard 1\/4, .*half\.jsonl shard 0\/2: one run has one n/);

  // Shard 2 killed after its first task: its second has no answers yet (and its last line is torn).
  const x2 = path.join(dir, 'x2.jsonl');
  const [first] = readFileSync(x2, 'utf8').split('\n');
  const firstTask = (JSON.parse(first) as { task_id: string }).task_id;
  const kept = readFileSync(x2, 'utf8')
    .split('\n')
    .filter((line) => line.includes(`"${firstTask}"`));
  writeFileSync(x2, `${kept.join('\n')}\n{"task_id": "Tiny/`);
  const unfinished = await merge(['x0', 'x1', 'x2', 'x3']);
  assert.equal(unfinished.status, 2);
  assert.match(
    unfinished.stderr,
    /x2\.jsonl is unfinished: 1 of 2 have no output \(\["Tiny\/\d"\]\); run that shard's command again/,
  );

  // A row of shard 0's task in shard 3's output: the task would be counted twice.
  assert.equal((await shard(2)).status, 0, 'the shard resumes and finishes');
  // (Shard 0 holds Tiny/0 and Tiny/4, written in the order they finished.)
  const x0Line = readFileSync(path.join(dir, 'x0.jsonl'), 'utf8').split('\n')[0];
  const x0Task = (JSON.parse(x0Line) as { task_id: string }).task_id;
  writeFileSync(path.join(dir, 'x3.jsonl'), `${readFileSync(path.join(dir, 'x3.jsonl'), 'utf8')}${x0Line}\n`);
  const duplicated = await merge(['x0', 'x1', 'x2', 'x3']);
  assert.ok(
    duplicated.stderr.includes(`x3.jsonl line 3: ["${x0Task}"] is shard 0/4's (duplicated)`),
    duplicated.stderr,
  );
  assert.ok(!existsSync(target), 'nothing was written');

  const resumedOther = await shard(0, 'x0', '--seed', '5');
  assert.equal(resumedOther.status, 2);
  assert.match(resumedOther.stderr, /x0\.jsonl holds shard 0\/4 of another run/);
  const notShard = await runCli(['merge', path.join(dir, 'whole.jsonl'), '--out', target]);
  assert.match(notShard.stderr, /is not a shard's output: no .*whole\.jsonl\.shard\.json/);
});

/** Each result's time, which no two runs share. */
const untimed = (line: string) => line.replace(/"duration_ms":\d+(\.\d+)?/, '"duration_ms":0');

test('akkhara eval: 4 shards merged equal one run (results, pass@k and the report), byte for byte but the times', async () => {
  const completions = path.join(dir, 'answers.jsonl');
  assert.equal((await runCli(generate(completions))).status, 0);
  const evalDir = mkdtempSync(path.join(dir, 'eval-'));
  const run = await runSharded(evalDir, 4, (out) => [
    'eval',
    '--tasks',
    tasksFile,
    '--completions',
    completions,
    '--k',
    '1,2',
    '--out',
    out,
    '--report',
    `${out}.md`,
  ]);
  assert.equal(sortedContent(run.mergedOut, untimed), sortedContent(run.wholeOut, untimed));
  assert.equal(run.merged.stdout, run.whole.stdout, 'the same pass@k, intervals and statuses');
  assert.match(run.merged.stdout, /pass@1: 71\.4%/, '5 of 7 tasks are answered right');
  // The report of the merged run goes where the shards' command said (shard 0's --report).
  const report = readFileSync(`${run.shardOuts[0]}.md`, 'utf8');
  assert.equal(untimedReport(report), untimedReport(readFileSync(`${run.wholeOut}.md`, 'utf8')));
});

const untimedReport = (text: string) => text.replace(/\d+(\.\d+)? ?ms/g, 'ms').replace(/eval-\w+/g, '');

test('akkhara judge, on a rubric and --versus: 4 shards merged equal one run, summary and report too', async () => {
  const judge = await startFakeOpenAI();
  try {
    // Scores follow the answer (a wrong sum scores low); pairs always go to the first answer shown.
    judge.defaultAnswer = (request) => {
      const content = request.body.messages.at(-1)!.content;
      if (content.includes('Answer 1:')) return ['{"better": 1}'];
      const low = content.includes('a - b') ? 1 : 4;
      return [
        JSON.stringify({
          fluency: low,
          instruction_following: 4,
          semantic_correctness: low,
          terminology: 3,
          mix_penalty: 0,
        }),
      ];
    };
    const [a, b] = [path.join(dir, 'judge-a.jsonl'), path.join(dir, 'judge-b.jsonl')];
    assert.equal((await runCli(generate(a))).status, 0);
    assert.equal((await runCli(generate(b, '--seed', '3'))).status, 0);
    const judgeArgs = (out: string, ...extra: string[]) => [
      'judge',
      '--tasks',
      tasksFile,
      '--completions',
      a,
      '--judge',
      `${judge.baseURL},fair`,
      '--judge',
      `${judge.baseURL},second`,
      '--aggregate',
      'mean',
      '--out',
      out,
      ...extra,
    ];
    // The judges' key is in the shards' environment; merging asks no judge and needs none.
    process.env.AKKHARA_SHARD_TEST_KEY = 'secret';
    const rubric = await runSharded(
      mkdtempSync(path.join(dir, 'judge-')),
      4,
      (out) => judgeArgs(out, '--api-key-env', 'AKKHARA_SHARD_TEST_KEY'),
      { mergeEnv: { AKKHARA_SHARD_TEST_KEY: '' } },
    );
    delete process.env.AKKHARA_SHARD_TEST_KEY;
    assert.equal(sortedContent(rubric.mergedOut), sortedContent(rubric.wholeOut));
    assert.equal(
      rubric.merged.stdout.replace(rubric.mergedOut, ''),
      rubric.whole.stdout.replace(rubric.wholeOut, ''),
    );
    assert.match(rubric.merged.stdout, /14 answers × 2 judges/);

    const asked = judge.requests.length;
    const pairs = await runSharded(mkdtempSync(path.join(dir, 'versus-')), 4, (out) =>
      judgeArgs(out, '--versus', b, '--report', `${out}.md`),
    );
    assert.equal(sortedContent(pairs.mergedOut), sortedContent(pairs.wholeOut));
    const table = (stdout: string) => stdout.slice(stdout.indexOf('| judge'), stdout.indexOf('report →'));
    assert.equal(table(pairs.merged.stdout), table(pairs.whole.stdout));
    assert.match(pairs.merged.stdout, /^7 tasks/);
    assert.equal(
      readFileSync(`${pairs.shardOuts[0]}.md`, 'utf8'),
      readFileSync(`${pairs.wholeOut}.md`, 'utf8'),
      'the position-bias table of the merged run is the whole run’s',
    );
    // Whole run and shards ask each pair in both orders once; merging asks nothing.
    assert.equal(judge.requests.length - asked, 2 * (7 * 2 * 2));
  } finally {
    await judge.close();
  }
});

test('akkhara mine over two rounds: 4 shards merged equal one run — samples, SFT, DPO and the summary', async () => {
  const run = await runSharded(
    mkdtempSync(path.join(dir, 'mine-')),
    4,
    (out) => [
      'mine',
      '--tasks',
      tasksFile,
      '--k',
      '2',
      '--rounds',
      '2',
      '--out',
      out,
      '--endpoint',
      server.baseURL,
      '--model',
      'tiny',
    ],
    { folder: true },
  );
  const untimedSummary = (line: string) => untimed(line).replace(/mine-\w+\/\w+(-\d)?/g, 'OUT');
  assert.equal(sortedContent(run.mergedOut, untimedSummary), sortedContent(run.wholeOut, untimedSummary));
  assert.equal(untimedSummary(run.merged.stdout), untimedSummary(run.whole.stdout));
  assert.match(run.merged.stdout, /7 tasks mined, 18 samples/, 'two tasks are asked again in round 2');
});

test('akkhara describe --round-trip: 4 shards merged equal one run — descriptions, SFT, round trips', async () => {
  const describer = await startFakeOpenAI();
  try {
    describer.defaultAnswer = (request) => [describingAnswer(request)];
    const course = mkdtempSync(path.join(dir, 'course-'));
    const functions = ['add', 'area', 'mean', 'largest', 'count_words', 'reverse'];
    writeFileSync(
      path.join(course, 'lesson.py'),
      functions
        .slice(0, 4)
        .map((name) => `def ${name}(a, b):\n    total = a + b\n    return total\n`)
        .join('\n\n'),
    );
    writeFileSync(
      path.join(course, 'more.py'),
      functions
        .slice(4)
        .map((name) => `def ${name}(s):\n    return len(s)\n`)
        .join('\n\n'),
    );
    // Run in the course folder, as a teacher would (the files are named relative to it); merged from elsewhere.
    const run = await runSharded(
      mkdtempSync(path.join(dir, 'describe-')),
      4,
      (out) => [
        'describe',
        '.',
        '--lang',
        'my',
        '--round-trip',
        '--out',
        out,
        '--endpoint',
        describer.baseURL,
        '--model',
        'tiny',
      ],
      { folder: true, cwd: course },
    );
    assert.equal(sortedContent(run.mergedOut), sortedContent(run.wholeOut));
    const functionsIn = (folder: string) =>
      new Set(
        readFileSync(path.join(folder, 'descriptions.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((line) => (JSON.parse(line) as { function: string }).function),
      );
    assert.deepEqual([...functionsIn(run.mergedOut)].sort(), [...functions].sort());
    assert.equal(functionsIn(run.shardOuts[3]).size, 1, 'the fourth shard had one function of six');
    const outName = (text: string) => text.replaceAll(run.mergedOut, 'OUT').replaceAll(run.wholeOut, 'OUT');
    assert.equal(outName(run.merged.stdout), outName(run.whole.stdout));
    assert.match(run.merged.stderr, /round trip .*: 6 of 6 functions parse/);
  } finally {
    await describer.close();
  }
});
