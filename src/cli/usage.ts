/** A mistake in how a command was called: reported on stderr with exit code 2. */
export class UsageError extends Error {}

/** A numeric option in [min, max] (whole when `integer`), or undefined when not given. */
export function numberOption(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  integer = false,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
    throw new UsageError(
      `${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, not "${value}"`,
    );
  return n;
}

/** A time in seconds: more than 0 and at most `max`, or undefined when not given. */
export function secondsOption(value: string | undefined, name: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!(Number.isFinite(seconds) && seconds > 0 && seconds <= max))
    throw new UsageError(`${name} must be a number of seconds above 0 and at most ${max}, not "${value}"`);
  return seconds;
}

/** "1 task", "2 tasks": English counts with their plural (Burmese and Bangla count with classifiers). */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
