/**
 * `--shard i/n` for the long runs (generate, eval, judge, mine, describe, synth): the command takes
 * its share of the units and writes a manifest beside its output, which `akkhara merge` reads.
 * `--finish-only` (hidden) is how merge finishes the merged run: the command rebuilds its summary
 * and derived files from the merged record and refuses, instead of asking a model, if work is left.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Option } from 'commander';
import { replaceFile } from '../core/fileReplace';
import {
  MANIFEST_FORMAT,
  parseManifest,
  parseShard,
  ShardError,
  shardLabel,
  type Shard,
  type ShardManifest,
  type ShardRecord,
} from '../core/shard';
import { VERSION } from '../core/version';
import { count, UsageError } from './usage';

export interface ShardOptions {
  shard?: string;
  finishOnly?: boolean;
}

export const shardOption = (): Option =>
  new Option(
    '--shard <i/n>',
    'take share i of n (i from 0: a job array member); akkhara merge combines the shards',
  );

export const finishOnlyOption = (): Option => new Option('--finish-only').hideHelp();

export function shardOf(options: ShardOptions): Shard | undefined {
  if (options.shard === undefined) return undefined;
  try {
    return parseShard(options.shard);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Where a shard's manifest lies: beside an output file, or inside an output folder. */
export const manifestPath = (out: string, folder: boolean): string =>
  folder ? path.join(out, 'shard.json') : `${out}.shard.json`;

/**
 * Options that change how fast a run goes or where it reports, not what it writes. A server's
 * address is one: each node of a cluster may ask its own copy of the model (a judge's address is
 * written in its lines, so `--judge` stays a setting).
 */
const NOT_SETTINGS = new Set([
  'endpoint',
  'out',
  'shard',
  'finishOnly',
  'concurrency',
  'jobs',
  'json',
  'report',
  'apiKeyEnv',
  'judgeKeyEnv',
]);

/**
 * The run's settings as a manifest keeps them: every option that changes the output, with each
 * input file by its content's hash (a shard may see it under another path).
 */
export async function runSettings(
  options: object,
  inputs: readonly string[],
): Promise<Record<string, unknown>> {
  const settings: Record<string, unknown> = { akkhara: VERSION };
  for (const [name, value] of Object.entries(options).sort(([a], [b]) => a.localeCompare(b))) {
    if (NOT_SETTINGS.has(name) || value === undefined) continue;
    settings[name] = inputs.includes(name) ? await contentHash(String(value)) : value;
  }
  return settings;
}

export async function contentHash(file: string): Promise<string> {
  return contentHashOf(await readFile(file));
}

export const contentHashOf = (content: string | Uint8Array): string =>
  `sha256:${createHash('sha256').update(content).digest('hex')}`;

export interface ShardStart {
  readonly command: string;
  readonly out: string;
  readonly folder: boolean;
  readonly shard: Shard;
  readonly settings: Record<string, unknown>;
  /** The shard's units: each one's key and its position in the whole run's order. */
  readonly units: readonly { readonly key: string; readonly position: number }[];
  readonly records: readonly ShardRecord[];
}

/**
 * Writes the shard's manifest before any work, so even a shard that dies at once can be named by
 * merge. A shard resumed in the same folder must be the same shard of the same run.
 */
export async function writeShardManifest(start: ShardStart): Promise<void> {
  const file = manifestPath(start.out, start.folder);
  const manifest: ShardManifest = {
    format: MANIFEST_FORMAT,
    command: start.command,
    shard: shardLabel(start.shard),
    settings: start.settings,
    units: start.units.map((unit) => unit.key),
    positions: start.units.map((unit) => unit.position),
    records: start.records,
    argv: commandArgv(start.command),
    cwd: process.cwd(),
  };
  const earlier = await readFile(file, 'utf8').catch(() => undefined);
  if (earlier !== undefined) {
    let before: ShardManifest;
    try {
      before = parseManifest(earlier, file);
    } catch (error) {
      if (error instanceof ShardError) throw new UsageError(error.message);
      throw error;
    }
    if (
      before.command !== manifest.command ||
      before.shard !== manifest.shard ||
      JSON.stringify(before.settings) !== JSON.stringify(manifest.settings)
    )
      throw new UsageError(
        `${start.out} holds shard ${before.shard} of another run (akkhara ${before.command}, other settings); choose another --out`,
      );
  }
  await replaceFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The arguments after the command's name, as this process got them. */
function commandArgv(command: string): string[] {
  const args = process.argv.slice(2);
  const at = args.indexOf(command);
  return at === -1 ? args : args.slice(at + 1);
}

/** Under --finish-only (merge's last step), work left is an error, not a reason to ask a model. */
export function refuseWorkLeft(options: ShardOptions, left: number, unit: string): void {
  if (options.finishOnly && left > 0)
    throw new UsageError(
      `the merged shards leave ${count(left, unit)} undone; finish those shards first (run their commands again)`,
    );
}
