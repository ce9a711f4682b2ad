/**
 * A run split into shards (`--shard i/n`) and merged (`akkhara merge`), beside the same run whole:
 * what the issue asks of every long command is that the two agree, byte for byte after sorting.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { runCli, type CliOutcome } from './cli';

/** A file's lines sorted, or a folder's files' (by name), with the fields that time a run dropped. */
export function sortedContent(target: string, untimed: (line: string) => string = (line) => line): string {
  if (statSync(target).isDirectory())
    return readdirSync(target)
      .filter((name) => name !== 'shard.json')
      .sort()
      .map((name) => `== ${name}\n${sortedContent(path.join(target, name), untimed)}`)
      .join('\n');
  return readFileSync(target, 'utf8').split('\n').map(untimed).sort().join('\n');
}

export interface ShardedRun {
  readonly whole: CliOutcome;
  readonly shards: readonly CliOutcome[];
  readonly merged: CliOutcome;
}

/**
 * Runs `args(out)` whole into `dir/whole…`, as n shards into `dir/shard-i…`, merges the shards (in
 * a scrambled order) into `dir/merged…`, and checks each step ended well.
 */
export async function runSharded(
  dir: string,
  n: number,
  args: (out: string) => string[],
  { folder = false, cwd, mergeEnv }: { folder?: boolean; cwd?: string; mergeEnv?: NodeJS.ProcessEnv } = {},
): Promise<ShardedRun & { wholeOut: string; shardOuts: string[]; mergedOut: string }> {
  const name = (label: string) => path.join(dir, folder ? label : `${label}.jsonl`);
  const wholeOut = name('whole');
  const whole = await runCli(args(wholeOut), { ...(cwd && { cwd }) });
  assert.equal(whole.status, 0, whole.stderr);
  const shardOuts = Array.from({ length: n }, (_, i) => name(`shard-${i}`));
  const shards = [];
  for (const [i, out] of shardOuts.entries()) {
    const shard = await runCli([...args(out), '--shard', `${i}/${n}`], { ...(cwd && { cwd }) });
    assert.equal(shard.status, 0, shard.stderr);
    assert.ok(existsSync(folder ? path.join(out, 'shard.json') : `${out}.shard.json`), 'a manifest');
    shards.push(shard);
  }
  const mergedOut = name('merged');
  const scrambled = shardOuts.map((_, i) => shardOuts[(i * 3 + 1) % n]);
  assert.equal(new Set(scrambled).size, n);
  const merged = await runCli(['merge', ...scrambled, '--out', mergedOut], {
    ...(mergeEnv && { env: mergeEnv }),
  });
  assert.equal(merged.status, 0, merged.stderr);
  return { whole, shards, merged, wholeOut, shardOuts, mergedOut };
}
