/** Bounded concurrency for the command line's long runs (generate, judge). */
import { onAbort } from './abortFanOut';

/**
 * Runs `work` for each item with at most `limit` units in flight (an item costs `cost(item)`, at
 * most `limit`), in order of start; stops starting new ones once `stopped()` says so, and waits for
 * those in flight. The first failure stops the rest and is thrown after they end.
 */
export async function inFlight<T>(
  items: readonly T[],
  limit: number | ConcurrencyLimit,
  cost: (item: T) => number,
  stopped: () => boolean,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const allowed = () => (typeof limit === 'number' ? limit : limit.current);
  let used = 0;
  let failure: { error: unknown } | undefined;
  const running = new Set<Promise<void>>();
  for (const item of items) {
    const units = () => Math.min(allowed(), cost(item));
    while (used + units() > allowed() && running.size) await Promise.race(running);
    if (stopped() || failure) break;
    const taken = units();
    used += taken;
    const job: Promise<void> = work(item)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => {
        used -= taken;
        running.delete(job);
      });
    running.add(job);
  }
  await Promise.all(running);
  if (failure) throw failure.error;
}

/**
 * Requests in flight that a busy server can lower: halved on each "busy" (429, 503), grown back by
 * one after every `recoverAfter` answers in a row, never above what was asked for (AIMD, as TCP
 * shares a link).
 */
export class ConcurrencyLimit {
  current: number;
  private streak = 0;

  constructor(
    readonly max: number,
    private readonly recoverAfter = 8,
  ) {
    this.current = max;
  }

  busy(): void {
    this.current = Math.max(1, Math.floor(this.current / 2));
    this.streak = 0;
  }

  answered(): void {
    if (++this.streak < this.recoverAfter || this.current >= this.max) return;
    this.current++;
    this.streak = 0;
  }
}

/** How long to wait after the n-th busy answer in a row (from 0), when the server names no time. */
export const backoffMs = (attempt: number): number => Math.min(30_000, 1000 * 2 ** attempt);

/**
 * `ask`, asked again while the server says it is busy (up to `attempts` times): each time the
 * limit is lowered and the run waits the server's Retry-After, else an exponential backoff. Any
 * other failure, or the last busy answer, is thrown. (A busy answer comes before any token: the
 * provider never reports one after tokens arrived.)
 */
/** The longest wait for a busy server by default: a Retry-After of an hour is not waited out. */
const MAX_WAIT_MS = 30_000;

export async function askWhileBusy<T>(
  ask: () => Promise<T>,
  options: {
    readonly limit: ConcurrencyLimit;
    readonly busy: (
      error: unknown,
    ) => { readonly status: number; readonly retryAfterMs?: number } | undefined;
    readonly signal: AbortSignal;
    readonly onBusy?: (status: number, limit: number, waitMs: number) => void;
    readonly attempts?: number;
    /** The longest one wait may be, whatever the server's Retry-After says (default 30 s). */
    readonly maxWaitMs?: number;
    /** When asking must end (Date.now() ms): a wait never passes it, and none starts after it. */
    readonly deadline?: number;
  },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await ask();
      options.limit.answered();
      return result;
    } catch (error) {
      const busy = options.busy(error);
      if (!busy || attempt + 1 >= (options.attempts ?? 8) || options.signal.aborted) throw error;
      const left = (options.deadline ?? Infinity) - Date.now();
      const waitMs = Math.max(
        0,
        Math.min(busy.retryAfterMs ?? backoffMs(attempt), options.maxWaitMs ?? MAX_WAIT_MS, left),
      );
      if (left <= 0) throw error;
      options.limit.busy();
      options.onBusy?.(busy.status, options.limit.current, waitMs);
      await new Promise<void>((resolve) => {
        const stop = onAbort(options.signal, () => {
          clearTimeout(timer);
          resolve();
        });
        const timer = setTimeout(() => {
          stop();
          resolve();
        }, waitMs);
      });
      // Stopped while waiting: the next ask sees the aborted signal and returns at once, stopped.
    }
  }
}

/**
 * At most `limit.current` calls of `run` at once (the rest wait, in order): for work whose parts
 * ask a model concurrently, so that the requests in flight stay within what was asked for.
 */
export function gated(limit: ConcurrencyLimit): <T>(run: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (run) => {
    while (running >= limit.current) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await run();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
