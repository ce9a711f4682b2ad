import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../support/cli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'akkhara-harden-'));
const tasksFile = path.join(dir, 'tasks.jsonl');
const humaneval = (id: string, name: string, solution: string, test: string) => ({
  task_id: id,
  prompt: `def ${name}(x):\n    """ကိန်း x ၏ ပကတိတန်ဖိုး"""\n`,
  canonical_solution: solution,
  test,
  entry_point: name,
});
writeFileSync(
  tasksFile,
  [
    humaneval(
      'H/abs',
      'absolute',
      '    return -x if x < 0 else x\n',
      // Its inputs span -40 to 25: the inferred contract keeps new inputs inside that range.
      'def check(candidate):\n    assert candidate(-2) == 2\n    assert candidate(3) == 3\n    assert candidate(0) == 0\n' +
        '    assert candidate(-40) == 40\n    assert candidate(25) == 25\n',
    ),
    // Its reference is wrong: never hardened, reported.
    humaneval(
      'H/wrong',
      'wrong',
      '    return x + 1\n',
      'def check(candidate):\n    assert candidate(1) == 1\n',
    ),
    // No reference at all.
    humaneval('H/none', 'none', '', 'def check(candidate):\n    assert candidate(1) == 1\n'),
    // Its tests build their inputs: nothing literal to mutate.
    humaneval(
      'H/loop',
      'twice',
      '    return 2 * x\n',
      'def check(candidate):\n    for i in range(3):\n        assert candidate(i) == 2 * i\n',
    ),
    // BLP, its test_list a Python literal (single quotes), floats compared with a tolerance.
    {
      id: 'B/half',
      instruction: 'একটি সংখ্যার অর্ধেক ফেরত দিন',
      test_list: "['assert half(4.0) == 2.0', 'assert half(3.0) == 1.5']",
      response: 'def half(x):\n    return x / 2\n',
    },
  ]
    .map((row) => JSON.stringify(row))
    .join('\n'),
);

const readRows = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, string>);

const harden = (out: string, ...extra: string[]) =>
  runCli([
    'harden',
    '--tasks',
    tasksFile,
    '--out',
    out,
    '--sandbox',
    'process',
    '--max-extra',
    '12',
    ...extra,
  ]);

test('akkhara harden adds the reference’s outputs on mutated inputs; eval --plus catches what the base tests miss', async () => {
  const out = path.join(dir, 'tasks.plus.jsonl');
  const result = await harden(out);
  assert.equal(result.status, 0, result.stderr);
  assert.match(
    result.stdout,
    /5 tasks: 2 hardened with \d+ extra tests .*1 unchanged, 1 with a failing reference, 1 without one/,
  );
  assert.match(result.stderr, /H\/wrong: its reference solution fails its own tests \(failed/);
  assert.match(result.stderr, /H\/none: no reference solution; not hardened/);
  assert.match(result.stderr, /H\/loop: not hardened: no literal inputs in its tests/);
  const rows = readRows(out);
  assert.equal(rows.length, 5, 'every task is in the output, hardened or as it was');
  const abs = rows.find((row) => row.task_id === 'H/abs')!;
  const extra = abs.plus_test
    .split('_akkhara_base_check(candidate)')[1]
    .split('\n')
    .filter((line) => /^ {4}assert candidate\(/.test(line));
  assert.ok(extra.length >= 5 && extra.length <= 12, `${extra.length} extra asserts`);
  for (const line of extra) {
    const [, input, expected] = /candidate\((-?\d+)\) == (-?\d+)$/.exec(line)!;
    assert.equal(Number(expected), Math.abs(Number(input)), 'the reference’s output, exactly');
  }
  assert.match(abs.plus_test, /_akkhara_base_check\(candidate\)/, 'the base tests stay');
  assert.equal(rows.find((row) => row.task_id === 'H/wrong')!.plus_test, undefined);
  const half = rows.find((row) => row.id === 'B/half')!;
  const asserts = JSON.parse(half.plus_test_list) as string[];
  assert.deepEqual(asserts.slice(0, 2), ['assert half(4.0) == 2.0', 'assert half(3.0) == 1.5']);
  assert.ok(asserts.length > 2 && asserts.slice(2).every((line) => /^assert abs\(half\(/.test(line)));

  // The references pass their hardened tests; a brittle answer passes the base tests only.
  const canonical = await runCli([
    'eval',
    '--tasks',
    out,
    '--canonical',
    '--plus',
    '--sandbox',
    'process',
    '--out',
    path.join(dir, 'canonical.jsonl'),
    '--json',
  ]);
  assert.equal(canonical.status, 0, canonical.stderr);
  const summary = JSON.parse(canonical.stdout) as {
    passAtK: Record<string, number>;
    plus: { passAtK: Record<string, number> };
  };
  assert.equal(summary.passAtK['pass@1'], summary.plus.passAtK['pass@1'], 'what passes base passes plus');
  const brittle = path.join(dir, 'brittle.jsonl');
  writeFileSync(
    brittle,
    [
      { task_id: 'H/abs', completion: 'def absolute(x):\n    return {-2: 2, -40: 40}.get(x, x)\n' },
      { task_id: 'H/abs', completion: 'def absolute(x):\n    return x if x >= 0 else -x\n' },
    ]
      .map((row) => JSON.stringify(row))
      .join('\n'),
  );
  const scored = await runCli([
    'eval',
    '--tasks',
    out,
    '--completions',
    brittle,
    '--plus',
    '--sandbox',
    'process',
    '--out',
    path.join(dir, 'brittle-results.jsonl'),
  ]);
  assert.equal(scored.status, 0, scored.stderr);
  assert.match(scored.stdout, /pass@1: 100\.0% {3}plus: 50\.0%/);
  const results = (
    readRows(path.join(dir, 'brittle-results.jsonl')) as unknown as {
      sample: number;
      passed: boolean;
      plus_passed: boolean;
    }[]
  ).sort((a, b) => a.sample - b.sample); // written as scored, by two workers
  assert.deepEqual(
    results.map((row) => [row.passed, row.plus_passed]),
    [
      [true, false],
      [true, true],
    ],
  );
  // Results scored without --plus are not mixed with plus ones.
  const mixed = await runCli([
    'eval',
    '--tasks',
    out,
    '--completions',
    brittle,
    '--sandbox',
    'process',
    '--out',
    path.join(dir, 'plain.jsonl'),
  ]);
  assert.equal(mixed.status, 0, mixed.stderr);
  const refused = await runCli([
    'eval',
    '--tasks',
    out,
    '--completions',
    brittle,
    '--plus',
    '--sandbox',
    'process',
    '--out',
    path.join(dir, 'plain.jsonl'),
  ]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /scored without --plus/);
});

test('akkhara harden is reproducible with its seed and resumes a run', async () => {
  const first = path.join(dir, 'first.jsonl');
  const second = path.join(dir, 'second.jsonl');
  assert.equal((await harden(first, '--seed', '7')).status, 0);
  assert.equal((await harden(second, '--seed', '7')).status, 0);
  const byId = (file: string) =>
    Object.fromEntries(
      readRows(file).map((row) => [row.task_id ?? row.id, row.plus_test ?? row.plus_test_list]),
    );
  assert.deepEqual(byId(first), byId(second), 'the same seed, the same tests');
  const before = readFileSync(first, 'utf8');
  const again = await harden(first, '--seed', '7');
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /resuming: 5 tasks done before/);
  assert.equal(readFileSync(first, 'utf8'), before, 'nothing done twice');
  const bad = await harden(path.join(dir, 'bad.jsonl'), '--max-extra', '0');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--max-extra must be a whole number from 1 to 1000/);
});
