import type { SpawnSyncReturns, StdioOptions } from 'node:child_process';

/** See asOrdinaryUser.mjs. */
export function runAsOrdinaryUser(
  root: string,
  files: readonly string[],
  options?: { env?: Record<string, string>; processes?: number; stdio?: StdioOptions },
): SpawnSyncReturns<string>;
