import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { sentenceChrf } from '../../src/core/stats/chrf';
import { runCli } from '../support/cli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-metrics-'));
const jsonl = (rows: object[]) => rows.map((row) => JSON.stringify(row)).join('\n');

test('akkhara eval --metrics parse,chrf scores tasks without tests: parse success in the sandbox and chrF++ against the reference', async () => {
  const tasks = path.join(dir, 'tasks.jsonl');
  const prompt = 'def double(x):\n    """x ၏ နှစ်ဆကို ပြန်ပေးပါ။"""\n';
  writeFileSync(
    tasks,
    jsonl([
      { task_id: 'N/0', prompt, canonical_solution: '    return 2 * x\n', test: '', entry_point: 'double' },
      // BLP-style: a code-translation exercise with a reference response and no asserts.
      {
        id: 'N/1',
        instruction: 'এই কোডটি Python-এ লিখুন',
        test_list: '[]',
        response: 'def half(x):\n    return x / 2\n',
      },
    ]),
  );
  const completions = path.join(dir, 'completions.jsonl');
  const sameAsReference = '    return 2 * x\n';
  const broken = 'def double(x)\n    return x +\n';
  const close = 'ফলাফল:\n```python\ndef half(y):\n    return y / 2\n```';
  writeFileSync(
    completions,
    jsonl([
      { task_id: 'N/0', completion: sameAsReference },
      { task_id: 'N/0', completion: broken },
      { task_id: 'N/1', completion: close },
    ]),
  );
  const out = path.join(dir, 'results.jsonl');
  const report = path.join(dir, 'report.md');
  const args = ['eval', '--tasks', tasks, '--completions', completions, '--sandbox', 'process'];
  const result = await runCli([...args, '--metrics', 'parse,chrf', '--out', out, '--report', report]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /parses \(ast\.parse\): 66\.7% of 3 samples/);
  assert.match(result.stdout, /pass@k: the tests were not run/);
  assert.doesNotMatch(result.stdout, /pass@1:/);
  const rows = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { task_id: string; parses: boolean; chrf: number; status: string });
  rows.sort((a, b) => a.task_id.localeCompare(b.task_id) || Number(b.parses) - Number(a.parses));
  assert.deepEqual(
    rows.map((row) => [row.task_id, row.parses, row.status]),
    [
      ['N/0', true, 'not-run'],
      ['N/0', false, 'not-run'],
      ['N/1', true, 'not-run'],
    ],
  );
  assert.equal(rows[0].chrf, 100, 'the reference itself');
  // The answer's code block against the reference response, as the harness would assemble them.
  assert.ok(
    Math.abs(
      rows[2].chrf - sentenceChrf('def half(y):\n    return y / 2\n', 'def half(x):\n    return x / 2\n'),
    ) < 1e-9,
  );
  assert.match(
    readFileSync(report, 'utf8'),
    /## Metrics without tests[\s\S]*\| `N\/0` \| 50\.0% \| [\d.]+ \|/,
  );

  // The same --out with other metrics is refused, not mixed; unknown metrics are usage errors.
  const mixed = await runCli([...args, '--out', out]);
  assert.equal(mixed.status, 2);
  assert.match(mixed.stderr, /scored with other --metrics/);
  const unknown = await runCli([...args, '--metrics', 'bleu', '--out', path.join(dir, 'x.jsonl')]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--metrics takes tests, parse, chrf/);
});
