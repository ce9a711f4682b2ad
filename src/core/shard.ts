/**
 * Runs that span machines: `--shard i/n` gives a job array's member a deterministic share of the
 * work (every n-th unit from the i-th, so shares differ by at most one), and the shard's manifest
 * beside its output says what it was asked to do, so `akkhara merge` can refuse shards of different
 * runs and name what is missing. i counts from 0, as Slurm's SLURM_ARRAY_TASK_ID (with --array=0-3)
 * and Kubernetes' JOB_COMPLETION_INDEX do.
 */
import { isDeepStrictEqual } from 'node:util';

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export class ShardError extends Error {}

/** The most shards one run may be split into: far beyond any job array a course needs. */
export const MAX_SHARDS = 10_000;

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match)
    throw new ShardError(
      `--shard takes i/n (this job's number, counted from 0, and how many), not "${text}"`,
    );
  const [index, count] = [Number(match[1]), Number(match[2])];
  if (count < 1 || count > MAX_SHARDS) throw new ShardError(`--shard ${text}: n must be 1 to ${MAX_SHARDS}`);
  if (index >= count)
    throw new ShardError(`--shard ${text}: i counts from 0, so it must be below n (0 to ${count - 1})`);
  return { index, count };
}

export const shardLabel = (shard: Shard): string => `${shard.index}/${shard.count}`;

/** A JSONL record a command keeps in its output, and the row fields that name a row's unit. */
export interface ShardRecord {
  /** Relative to the output folder; '' when the output is the record file itself. */
  readonly file: string;
  readonly key: readonly string[];
}

export const MANIFEST_FORMAT = 'akkhara-shard/1';

export interface ShardManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly command: string;
  readonly shard: string;
  /** Akkhara's version and every option that changes the output; inputs by their content's hash. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** This shard's units, as `unitKey` writes them, and where each stands in the whole run's order. */
  readonly units: readonly string[];
  readonly positions: readonly number[];
  readonly records: readonly ShardRecord[];
  /** The command's own arguments, for `akkhara merge` to finish the merged run as one run would. */
  readonly argv: readonly string[];
  readonly cwd: string;
}

/** A unit's name from a record row's key fields (JSON, so no separator can be forged). */
export const unitKey = (values: readonly unknown[]): string => JSON.stringify(values);

export const rowUnit = (row: Record<string, unknown>, key: readonly string[]): string =>
  unitKey(key.map((field) => row[field] ?? null));

/** The manifest read back, or why it cannot be one. */
export function parseManifest(text: string, where: string): ShardManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ShardError(`${where} is not a shard manifest (not JSON)`);
  }
  const m = value as Partial<ShardManifest> | null;
  if (
    !m ||
    m.format !== MANIFEST_FORMAT ||
    typeof m.command !== 'string' ||
    typeof m.shard !== 'string' ||
    typeof m.settings !== 'object' ||
    !Array.isArray(m.units) ||
    !Array.isArray(m.positions) ||
    m.positions.length !== m.units.length ||
    !Array.isArray(m.records) ||
    !Array.isArray(m.argv) ||
    typeof m.cwd !== 'string'
  )
    throw new ShardError(`${where} is not a shard manifest of this version of Akkhara (${MANIFEST_FORMAT})`);
  parseShard(m.shard);
  return m as ShardManifest;
}

export interface ShardSet {
  readonly command: string;
  readonly count: number;
  /** By shard index. */
  readonly byIndex: readonly { readonly manifest: ShardManifest; readonly source: string }[];
}

/**
 * The shards of one run, or every reason they are not: different commands, counts or settings,
 * a shard given twice, shards missing.
 */
export function checkShardSet(shards: readonly { manifest: ShardManifest; source: string }[]): ShardSet {
  if (shards.length === 0) throw new ShardError('no shards given');
  const [first] = shards;
  const problems: string[] = [];
  const count = parseShard(first.manifest.shard).count;
  const byIndex: (ShardSet['byIndex'][number] | undefined)[] = Array.from({ length: count });
  for (const shard of shards) {
    const { manifest, source } = shard;
    if (manifest.command !== first.manifest.command) {
      problems.push(
        `${source} is from akkhara ${manifest.command}, ${first.source} from ${first.manifest.command}`,
      );
      continue;
    }
    const { index, count: itsCount } = parseShard(manifest.shard);
    if (itsCount !== count) {
      problems.push(
        `${source} is shard ${manifest.shard}, ${first.source} shard ${first.manifest.shard}: one run has one n`,
      );
      continue;
    }
    for (const setting of differingSettings(first.manifest.settings, manifest.settings))
      problems.push(
        `${source} ran with ${setting} ${show(manifest.settings[setting])}, ${first.source} with ${show(first.manifest.settings[setting])}`,
      );
    const earlier = byIndex[index];
    if (earlier) problems.push(`shard ${manifest.shard} is given twice: ${earlier.source} and ${source}`);
    else byIndex[index] = shard;
  }
  const missing = byIndex.flatMap((shard, index) => (shard ? [] : [`${index}/${count}`]));
  if (missing.length)
    problems.push(`missing ${missing.length === 1 ? 'shard' : 'shards'} ${missing.join(', ')}`);
  if (problems.length) throw new ShardError(problems.join('\n'));
  return { command: first.manifest.command, count, byIndex: byIndex as ShardSet['byIndex'] };
}

function differingSettings(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
): string[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return names.filter((name) => !isDeepStrictEqual(a[name], b[name]));
}

const show = (value: unknown): string => (value === undefined ? '(not given)' : JSON.stringify(value));

/** One record's lines from every shard, in the whole run's order, and what does not belong. */
export function mergeRecord(
  set: ShardSet,
  record: ShardRecord,
  linesOf: (shardIndex: number) => readonly string[],
  where: (shardIndex: number) => string,
  { complete }: { complete: boolean },
): string[] {
  const problems: string[] = [];
  const rowsByUnit = new Map<string, string[]>();
  const owner = new Map<string, number>();
  for (const [index, { manifest }] of set.byIndex.entries()) {
    for (const unit of manifest.units) owner.set(unit, index);
  }
  for (const index of set.byIndex.keys()) {
    const seen = new Set<string>();
    for (const [number, line] of linesOf(index).entries()) {
      let row: Record<string, unknown>;
      try {
        row = JSON.parse(line) as Record<string, unknown>;
      } catch {
        problems.push(`${where(index)} line ${number + 1} is not JSON`);
        continue;
      }
      const unit = rowUnit(row, record.key);
      const belongs = owner.get(unit);
      if (belongs === undefined)
        problems.push(`${where(index)} line ${number + 1}: ${unit} is in no shard's share`);
      else if (belongs !== index)
        problems.push(
          `${where(index)} line ${number + 1}: ${unit} is shard ${belongs}/${set.count}'s (duplicated)`,
        );
      else {
        seen.add(unit);
        const rows = rowsByUnit.get(unit) ?? [];
        rows.push(line);
        rowsByUnit.set(unit, rows);
      }
    }
    if (complete) {
      const missing = set.byIndex[index].manifest.units.filter((unit) => !seen.has(unit));
      if (missing.length)
        problems.push(
          `${where(index)} is unfinished: ${missing.length} of ${set.byIndex[index].manifest.units.length} have no output (${missing
            .slice(0, 3)
            .join(', ')}${missing.length > 3 ? ', …' : ''}); run that shard's command again to finish it`,
        );
    }
  }
  if (problems.length) throw new ShardError(problems.join('\n'));
  return wholeRunOrder(set).flatMap((unit) => rowsByUnit.get(unit) ?? []);
}

/** Every unit in the unsharded run's order. */
export function wholeRunOrder(set: ShardSet): string[] {
  return set.byIndex
    .flatMap(({ manifest }) => manifest.units.map((unit, j) => ({ unit, position: manifest.positions[j] })))
    .sort((a, b) => a.position - b.position)
    .map(({ unit }) => unit);
}

/** This shard's share of `items` with each one's position in the whole run (all of them unsharded). */
export function positionedShare<T>(
  items: readonly T[],
  shard: Shard | undefined,
): { item: T; position: number }[] {
  return items
    .map((item, position) => ({ item, position }))
    .filter(({ position }) => !shard || position % shard.count === shard.index);
}

/** The command's arguments without this shard's own: what the merged run is finished with. */
export function argvWithout(argv: readonly string[], options: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (options.includes(arg)) i++;
    else if (!options.some((option) => arg.startsWith(`${option}=`))) kept.push(arg);
  }
  return kept;
}
