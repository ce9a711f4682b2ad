import assert from 'node:assert/strict';
import { test } from 'node:test';
import { samplesNeeded, selectForTraining, type MinedSample } from '../../src/core/mine/select';

test('samplesNeeded is the smallest K with P(no winner in K) = (1 − p)^K ≤ δ', () => {
  for (const delta of [0.01, 0.05, 0.1, 0.25])
    for (let step = 1; step < 100; step++) {
      const p = step / 100;
      let smallest = 1;
      while ((1 - p) ** smallest > delta + 1e-12) smallest++;
      assert.equal(samplesNeeded(p, delta), smallest, `p = ${p}, δ = ${delta}`);
    }
  assert.equal(samplesNeeded(0, 0.05), undefined, 'no winner seen: no K suffices');
  assert.equal(samplesNeeded(1, 0.05), 1);
  assert.throws(() => samplesNeeded(0.5, 1), /δ must be between 0 and 1/);
});

const sample = (
  i: number,
  passed: boolean,
  problems = 0,
  mixScore = 0,
  completion = `answer ${i}`,
): MinedSample => ({
  taskId: 't',
  round: 1,
  sample: i,
  completion,
  passed,
  status: passed ? 'passed' : 'failed',
  testsPassed: passed ? 1 : 0,
  testsTotal: 1,
  problems,
  mixScore,
  codeChars: 10 + i,
});

test('selectForTraining keeps distinct clean winners, cleanest then shortest, and pairs each loser once', () => {
  const samples = [
    sample(0, true, 0, 0.02),
    sample(1, true, 0, 0),
    sample(2, true, 0, 0, 'answer 1'), // the same text as sample 1
    sample(3, true, 2, 0.3), // passes, but mixes scripts: a loser
    sample(4, false),
    sample(5, false, 0, 0, 'answer 4'), // the same failure again
  ];
  const { chosen, pairs } = selectForTraining(samples, 3);
  assert.deepEqual(
    chosen.map((s) => s.sample),
    [1, 0],
  );
  assert.deepEqual(
    pairs.map((pair) => [pair.chosen.sample, pair.rejected.sample]),
    [
      [1, 3],
      [0, 4],
    ],
  );
  assert.deepEqual(selectForTraining([sample(0, false), sample(1, true, 1)], 2), { chosen: [], pairs: [] });
});
