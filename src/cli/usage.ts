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
