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
