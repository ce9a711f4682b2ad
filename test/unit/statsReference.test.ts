/**
 * Akkhara's statistics against the implementations the field uses, on fixed inputs: the values in
 * test/data/stats-reference.json come from NLTK, scikit-learn, SciPy, statsmodels and sacreBLEU
 * (scripts/reference/stats_reference.py records their versions and how to regenerate it).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { krippendorffAlpha, quadraticKappa, type AlphaLevel } from '../../src/core/stats/agreement';
import { bootstrapMeanInterval } from '../../src/core/stats/bootstrap';
import { corpusChrf, sentenceChrf } from '../../src/core/stats/chrf';
import {
  kruskalWallis,
  mannWhitneyU,
  mcnemarExact,
  twoProportionTest,
} from '../../src/core/stats/significance';
import { REPO_ROOT } from '../support/paths';

interface Reference {
  alpha: { ratings: (number | null)[][]; level: AlphaLevel; alpha: number }[];
  kappa: { a: number[]; b: number[]; scale: number[]; kappa: number }[];
  mannWhitneyU: { x: number[]; y: number[]; statistic: number; p: number }[];
  kruskalWallis: { samples: number[][]; statistic: number; p: number }[];
  twoProportions: { c1: number; n1: number; c2: number; n2: number; z: number; p: number }[];
  mcnemar: { onlyFirst: number; onlySecond: number; statistic: number; p: number }[];
  chrf: {
    sentences: { hypothesis: string; reference: string; score: number }[];
    corpus: { pairs: [string, string][]; score: number };
  };
}

const reference = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'test', 'data', 'stats-reference.json'), 'utf8'),
) as Reference;
const close = (actual: number | undefined, expected: number, what: string, tolerance = 1e-6) =>
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} against ${expected}`,
  );

test('Krippendorff’s alpha equals NLTK’s (interval, ordinal, missing values)', () => {
  for (const [i, c] of reference.alpha.entries()) {
    const ratings = c.ratings.map((row) => row.map((v) => v ?? undefined));
    close(krippendorffAlpha(ratings, c.level), c.alpha, `case ${i} (${c.level})`);
  }
});

test('Krippendorff’s alpha reproduces the worked example of Krippendorff (2011), missing values included', () => {
  // Four observers, twelve units; "Computing Krippendorff's Alpha-Reliability", section C.
  const _ = undefined;
  const ratings = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
  ];
  close(krippendorffAlpha(ratings, 'nominal'), 0.743, 'nominal', 5e-4);
  close(krippendorffAlpha(ratings, 'ordinal'), 0.815, 'ordinal', 5e-4);
  close(krippendorffAlpha(ratings, 'interval'), 0.849, 'interval', 5e-4);
  assert.equal(
    krippendorffAlpha(
      [
        [1, 1, 1],
        [1, 1, 1],
      ],
      'interval',
    ),
    undefined,
    'no variation: undefined',
  );
  assert.equal(
    krippendorffAlpha(
      [
        [1, _],
        [_, 2],
      ],
      'interval',
    ),
    undefined,
    'nothing pairable: undefined',
  );
});

test('quadratic-weighted Cohen’s kappa equals scikit-learn’s', () => {
  for (const [i, c] of reference.kappa.entries())
    close(quadraticKappa(c.a, c.b, c.scale), c.kappa, `case ${i}`);
  assert.throws(() => quadraticKappa([5], [1], [0, 1, 2, 3, 4]), /outside the scale/);
  assert.equal(quadraticKappa([], [], [0, 1]), undefined);
});

test('Mann-Whitney U and its two-sided p equal SciPy’s (exact and asymptotic with ties)', () => {
  for (const [i, c] of reference.mannWhitneyU.entries()) {
    const result = mannWhitneyU(c.x, c.y);
    close(result?.statistic, c.statistic, `case ${i} U`);
    close(result?.p, c.p, `case ${i} p`);
  }
  assert.equal(mannWhitneyU([], [1]), undefined);
});

test('Kruskal–Wallis H and its p equal SciPy’s, with many ties (rubric scores) and none', () => {
  assert.ok(reference.kruskalWallis.length >= 5);
  for (const [i, c] of reference.kruskalWallis.entries()) {
    const result = kruskalWallis(c.samples);
    close(result?.statistic, c.statistic, `case ${i} H`);
    close(result?.p, c.p, `case ${i} p`);
  }
  assert.equal(kruskalWallis([[1, 2, 3]]), undefined, 'one sample: nothing to compare');
  assert.equal(
    kruskalWallis([
      [2, 2],
      [2, 2, 2],
    ]),
    undefined,
    'every value the same',
  );
  assert.deepEqual(
    kruskalWallis([[1, 2], [], [3, 4]]),
    kruskalWallis([
      [1, 2],
      [3, 4],
    ]),
    'empty samples left out',
  );
});

test('two-proportion z-test and McNemar’s exact test equal statsmodels’', () => {
  for (const [i, c] of reference.twoProportions.entries()) {
    const result = twoProportionTest(c.c1, c.n1, c.c2, c.n2);
    close(result?.statistic, c.z, `case ${i} z`);
    close(result?.p, c.p, `case ${i} p`);
  }
  for (const [i, c] of reference.mcnemar.entries()) {
    const result = mcnemarExact(c.onlyFirst, c.onlySecond);
    close(result.statistic, c.statistic, `case ${i} statistic`);
    close(result.p, c.p, `case ${i} p`);
  }
});

test('chrF++ sentence and corpus scores equal sacreBLEU’s (Burmese, Bangla, code, punctuation, empty)', () => {
  for (const [i, c] of reference.chrf.sentences.entries())
    close(sentenceChrf(c.hypothesis, c.reference), c.score, `sentence ${i}`);
  close(corpusChrf(reference.chrf.corpus.pairs), reference.chrf.corpus.score, 'corpus');
});

test('bootstrap intervals are reproducible with their seed and cover the mean', () => {
  const values = Array.from({ length: 60 }, (_, i) => (i * 37) % 5);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const interval = bootstrapMeanInterval(values, { seed: 7 })!;
  assert.deepEqual(bootstrapMeanInterval(values, { seed: 7 }), interval, 'same seed, same interval');
  assert.ok(interval.low < mean && mean < interval.high);
  // The normal-theory half width is 1.96 · s / √n; the bootstrap's should be close to it here.
  const s = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1));
  const half = (interval.high - interval.low) / 2;
  assert.ok(Math.abs(half - (1.96 * s) / Math.sqrt(values.length)) < 0.06, `half width ${half}`);
  assert.equal(bootstrapMeanInterval([3]), undefined);
});
