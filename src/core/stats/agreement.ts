/**
 * Agreement between judges, as the field reports it: Krippendorff's alpha (Krippendorff 2011,
 * "Computing Krippendorff's Alpha-Reliability": coincidence matrix, pairable values only) at the
 * interval and ordinal levels, and Cohen's kappa with quadratic weights for a pair of judges.
 * Checked against NLTK, scikit-learn and the paper's own worked example (test/data).
 */

/** Undefined where a judge gave no score to that unit (a failed or invalid reply). */
export type Ratings = readonly (readonly (number | undefined)[])[];

export type AlphaLevel = 'nominal' | 'ordinal' | 'interval';

/**
 * Krippendorff's alpha over `ratings[judge][unit]`; undefined when it is not defined (fewer than
 * two pairable values, or no variation at all).
 */
export function krippendorffAlpha(ratings: Ratings, level: AlphaLevel): number | undefined {
  const units = Math.max(0, ...ratings.map((row) => row.length));
  // Coincidences o[c][k]: within each unit with m ≥ 2 values, each ordered pair of values from
  // different judges counts 1 / (m − 1).
  const coincidences = new Map<number, Map<number, number>>();
  const add = (c: number, k: number, weight: number) => {
    const row = coincidences.get(c) ?? new Map<number, number>();
    row.set(k, (row.get(k) ?? 0) + weight);
    coincidences.set(c, row);
  };
  for (let unit = 0; unit < units; unit++) {
    const values = ratings.map((row) => row[unit]).filter((value): value is number => value !== undefined);
    if (values.length < 2) continue;
    for (let i = 0; i < values.length; i++)
      for (let j = 0; j < values.length; j++) if (i !== j) add(values[i], values[j], 1 / (values.length - 1));
  }
  const categories = [...coincidences.keys()].sort((a, b) => a - b);
  const marginal = new Map(
    categories.map((c) => [c, [...coincidences.get(c)!.values()].reduce((sum, v) => sum + v, 0)]),
  );
  const n = [...marginal.values()].reduce((sum, v) => sum + v, 0);
  if (n < 2 || categories.length < 2) return undefined;
  const distance = distanceFor(level, categories, marginal);
  let observed = 0;
  let expected = 0;
  for (const c of categories)
    for (const k of categories) {
      const d = distance(c, k);
      observed += (coincidences.get(c)!.get(k) ?? 0) * d;
      expected += marginal.get(c)! * marginal.get(k)! * d;
    }
  return expected === 0 ? undefined : 1 - ((n - 1) * observed) / expected;
}

/** δ²(c, k) for the level: nominal 0/1, interval (c − k)², ordinal from the values' frequencies. */
function distanceFor(
  level: AlphaLevel,
  categories: readonly number[],
  marginal: ReadonlyMap<number, number>,
): (c: number, k: number) => number {
  if (level === 'nominal') return (c, k) => (c === k ? 0 : 1);
  if (level === 'interval') return (c, k) => (c - k) ** 2;
  // Ordinal: (Σ_{g from c to k} n_g − (n_c + n_k) / 2)², over the values that occur.
  const index = new Map(categories.map((c, i) => [c, i]));
  const cumulative = [0];
  for (const c of categories) cumulative.push(cumulative.at(-1)! + marginal.get(c)!);
  return (c, k) => {
    const [low, high] = [index.get(c)!, index.get(k)!].sort((a, b) => a - b);
    const sum = cumulative[high + 1] - cumulative[low];
    return (sum - (marginal.get(c)! + marginal.get(k)!) / 2) ** 2;
  };
}

/**
 * Cohen's kappa with quadratic weights between two judges' scores on the same answers (pairs where
 * either is missing are left out), on the scale's categories `scale` (e.g. 0…4): 1 − Σw·O / Σw·E
 * with w = (i − j)². Undefined with no pair, or when the expected disagreement is 0.
 */
export function quadraticKappa(
  a: readonly (number | undefined)[],
  b: readonly (number | undefined)[],
  scale: readonly number[],
): number | undefined {
  const index = new Map(scale.map((value, i) => [value, i]));
  const size = scale.length;
  const observed = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  let pairs = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]];
    if (x === undefined || y === undefined) continue;
    const [row, column] = [index.get(x), index.get(y)];
    if (row === undefined || column === undefined)
      throw new RangeError(`a score outside the scale (${x}, ${y}; scale ${scale.join(', ')})`);
    observed[row][column]++;
    pairs++;
  }
  if (pairs === 0) return undefined;
  const rowSums = observed.map((row) => row.reduce((sum, v) => sum + v, 0));
  const columnSums = scale.map((_, j) => observed.reduce((sum, row) => sum + row[j], 0));
  let weightedObserved = 0;
  let weightedExpected = 0;
  for (let i = 0; i < size; i++)
    for (let j = 0; j < size; j++) {
      const weight = (i - j) ** 2;
      weightedObserved += weight * observed[i][j];
      weightedExpected += (weight * rowSums[i] * columnSums[j]) / pairs;
    }
  return weightedExpected === 0 ? undefined : 1 - weightedObserved / weightedExpected;
}
