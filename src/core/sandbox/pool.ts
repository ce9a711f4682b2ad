import type { Sandbox } from './types';

/** Runs jobs 0…count−1 with one worker per sandbox, each taking the next job when it is free. */
export async function runOnPool(
  count: number,
  sandboxes: readonly Sandbox[],
  job: (index: number, sandbox: Sandbox) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (sandbox: Sandbox) => {
    while (next < count) await job(next++, sandbox);
  };
  await Promise.all(sandboxes.slice(0, Math.max(1, count)).map(worker));
}

/**
 * One sandbox for many callers over several warm ones: each run takes an idle sandbox, or waits
 * for the next to be free (each run is bounded by its own time limit, so the wait is too).
 */
export function sharedSandbox(sandboxes: readonly Sandbox[]): Sandbox {
  if (sandboxes.length === 0) throw new RangeError('sharedSandbox needs at least one sandbox');
  const idle = [...sandboxes];
  const waiting: ((sandbox: Sandbox) => void)[] = [];
  const release = (sandbox: Sandbox) => {
    const next = waiting.shift();
    if (next) next(sandbox);
    else idle.push(sandbox);
  };
  return {
    backend: sandboxes[0].backend,
    isolation: sandboxes[0].isolation,
    run: async (request) => {
      const sandbox = idle.pop() ?? (await new Promise<Sandbox>((resolve) => waiting.push(resolve)));
      try {
        return await sandbox.run(request);
      } finally {
        release(sandbox);
      }
    },
  };
}
