import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { modelRow } from '../../src/core/judge/report';
import { runCli } from '../support/cli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-report-'));
const jsonl = (rows: object[]) => rows.map((row) => `${JSON.stringify(row)}\n`).join('');
const judged = (judge: string, fluency: number, mix: number) => ({
  task_id: 'T/0',
  sample: 0,
  judge,
  fluency,
  instruction_following: 4,
  semantic_correctness: 4,
  terminology: 4,
  mix_penalty: mix,
  rubric: (fluency + 12) / 4 - mix,
});

test('a model row: Pass@1 averaged over tasks, Wilson over samples, each judge’s means over the answers it scored', () => {
  const row = modelRow(
    'm',
    [
      { task_id: 'a', passed: true },
      { task_id: 'a', passed: false },
      { task_id: 'b', passed: false },
      { task_id: 'b', passed: false },
    ],
    [judged('j', 4, 0), judged('j', 2, 2), { judge: 'j', error: 'not JSON' } as never],
  );
  assert.equal(row.tasks, 2);
  assert.equal(row.pass1, 0.25);
  assert.ok(row.interval.low < 0.25 && row.interval.high > 0.25);
  assert.equal(row.judges[0].answers, 2, 'a failed judgement is not averaged');
  assert.equal(row.judges[0].means.fluency, 3);
  assert.equal(row.judges[0].means.rubric, (4 + (14 / 4 - 2)) / 2);
});

test('akkhara report: two models, Markdown and HTML, one row per model and judge', async () => {
  for (const [model, passes] of [
    ['base', [false, false, true, false]],
    ['aligned', [true, true, true, false]],
  ] as const) {
    mkdirSync(path.join(dir, model));
    writeFileSync(
      path.join(dir, model, 'results.jsonl'),
      jsonl(
        passes.map((passed, i) => ({
          task_id: `T/${i}`,
          sample: 0,
          passed,
          status: passed ? 'passed' : 'failed',
        })),
      ),
    );
    const mix = model === 'base' ? 3 : 0;
    writeFileSync(
      path.join(dir, model, 'judged.jsonl'),
      jsonl([judged('judge-1', 3, mix), judged('judge-2', 4, mix)]),
    );
  }
  const args = (out: string) => [
    'report',
    ...['base', 'aligned'].flatMap((m) => [
      '--eval',
      path.join(dir, m, 'results.jsonl'),
      '--judge',
      path.join(dir, m, 'judged.jsonl'),
    ]),
    '--out',
    out,
  ];
  const md = path.join(dir, 'report.md');
  const result = await runCli(args(md));
  assert.equal(result.status, 0, result.stderr);
  const text = readFileSync(md, 'utf8');
  assert.match(
    text,
    /^\| base \| 25\.0% \| [\d.]+% – [\d.]+% \| judge-1 \| 1 \| 3\.00 \| 4\.00 \| 4\.00 \| 4\.00 \| 3\.00 \| 0\.75 \|$/m,
  );
  assert.match(
    text,
    /^\| aligned \| 75\.0% \| [\d.]+% – [\d.]+% \| judge-2 \| 1 \| 4\.00 \| 4\.00 \| 4\.00 \| 4\.00 \| 0\.00 \| 4\.00 \|$/m,
  );
  const html = path.join(dir, 'report.html');
  assert.equal((await runCli(args(html))).status, 0);
  const page = readFileSync(html, 'utf8');
  assert.match(page, /<svg role="img"/);
  assert.match(page, /aligned · Pass@1/);
  assert.match(page, /default-src 'none'/);
  const mismatched = await runCli(['report', '--eval', path.join(dir, 'base', 'judged.jsonl'), '--out', md]);
  assert.equal(mismatched.status, 2);
  assert.match(mismatched.stderr, /is not akkhara eval's results.jsonl/);
});
