/**
 * Scoring as the field reports it: the unbiased pass@k estimator of Chen et al. (2021), averaged
 * over tasks, and a Wilson score interval for pass@1.
 */

/** pass@k for one task with n samples of which c passed: 1 − C(n−c, k) / C(n, k), computed as a stable product. */
export function passAtK(n: number, c: number, k: number): number {
  if (k > n) throw new RangeError(`pass@${k} needs at least ${k} samples per task, got ${n}`);
  if (n - c < k) return 1;
  let allFail = 1;
  for (let i = n - c + 1; i <= n; i++) allFail *= 1 - k / i;
  return 1 - allFail;
}

/** Mean pass@k over tasks, each given as [samples, passed]. */
export function meanPassAtK(tasks: readonly (readonly [number, number])[], k: number): number {
  if (tasks.length === 0) return 0;
  return tasks.reduce((sum, [n, c]) => sum + passAtK(n, c, k), 0) / tasks.length;
}

export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** Wilson score interval for a proportion (successes of trials), at z = 1.96 (95%). */
export function wilson(successes: number, trials: number, z = 1.959963984540054): Interval {
  if (trials === 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
