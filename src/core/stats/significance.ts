/**
 * Whether two models differ, as the seeds test it: the Mann-Whitney U test on two samples of
 * scores (two-sided; exact when a sample has at most 8 values and there are no ties, else the
 * normal approximation with tie and continuity corrections — SciPy's `mannwhitneyu` defaults), a
 * two-proportion z-test for pass rates, and McNemar's exact test when both models ran the same
 * tasks (paired); the Kruskal–Wallis H test across several samples (judges, languages). Checked
 * against SciPy and statsmodels (test/data).
 */
import { jStat } from 'jstat';
import { errorFunction } from 'simple-statistics';

/** P(Z ≥ z) for a standard normal Z. */
export function normalSf(z: number): number {
  if (z === Infinity) return 0;
  if (z === -Infinity) return 1;
  return 0.5 * (1 - errorFunction(z / Math.SQRT2));
}

export interface TestResult {
  readonly statistic: number;
  /** Two-sided. */
  readonly p: number;
  readonly method: 'exact' | 'asymptotic';
}

/** Mid-ranks of `values` (ties share the mean rank), from 1. */
function midRanks(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].value === order[start].value) end++;
    for (let i = start; i <= end; i++) ranks[order[i].index] = (start + end) / 2 + 1;
    tieSizes.push(end - start + 1);
    start = end + 1;
  }
  return { ranks, tieSizes };
}

/** P(U ≥ u) under the null for samples of n1 and n2 without ties: counts of rank sums by DP. */
function exactUpperTail(u: number, n1: number, n2: number): number {
  // ways[i][s]: arrangements of i values of the first sample among i + j with U = s, built over j.
  const max = n1 * n2;
  // With no value of the second sample yet, every arrangement has U = 0.
  let ways = Array.from({ length: n1 + 1 }, () => {
    const row = new Array<number>(max + 1).fill(0);
    row[0] = 1;
    return row;
  });
  for (let j = 1; j <= n2; j++) {
    const next = Array.from({ length: n1 + 1 }, () => new Array<number>(max + 1).fill(0));
    next[0][0] = 1;
    for (let i = 1; i <= n1; i++)
      for (let s = 0; s <= max; s++) {
        // The largest of i + j values is the second sample's (adds nothing) or the first's (adds j).
        next[i][s] = ways[i][s] + (s >= j ? next[i - 1][s - j] : 0);
      }
    ways = next;
  }
  const counts = ways[n1];
  const total = counts.reduce((sum, v) => sum + v, 0);
  let tail = 0;
  for (let s = Math.ceil(u); s <= max; s++) tail += counts[s];
  return tail / total;
}

/**
 * Mann-Whitney U of x against y: U1 (x's statistic, as SciPy returns it) and the two-sided p.
 * Undefined when either sample is empty.
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): TestResult | undefined {
  const [n1, n2] = [x.length, y.length];
  if (n1 === 0 || n2 === 0) return undefined;
  const { ranks, tieSizes } = midRanks([...x, ...y]);
  const r1 = ranks.slice(0, n1).reduce((sum, r) => sum + r, 0);
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u = Math.max(u1, n1 * n2 - u1);
  const ties = tieSizes.some((t) => t > 1);
  if ((n1 <= 8 || n2 <= 8) && !ties)
    return { statistic: u1, p: Math.min(1, 2 * exactUpperTail(u, n1, n2)), method: 'exact' };
  const n = n1 + n2;
  const tieTerm = tieSizes.reduce((sum, t) => sum + t ** 3 - t, 0);
  const sd = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  // Every value tied: no evidence either way (SciPy's z is −∞ there, its p 1).
  const z = sd === 0 ? -Infinity : (u - (n1 * n2) / 2 - 0.5) / sd;
  return { statistic: u1, p: Math.min(1, Math.max(0, 2 * normalSf(z))), method: 'asymptotic' };
}

/** Two-proportion z-test (pooled variance): passed c1 of n1 against c2 of n2. */
export function twoProportionTest(c1: number, n1: number, c2: number, n2: number): TestResult | undefined {
  if (n1 === 0 || n2 === 0) return undefined;
  const pooled = (c1 + c2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { statistic: 0, p: 1, method: 'asymptotic' };
  const z = (c1 / n1 - c2 / n2) / se;
  return { statistic: z, p: Math.min(1, 2 * normalSf(Math.abs(z))), method: 'asymptotic' };
}

/**
 * McNemar's exact test for paired outcomes: `onlyFirst` tasks passed by the first model only,
 * `onlySecond` by the second only; the statistic is the smaller count, p the two-sided binomial.
 */
export function mcnemarExact(onlyFirst: number, onlySecond: number): TestResult {
  const n = onlyFirst + onlySecond;
  const k = Math.min(onlyFirst, onlySecond);
  if (n === 0) return { statistic: 0, p: 1, method: 'exact' };
  // P(X ≤ k) for X ~ Binomial(n, 1/2), summed in logs so large n does not overflow.
  let logChoose = 0;
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logChoose += Math.log(n - i + 1) - Math.log(i);
    tail += Math.exp(logChoose - n * Math.LN2);
  }
  return { statistic: k, p: Math.min(1, 2 * tail), method: 'exact' };
}

/**
 * Kruskal–Wallis H across `samples` (SciPy's `kruskal`): H on the mid-ranks of all values, divided
 * by the tie correction 1 − Σ(t³ − t)/(N³ − N), and p from the χ² distribution with k − 1 degrees
 * of freedom. Empty samples are left out; undefined when fewer than two remain, or every value is
 * the same (SciPy raises there).
 */
export function kruskalWallis(samples: readonly (readonly number[])[]): TestResult | undefined {
  const groups = samples.filter((sample) => sample.length > 0);
  if (groups.length < 2) return undefined;
  const all = groups.flat();
  const n = all.length;
  const { ranks, tieSizes } = midRanks(all);
  const correction = 1 - tieSizes.reduce((sum, t) => sum + t ** 3 - t, 0) / (n ** 3 - n);
  if (correction === 0) return undefined;
  let offset = 0;
  let sum = 0;
  for (const group of groups) {
    const rankSum = ranks.slice(offset, offset + group.length).reduce((total, r) => total + r, 0);
    sum += rankSum ** 2 / group.length;
    offset += group.length;
  }
  const h = ((12 / (n * (n + 1))) * sum - 3 * (n + 1)) / correction;
  const p = Math.min(1, Math.max(0, 1 - jStat.chisquare.cdf(h, groups.length - 1)));
  return { statistic: h, p, method: 'asymptotic' };
}
