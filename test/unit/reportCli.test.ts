import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { modelRow } from '../../src/core/judge/report';
import { kruskalWallis } from '../../src/core/stats/significance';
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

test('akkhara report marks the differences from the first model: McNemar by task, Mann-Whitney per judge and dimension', async () => {
  const tasks = 30;
  const write = (model: string, passed: (i: number) => boolean, fluency: (i: number) => number) => {
    mkdirSync(path.join(dir, 'compare', model), { recursive: true });
    const results = path.join(dir, 'compare', model, 'results.jsonl');
    writeFileSync(
      results,
      jsonl(Array.from({ length: tasks }, (_, i) => ({ task_id: `T/${i}`, sample: 0, passed: passed(i) }))),
    );
    const judgedFile = path.join(dir, 'compare', model, 'judged.jsonl');
    writeFileSync(
      judgedFile,
      jsonl(Array.from({ length: tasks }, (_, i) => ({ ...judged('j', fluency(i), 0), task_id: `T/${i}` }))),
    );
    return ['--eval', results, '--judge', judgedFile];
  };
  // base passes tasks 0–7; aligned passes 2–21: 14 tasks only aligned passes, 2 only base.
  const base = write(
    'base',
    (i) => i < 8,
    (i) => 1 + (i % 2),
  );
  const aligned = write(
    'aligned',
    (i) => i >= 2 && i < 22,
    (i) => 3 + (i % 2),
  );
  const same = write(
    'same',
    (i) => i < 8,
    (i) => 1 + (i % 2),
  );
  const md = path.join(dir, 'compare.md');
  const result = await runCli(['report', ...base, ...aligned, ...same, '--out', md]);
  assert.equal(result.status, 0, result.stderr);
  const text = readFileSync(md, 'utf8');
  assert.match(text, /## Differences from base \(α = 0\.1\)/);
  // McNemar: 2 against 14 discordant tasks; two-sided binomial p = 2 · P(X ≤ 2 | 16, ½).
  const p = (2 * (1 + 16 + 120)) / 2 ** 16;
  assert.match(
    text,
    new RegExp(
      `\\| aligned \\| Pass@1 \\| – \\| 26\\.7% \\| 66\\.7% \\| McNemar \\(paired by task\\) \\| ${p.toFixed(4)} \\| \\*\\*yes\\*\\* \\|`,
    ),
  );
  assert.match(
    text,
    /\| aligned \| fluency \| j \| 1\.50 \| 3\.50 \| Mann-Whitney U \| [\d.e-]+ \| \*\*yes\*\* \|/,
  );
  assert.match(
    text,
    /\| aligned \| instruction_following \| j \| 4\.00 \| 4\.00 \| Mann-Whitney U \| 1\.0000 \| no \|/,
  );
  assert.match(
    text,
    /\| same \| Pass@1 \| – \| 26\.7% \| 26\.7% \| McNemar \(paired by task\) \| 1\.0000 \| no \|/,
  );
  // Three rows at once: a Kruskal–Wallis test per judge and measure, as SciPy's kruskal computes it
  // (test/unit/significance checks the statistic against SciPy); base and same share their fluency.
  const fluencies = [(i: number) => 1 + (i % 2), (i: number) => 3 + (i % 2), (i: number) => 1 + (i % 2)];
  const groups = fluencies.map((f) => Array.from({ length: tasks }, (_, i) => f(i)));
  const kw = kruskalWallis(groups)!;
  assert.match(text, /## Does any of the 3 rows differ\? \(α = 0\.1\)/);
  assert.ok(
    text.includes(
      `| fluency | j | 3 | ${kw.statistic.toFixed(3)} | ${kw.p < 0.0001 ? kw.p.toExponential(1) : kw.p.toFixed(4)} | **yes** |`,
    ),
    text,
  );
  assert.doesNotMatch(text, /\| instruction_following \| j \| 3 \|/, 'no test where every score is the same');
  // A stricter α turns nothing into a difference that was not one, and is a usage error out of range.
  const strict = await runCli(['report', ...base, ...aligned, '--alpha', '0.001', '--out', md]);
  assert.equal(strict.status, 0, strict.stderr);
  assert.match(readFileSync(md, 'utf8'), /\| aligned \| Pass@1 \| .* \| no \|/);
  assert.equal((await runCli(['report', ...base, '--alpha', '2', '--out', md])).status, 2);
  // One model: the section says why it is empty.
  assert.equal((await runCli(['report', ...base, '--out', md])).status, 0);
  assert.match(readFileSync(md, 'utf8'), /One model: nothing to compare/);
  assert.doesNotMatch(
    readFileSync(md, 'utf8'),
    /Does any of/,
    'two rows or fewer: the pairwise test is the test',
  );
  // The HTML page draws the intervals.
  const html = path.join(dir, 'compare.html');
  assert.equal((await runCli(['report', ...base, ...aligned, '--out', html])).status, 0);
  assert.match(readFileSync(html, 'utf8'), /<line x1="\d+" x2="\d+"/);
});
