import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import {
  BURMESE_CODER,
  CODE_QUALITY,
  parseResult,
  rubricFromData,
  rubricMessages,
  rubricOf,
} from '../../src/core/judge/rubric';
import { runCli } from '../support/cli';
import { startFakeOpenAI, type FakeOpenAI } from '../support/openaiServer';

let server: FakeOpenAI;
before(async () => (server = await startFakeOpenAI()));
after(() => server.close());
const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-rubrics-'));

const custom = {
  name: 'course',
  scale: { min: 1, max: 3 },
  dimensions: [
    {
      key: 'clarity',
      question: 'Is the {language} explanation clear?',
      levels: ['unclear', 'partly', 'clear'],
    },
    { key: 'jargon', question: 'How much untranslated jargon is there?' },
  ],
  aggregate: { mean: ['clarity'], minus: ['jargon'] },
  reply: 'json',
};

test('a rubric file is checked field by field, with the field named', () => {
  assert.equal(rubricFromData(custom, 'r.json').name, 'course');
  const broken = (change: object, message: RegExp) =>
    assert.throws(() => rubricFromData({ ...custom, ...change }, 'r.json'), message);
  broken(
    { aggregate: { mean: ['clarity', 'depth'] } },
    /r\.json: aggregate names "depth", which is not a dimension/,
  );
  broken(
    { aggregate: { median: ['clarity'] } },
    /r\.json: aggregate\.median is not an aggregation \(mean, minus\)/,
  );
  broken({ scale: { min: 3, max: 1 } }, /r\.json: scale must be \{min, max\}/);
  broken(
    { dimensions: [{ key: 'clarity', question: 'q', levels: ['a', 'b'] }] },
    /dimensions\[0\]\.levels must give one text per score of the scale \(3\), not 2/,
  );
  broken({ reply: 'xml' }, /reply must be "json" or "prometheus"/);
  broken({ weights: {} }, /"weights" is not a rubric field/);
  broken({ dimensions: [] }, /dimensions must be a non-empty list/);
});

test('the built-in rubrics: Burmese-Coder-4B’s numbers unchanged, code-quality’s five 1–5 rubrics in Prometheus’ format', () => {
  assert.equal(
    rubricOf(BURMESE_CODER, {
      fluency: 4,
      instruction_following: 3,
      semantic_correctness: 3,
      terminology: 2,
      mix_penalty: 1,
    }),
    2,
  );
  assert.equal(
    rubricOf(CODE_QUALITY, { correct: 5, formatted: 4, naming: 3, instruction_following: 4, humble: 4 }),
    4,
  );
  assert.equal(rubricOf(CODE_QUALITY, { correct: 5 }), undefined, 'a missing dimension: no rubric');
  assert.equal(parseResult(CODE_QUALITY, 'Feedback: correct and clear. [RESULT] 4'), 4);
  assert.match(
    (parseResult(CODE_QUALITY, 'Feedback: fine. [RESULT] 6') as { invalid: string }).invalid,
    /not an integer from 1 to 5/,
  );
  assert.match((parseResult(CODE_QUALITY, '[RESULT] 3') as { invalid: string }).invalid, /no feedback/);
  assert.match((parseResult(CODE_QUALITY, 'Score: 4') as { invalid: string }).invalid, /no "\[RESULT\] n"/);
  const [, user] = rubricMessages(CODE_QUALITY, 'task', 'answer', 'bn', CODE_QUALITY.dimensions[4]);
  assert.match(user.content, /\[humble\]/);
  assert.match(user.content, /Score 1: Mostly self-praise/);
  assert.match(user.content, /choose the lower one/);
  assert.match(user.content, /\[RESULT\]/);
});

test('akkhara judge --rubric: code-quality one dimension per call, invalid replies counted per dimension; a YAML rubric file', async () => {
  const tasks = path.join(dir, 'tasks.jsonl');
  writeFileSync(
    tasks,
    JSON.stringify({
      task_id: 'Q/0',
      prompt: 'def f(x):\n    """x ကို ပြန်ပေးပါ။"""\n',
      test: '',
      entry_point: 'f',
    }),
  );
  const completions = path.join(dir, 'completions.jsonl');
  writeFileSync(completions, JSON.stringify({ task_id: 'Q/0', completion: 'def f(x):\n    return x' }));
  server.defaultAnswer = (request) => {
    const content = request.body.messages[1].content;
    if (content.includes('[humble]')) return ['I think it is great.']; // never a [RESULT]
    const score = content.includes('[correct]') ? 5 : 3;
    return [`Feedback: looks right. [RESULT] ${score}`];
  };
  const out = path.join(dir, 'judged.jsonl');
  const judge = (rubric: string, file = out) =>
    runCli([
      'judge',
      '--tasks',
      tasks,
      '--completions',
      completions,
      '--judge',
      `${server.baseURL},j`,
      '--rubric',
      rubric,
      '--out',
      file,
    ]);
  const result = await judge('code-quality');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /rubric code-quality/);
  assert.match(
    result.stdout,
    /invalid replies of .*,j per dimension: correct 0, formatted 0, naming 0, instruction_following 0, humble 3/,
  );
  const [line] = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(line.rubric_name, 'code-quality');
  assert.deepEqual(
    [line.correct, line.formatted, line.humble, line.rubric],
    [5, 3, undefined, undefined],
    'left out, never guessed',
  );
  const other = await judge('burmese-coder');
  assert.equal(other.status, 2);
  assert.match(other.stderr, /holds judgements on the rubric "code-quality", not "burmese-coder"/);

  const yamlFile = path.join(dir, 'course.yaml');
  writeFileSync(
    yamlFile,
    [
      'name: course',
      'scale: {min: 1, max: 3}',
      'dimensions:',
      '  - key: clarity',
      '    question: Is the {language} explanation clear?',
      '  - key: jargon',
      '    question: How much untranslated jargon is there?',
      'aggregate: {mean: [clarity], minus: [jargon]}',
    ].join('\n'),
  );
  server.defaultAnswer = () => ['{"clarity": 3, "jargon": 1}'];
  const yaml = await judge(yamlFile, path.join(dir, 'course.jsonl'));
  assert.equal(yaml.status, 0, yaml.stderr);
  assert.match(yaml.stdout, /\| clarity \| jargon \| rubric \|/);
  assert.match(yaml.stdout, /\| 1 \| 3\.00 \| 1\.00 \| 2\.00 \|/);
  writeFileSync(yamlFile, 'name: course\nscale: {min: 1, max: 3}\ndimensions: []\naggregate: {mean: []}\n');
  const broken = await judge(yamlFile, path.join(dir, 'broken.jsonl'));
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /course\.yaml: dimensions must be a non-empty list/);
  assert.match(
    (await judge('nonsense')).stderr,
    /neither a built-in rubric \(burmese-coder, code-quality\) nor a readable file/,
  );
});

test('akkhara judge --versus with a per-dimension rubric: consistent, flipped and invalid counts per dimension', async () => {
  const tasks = path.join(dir, 'pair-tasks.jsonl');
  writeFileSync(
    tasks,
    [0, 1]
      .map((n) =>
        JSON.stringify({
          task_id: `V/${n}`,
          prompt: `def g${n}(x):\n    """x ကို ပြန်ပေးပါ။"""\n`,
          test: '',
          entry_point: `g${n}`,
        }),
      )
      .join('\n'),
  );
  const [a, b] = [path.join(dir, 'a.jsonl'), path.join(dir, 'b.jsonl')];
  for (const [file, label] of [
    [a, 'GOOD'],
    [b, 'BAD'],
  ])
    writeFileSync(
      file,
      [0, 1].map((n) => JSON.stringify({ task_id: `V/${n}`, completion: `${label}-${n}` })).join('\n'),
    );
  server.defaultAnswer = (request) => {
    const content = request.body.messages[1].content;
    const goodFirst = content.indexOf('GOOD') < content.indexOf('BAD');
    if (content.includes('— correct:')) return [JSON.stringify({ better: goodFirst ? 1 : 2 })]; // consistent
    if (content.includes('— humble:')) return ['the first']; // never valid
    return ['{"better": 1}']; // always the first shown: flips
  };
  const out = path.join(dir, 'pairs.jsonl');
  const result = await runCli([
    'judge',
    '--tasks',
    tasks,
    '--completions',
    a,
    '--versus',
    b,
    '--judge',
    `${server.baseURL},j`,
    '--rubric',
    'code-quality',
    '--out',
    out,
    '--report',
    path.join(dir, 'position-bias.html'),
  ]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /\| dimension \| A better \|/);
  // The paper's position-bias table: the judge that always prefers the first answer is 100% inconsistent.
  assert.match(result.stdout, /,j \| correct \| 2 \(100\.0%\) \| 0 \(0\.0%\) \| 0 \(0\.0%\) \| 2 \|/);
  assert.match(result.stdout, /,j \| naming \| 0 \(0\.0%\) \| 2 \(100\.0%\) \| 0 \(0\.0%\) \| 2 \|/);
  assert.match(result.stdout, /,j \| humble \| 0 \(0\.0%\) \| 0 \(0\.0%\) \| 2 \(100\.0%\) \| 2 \|/);
  const html = readFileSync(path.join(dir, 'position-bias.html'), 'utf8');
  assert.match(html, /<svg role="img" aria-label="position bias per criterion"/);
  assert.match(html, /<title>inconsistent: 2 of 2<\/title>/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  assert.doesNotMatch(html, /<script/);
  assert.match(result.stdout, /,j \| correct \| 2 \| 0 \| 0 \| 0\.0% \| 0 \| 0 \|/);
  assert.match(result.stdout, /,j \| naming \| 0 \| 0 \| 2 \| 100\.0% \| 0 \| 0 \|/);
  assert.match(
    result.stdout,
    /,j \| humble \| 0 \| 0 \| 0 \| – \| 2 \| 12 \|/,
    'three tries per order, two orders, two tasks',
  );
  assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 2 * 5, 'a line per task and dimension');
});
