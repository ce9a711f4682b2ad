/**
 * `akkhara merge SHARD… --out TARGET`: the outputs of one run's shards (`--shard i/n` of generate,
 * eval, judge, mine, describe or synth) combined into the output that run would have written
 * unsharded. Shards of different runs, settings or sizes are refused, missing, duplicated or
 * unfinished work is named, and nothing is written then. Once merged, the command itself finishes
 * the run on TARGET (`--finish-only`): it rebuilds the summary and the derived files (training
 * data, reports) from the merged record, exactly as an unsharded run ends, and asks no model.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Command } from 'commander';
import { replaceFile } from '../core/fileReplace';
import {
  argvWithout,
  checkShardSet,
  mergeRecord,
  parseManifest,
  ShardError,
  type ShardManifest,
  type ShardSet,
} from '../core/shard';
import { manifestPath } from './shardOptions';
import { count, UsageError } from './usage';

interface MergeOptions {
  out: string;
}

interface GivenShard {
  readonly manifest: ShardManifest;
  /** The shard's --out as given to merge. */
  readonly source: string;
  readonly folder: boolean;
}

async function readShard(source: string): Promise<GivenShard> {
  const info = await stat(source).catch(() => undefined);
  if (!info) throw new UsageError(`${source} does not exist`);
  const folder = info.isDirectory();
  const file = manifestPath(source, folder);
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`${source} is not a shard's output: no ${file} (was it run with --shard i/n?)`);
  });
  try {
    return { manifest: parseManifest(text, file), source, folder };
  } catch (error) {
    if (error instanceof ShardError) throw new UsageError(error.message);
    throw error;
  }
}

/** A shard's record lines, a torn last line (a shard killed mid-write) left out as its resume would. */
async function recordLines(shard: GivenShard, file: string): Promise<string[]> {
  const where = file ? path.join(shard.source, file) : shard.source;
  const text = await readFile(where, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw new UsageError(`cannot read ${where}: ${error.message}`);
  });
  const lines = text.split('\n');
  lines.pop(); // after the last newline: empty, or a torn line
  return lines.filter((line) => line.trim());
}

async function refuseExisting(target: string, folder: boolean): Promise<void> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return;
  if (folder && info.isDirectory() && (await readdir(target)).length === 0) return;
  throw new UsageError(
    `${target} exists; merge writes a new ${folder ? 'folder' : 'file'} (choose another --out)`,
  );
}

async function runMerge(sources: readonly string[], options: MergeOptions): Promise<number> {
  const given = await Promise.all(sources.map(readShard));
  let set: ShardSet;
  try {
    set = checkShardSet(given);
  } catch (error) {
    if (error instanceof ShardError)
      throw new UsageError(`these are not the shards of one run:\n${error.message}`);
    throw error;
  }
  const shards = set.byIndex as readonly GivenShard[];
  const folder = shards[0].folder;
  await refuseExisting(options.out, folder);
  // Every record merged in memory first: a problem anywhere means nothing is written.
  const merged: { file: string; lines: string[] }[] = [];
  for (const [position, record] of shards[0].manifest.records.entries()) {
    const lines = await Promise.all(shards.map((shard) => recordLines(shard, record.file)));
    try {
      merged.push({
        file: record.file,
        lines: mergeRecord(
          set,
          record,
          (index) => lines[index],
          (index) => (record.file ? path.join(shards[index].source, record.file) : shards[index].source),
          // The first record names every unit; the others (a judge's tie-breaks) may skip some.
          { complete: position === 0 },
        ),
      });
    } catch (error) {
      if (error instanceof ShardError) throw new UsageError(`cannot merge:\n${error.message}`);
      throw error;
    }
  }
  if (folder) await mkdir(options.out, { recursive: true });
  for (const [position, { file, lines }] of merged.entries()) {
    // A record a run writes only sometimes (mine's judged.jsonl, with --judge) is left out when empty.
    if (position > 0 && lines.length === 0) continue;
    await replaceFile(
      file ? path.join(options.out, file) : options.out,
      lines.map((line) => `${line}\n`).join(''),
    );
  }
  const units = shards.reduce((sum, shard) => sum + shard.manifest.units.length, 0);
  process.stderr.write(
    `akkhara merge: ${count(set.count, 'shard')} of akkhara ${set.command}, ${count(units, 'unit')} → ${options.out}\n`,
  );
  return finish(shards[0].manifest, path.resolve(options.out));
}

/** The shards' own command, on the merged output, as an unsharded run ends. */
function finish(manifest: ShardManifest, target: string): Promise<number> {
  const args = [
    ...process.execArgv,
    process.argv[1],
    manifest.command,
    // No model is asked: the variables naming API keys may be unset where merge runs.
    ...argvWithout(manifest.argv, ['--shard', '--out', '--api-key-env', '--judge-key-env']),
    '--out',
    target,
    '--finish-only',
  ];
  // Relative paths in the shards' arguments meant their folder; where that is not here, this one.
  const cwd = existsSync(manifest.cwd) ? manifest.cwd : process.cwd();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, stdio: 'inherit' });
    child.on('error', () => resolve(2));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 2)));
  });
}

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('combine the outputs of one run’s shards (--shard i/n) into one output and one summary')
    .argument('<shards...>', 'each shard’s --out (a file, or a folder for mine, describe and synth)')
    .requiredOption('--out <path>', 'the merged output: a new file, or a new folder')
    .action(async (sources: string[], options: MergeOptions) => {
      try {
        process.exitCode = await runMerge(sources, options);
      } catch (error) {
        process.stderr.write(`akkhara merge: ${(error as Error).message}\n`);
        process.exitCode = error instanceof UsageError ? 2 : 1;
      }
    });
}
