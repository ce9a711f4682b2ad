/** Bounded concurrency for the command line's long runs (generate, judge). */

/**
 * Runs `work` for each item with at most `limit` units in flight (an item costs `cost(item)`, at
 * most `limit`), in order of start; stops starting new ones once `stopped()` says so, and waits for
 * those in flight. The first failure stops the rest and is thrown after they end.
 */
export async function inFlight<T>(
  items: readonly T[],
  limit: number,
  cost: (item: T) => number,
  stopped: () => boolean,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let used = 0;
  let failure: { error: unknown } | undefined;
  const running = new Set<Promise<void>>();
  for (const item of items) {
    const units = Math.min(limit, cost(item));
    while (used + units > limit && running.size) await Promise.race(running);
    if (stopped() || failure) break;
    used += units;
    const job: Promise<void> = work(item)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => {
        used -= units;
        running.delete(job);
      });
    running.add(job);
  }
  await Promise.all(running);
  if (failure) throw failure.error;
}
