/**
 * One listener per stop signal, however many requests wait on it. A long run (generate, mine,
 * judge) shares one signal across thousands of requests, hundreds in flight at once: a listener
 * each would pass Node's limit of ten (MaxListenersExceededWarning) and, if one were ever left
 * behind, grow without end. Here each request registers a callback in the signal's own set and
 * removes it when it settles; the signal carries a single listener that calls the set.
 */
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `callback` once when `signal` aborts (at once if it has); returns what removes it. */
export function onAbort(signal: AbortSignal | undefined, callback: () => void): () => void {
  if (!signal) return () => undefined;
  if (signal.aborted) {
    callback();
    return () => undefined;
  }
  let callbacks = waiting.get(signal);
  if (!callbacks) {
    const set = new Set<() => void>();
    callbacks = set;
    waiting.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        waiting.delete(signal);
        for (const call of [...set]) call();
        set.clear();
      },
      { once: true },
    );
  }
  callbacks.add(callback);
  const registered = callbacks;
  return () => {
    registered.delete(callback);
  };
}
