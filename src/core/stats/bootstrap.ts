/**
 * Percentile bootstrap intervals, seeded so that a report is the same on every run: resample the
 * values with replacement B times, take the statistic of each, and the 2.5th and 97.5th percentiles.
 */
import { quantileSorted } from 'simple-statistics';
import type { Interval } from '../eval/passAtK';
import { seededRandom } from './random';

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** 95% (or `level`) interval of the mean of `values`; undefined for fewer than two values. */
export function bootstrapMeanInterval(
  values: readonly number[],
  { resamples = 2000, seed = 1, level = 0.95 } = {},
): Interval | undefined {
  if (values.length < 2) return undefined;
  const random = seededRandom(seed);
  const means = new Array<number>(resamples);
  const sample = new Array<number>(values.length);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < values.length; i++) sample[i] = values[Math.floor(random() * values.length)];
    means[b] = mean(sample);
  }
  means.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { low: quantileSorted(means, tail), high: quantileSorted(means, 1 - tail) };
}
