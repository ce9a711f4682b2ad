/**
 * `akkhara synth` against a loopback server playing the three parts: the model that writes new
 * instructions from two pooled ones, the model being trained (two answers: a good and a bad one),
 * and the judge (a fair one, and one that always prefers the first answer shown).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { CODE_QUALITY } from '../../src/core/judge/rubric';
import { drawPair } from '../../src/core/synth/synth';
import { runCli } from '../support/cli';
import { runSharded, sortedContent } from '../support/shards';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../support/openaiServer';

const POOL = [
  'ကိန်းနှစ်ခုကို ပေါင်းသော function ရေးပါ။',
  'စာကြောင်းကို ပြောင်းပြန်လှန်ပါ။',
  'စုံကိန်းများကို ရေတွက်ပါ။',
  'ပျမ်းမျှကို တွက်ပါ။',
];
/** What the writing model answers for each pair of pooled instructions (by their sorted places). */
const NEW: Record<string, string> = {
  '0,1': 'စာရင်းထဲရှိ အကြီးဆုံး ကိန်းကို ရှာသော function ရေးပါ။',
  '0,2': 'စာကြောင်းတစ်ကြောင်းရှိ သရ အက္ခရာများကို ရေတွက်ပါ။',
  '0,3': 'ကိန်းတစ်ခုသည် သုဒ္ဓကိန်း ဟုတ်မဟုတ် စစ်ဆေးပါ။',
  '1,2': 'အဘိဓာန်တစ်ခု၏ တန်ဖိုးများ အားလုံးကို စုစုပေါင်းပါ။',
  '1,3': 'စာလုံးများကို အက္ခရာစဉ်အတိုင်း စီပါ။',
  '2,3': 'နှစ်ထပ်ကိန်းများ၏ စာရင်းကို ပြန်ပေးပါ။',
};
const N = 6;

let server: FakeOpenAI;
let dir: string;

function answer(request: RecordedRequest): string {
  const user = request.body.messages.at(-1)!.content;
  if (user.includes('ညွှန်ကြားချက် ၁:')) {
    const places = POOL.map((text, i) => (user.includes(text) ? i : -1)).filter((i) => i >= 0);
    // The pair that holds the first pooled instruction is first answered with that one itself.
    if (places.includes(0) && request.body.seed === 0) return POOL[0];
    return NEW[places.join(',')];
  }
  if (user.includes('Answer 1:')) {
    if (request.body.model === 'biased') return '{"better": 1}';
    const good = user.indexOf('GOOD');
    return JSON.stringify({ better: good < user.indexOf('Answer 2:') ? 1 : 2 });
  }
  // The model being trained: choice 0 (seed) a good answer, choice 1 a bad one.
  return request.body.seed === 0 ? 'GOOD ဤ function သည် မှန်သည်။' : 'BAD ဤ function သည် မှားသည်။';
}

before(async () => {
  server = await startFakeOpenAI();
  server.defaultAnswer = (request) => [answer(request)];
  dir = await mkdtemp(path.join(os.tmpdir(), 'akkhara-synth-'));
  const rows = [
    ...POOL.map((text, i) => ({
      file: 'course/a.py',
      function: `f${i}`,
      granularity: 'short',
      language: 'my',
      text,
    })),
    { file: 'course/a.py', function: 'f0', granularity: 'line-comments', language: 'my', text: '# ...\n' },
    { file: 'course/b.py', function: 'g', granularity: 'short', language: 'bn', text: 'দুটি সংখ্যা যোগ করুন।' },
  ];
  await writeFile(path.join(dir, 'descriptions.jsonl'), rows.map((row) => JSON.stringify(row)).join('\n'));
});

after(() => server.close());

/** synth's arguments: N instructions from `pool` (the descriptions) into the folder `out`. */
const synthArgs = (judge: string, out: string, pool = path.join(dir, 'descriptions.jsonl')) => [
  'synth',
  '--pool',
  pool,
  '--lang',
  'my',
  '--n',
  String(N),
  '--out',
  out,
  '--endpoint',
  server.baseURL,
  '--model',
  'writer',
  '--judge',
  `${server.baseURL},${judge}`,
];

const synth = (judge: string, out: string) => runCli(synthArgs(judge, path.join(dir, out)));

const rowsOf = async (file: string) =>
  (await readFile(path.join(dir, file), 'utf8'))
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** The pairs drawn for instructions 0..N-1 with seed 0, as the NEW table's keys. */
const drawn = Array.from({ length: N }, (_, index) => [...drawPair(POOL.length, 0, index)].sort().join(','));

test('akkhara synth with a fair judge: instructions from drawn pairs, near-duplicates asked again, pairs both orders agree on kept', async () => {
  const result = await synth('fair', 'fair');
  assert.equal(result.status, 0, result.stderr);
  const rows = (await rowsOf('fair/synth.jsonl')).sort((a, b) => Number(a.index) - Number(b.index));
  assert.deepEqual(
    rows.map((row) => row.instruction),
    drawn.map((key) => NEW[key]),
    'each instruction comes from its seeded pair',
  );
  // A copy of a pooled instruction is a near-duplicate: asked again.
  assert.deepEqual(
    rows.map((row) => row.attempts),
    drawn.map((key) => (key.startsWith('0,') ? 2 : 1)),
  );
  for (const row of rows) {
    assert.equal(row.chosen, 'A', 'the good answer, in both orders on every criterion');
    assert.deepEqual(
      Object.keys(row.verdicts as object),
      CODE_QUALITY.dimensions.map((d) => d.key),
    );
  }
  // A pair drawn twice writes the same instruction twice: the later one is a near-duplicate, not trained on.
  const distinct = new Set(drawn).size;
  const dpo = await rowsOf('fair/dpo.jsonl');
  assert.equal(dpo.length, distinct);
  for (const row of dpo) {
    assert.match(String(row.chosen), /^GOOD/);
    assert.match(String(row.rejected), /^BAD/);
  }
  assert.match(
    result.stdout,
    new RegExp(`near-duplicates of an earlier instruction \\(chrF\\+\\+ ≥ 70\\): ${N - distinct}`),
  );
  assert.match(result.stdout, new RegExp(`DPO pairs kept: ${distinct}`));
  assert.match(result.stdout, /fair \| correct \| 6 \(100\.0%\) \| 0 \(0\.0%\) \| 0 \(0\.0%\) \| 6 \|/);
  // The same command again asks nothing.
  const asked = server.requests.length;
  const again = await synth('fair', 'fair');
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /resuming: 6 of 6 instructions done/);
  assert.equal(server.requests.length, asked);
});

test('akkhara synth with a judge that always prefers the first answer: no pair kept, every criterion 100% inconsistent', async () => {
  const result = await synth('biased', 'biased');
  assert.equal(result.status, 0, result.stderr);
  const rows = await rowsOf('biased/synth.jsonl');
  assert.ok(rows.every((row) => row.why === 'orders-disagree' && row.chosen === undefined));
  assert.equal((await readFile(path.join(dir, 'biased', 'dpo.jsonl'), 'utf8')).trim(), '');
  for (const { key } of CODE_QUALITY.dimensions)
    assert.match(
      result.stdout,
      new RegExp(`biased \\| ${key} \\| 0 \\(0\\.0%\\) \\| 6 \\(100\\.0%\\) \\| 0 \\(0\\.0%\\) \\| 6 \\|`),
    );
  const html = await readFile(path.join(dir, 'biased', 'summary.html'), 'utf8');
  assert.match(html, /<title>inconsistent: 6 of 6<\/title>/);
  assert.doesNotMatch(html, /<script/);
});

test('akkhara synth: 4 shards merged equal one run — instructions, verdicts, DPO pairs and the position-bias summary', async () => {
  const args = (out: string) => synthArgs('fair', out);
  const run = await runSharded(await mkdtemp(path.join(dir, 'sharded-')), 4, args, { folder: true });
  assert.equal(sortedContent(run.mergedOut), sortedContent(run.wholeOut));
  assert.equal(run.merged.stdout, run.whole.stdout, 'the same summary, position bias included');
  assert.match(run.merged.stdout, /inconsistent/);
  const pairs = (await readFile(path.join(run.mergedOut, 'dpo.jsonl'), 'utf8')).trim().split('\n');
  assert.ok(pairs.length >= 2, 'pairs were kept, and came through the merge');
});

test('akkhara synth --tasks: the tests choose when one answer passes, the judge only breaks a tie, two failures are not kept', async () => {
  const model = await startFakeOpenAI();
  try {
    const body: Record<string, [string, string]> = {
      add: ['a + b', 'a - b'], // the tests tell them apart
      both_ok: ['a + b', 'b + a'], // both pass: the judge decides
      never: ['a * b', 'a - b'], // both fail
    };
    model.defaultAnswer = (request) => {
      const user = request.body.messages.at(-1)!.content;
      if (user.includes('Answer 1:')) {
        const good = user.indexOf('GOOD');
        return [JSON.stringify({ better: good >= 0 && good < user.indexOf('Answer 2:') ? 1 : 2 })];
      }
      const name = /def (\w+)/.exec(user)![1];
      const seed = request.body.seed ?? 0;
      return [
        `${seed === 0 ? 'GOOD' : 'BAD'} ဖြေချက်\n\n\`\`\`python\ndef ${name}(a, b):\n    return ${body[name][seed]}\n\`\`\`\n`,
      ];
    };
    const tasksFile = path.join(dir, 'tested.jsonl');
    await writeFile(
      tasksFile,
      [...Object.keys(body), 'untested']
        .map((name, i) =>
          JSON.stringify({
            task_id: `T/${i}`,
            prompt: `def ${name}(a, b):\n    """ကိန်းနှစ်ခုကို ပေါင်းပါ။"""\n`,
            canonical_solution: '    return a + b\n',
            test: name === 'untested' ? '' : 'def check(candidate):\n    assert candidate(2, 3) == 5\n',
            entry_point: name,
          }),
        )
        .join('\n'),
    );
    const out = path.join(dir, 'tested');
    const result = await runCli([
      'synth',
      '--tasks',
      tasksFile,
      '--lang',
      'my',
      '--out',
      out,
      '--answers',
      `${model.baseURL},trained`,
      '--judge',
      `${model.baseURL},judge`,
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /1 task without tests left out/);
    const rows = (await rowsOf('tested/synth.jsonl')).sort((a, b) => Number(a.index) - Number(b.index));
    assert.deepEqual(
      rows.map((row) => [row.task_id, row.passed, row.decided_by ?? null, row.chosen ?? row.why]),
      [
        ['T/0', [true, false], 'tests', 'A'],
        ['T/1', [true, true], 'judge', 'A'],
        ['T/2', [false, false], null, 'both-fail'],
      ],
    );
    assert.equal(rows[0].verdicts, undefined, 'no judge was asked where the tests chose');
    const judgeAsked = model.requests.filter((request) => request.body.model === 'judge');
    assert.equal(
      judgeAsked.length,
      2 * CODE_QUALITY.dimensions.length,
      'each criterion, both orders, for T/1 only',
    );
    assert.ok(judgeAsked.every((request) => request.body.messages.at(-1)!.content.includes('def both_ok')));
    const pairs = await rowsOf('tested/dpo.jsonl');
    assert.equal(pairs.length, 2);
    assert.match(String(pairs[0].chosen), /return a \+ b/);
    assert.match(String(pairs[0].rejected), /return a - b/);
    assert.match(
      result.stdout,
      /one answer passed \(the tests chose, no judge asked\): 1; both passed \(the judge breaks the tie\): 1; both failed \(not kept\): 1/,
    );
    assert.match(result.stdout, /pairs judged: 1; both orders agree: 1/);
    const both = await runCli([
      'synth',
      '--tasks',
      tasksFile,
      '--pool',
      tasksFile,
      '--lang',
      'my',
      '--out',
      out,
      '--judge',
      `${model.baseURL},judge`,
    ]);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /give --pool FILE .* or --tasks FILE .*, one of them/);
  } finally {
    await model.close();
  }
});

test('akkhara synth draws the same pairs from the same descriptions in whatever order describe wrote them', async () => {
  const lines = (await readFile(path.join(dir, 'descriptions.jsonl'), 'utf8')).split('\n');
  await writeFile(path.join(dir, 'reversed.jsonl'), [...lines].reverse().join('\n'));
  const run = (pool: string, out: string) =>
    runCli(synthArgs('fair', path.join(dir, out), path.join(dir, pool)));
  for (const [pool, out] of [
    ['descriptions.jsonl', 'in-order'],
    ['reversed.jsonl', 'reversed'],
  ])
    assert.equal((await run(pool, out)).status, 0);
  const drawn = async (out: string) =>
    (await rowsOf(`${out}/synth.jsonl`))
      .sort((a, b) => Number(a.index) - Number(b.index))
      .map((row) => [row.sources, row.instruction]);
  assert.deepEqual(await drawn('reversed'), await drawn('in-order'));
});
