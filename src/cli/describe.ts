/**
 * `akkhara describe PATHS… --lang my --out FOLDER`: a teacher's Python (files, folders, globs; the
 * ignore files and configuration `lint` follows) described by a model, function by function, in
 * Burmese or Bangla — line comments and three descriptions — into FOLDER/descriptions.jsonl, and
 * each kept description as an instruction for the original code into FOLDER/sft.jsonl. Each
 * function's rows are written whole as it finishes; Ctrl+C keeps them and the same command goes on.
 */
import { mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { courseFiles } from '../core/course/files';
import { CodeTools, CodeToolsError } from '../core/describe/codeTools';
import {
  attemptSampling,
  describeTarget,
  GRANULARITIES,
  targetsOf,
  type DescribeTarget,
  type DescriptionRow,
} from '../core/describe/describe';
import { codeHash, sftRows, targetKey } from '../core/describe/training';
import { replaceFile } from '../core/fileReplace';
import { askWhileBusy, ConcurrencyLimit, gated, inFlight } from '../core/inFlight';
import { GroupWriter, JsonlOutput, jsonlText } from '../core/jsonlOutput';
import type { AnswerLanguage } from '../core/languages';
import { complete, ModelError, serverBusy, type ChatMessage } from '../core/model/types';
import type { OpenedModel } from '../core/tutor/modelChoice';
import {
  roundTrip,
  roundTripMessages,
  roundTripSummary,
  type RoundTripRow,
} from '../core/describe/roundTrip';
import { findPython } from '../core/sandbox/python';
import { parseTasks, type Task } from '../core/eval/formats';
import { canonicalCompletion, programFor } from '../core/eval/programs';
import { createWarmSandboxes, type SandboxSetting, type WarmSandbox } from '../core/sandbox';
import { sharedSandbox } from '../core/sandbox/pool';
import type { Sandbox } from '../core/sandbox/types';
import { readInputFile } from './inputFile';
import { readText } from './lintFile';
import { addModelOptions, createProvider, type ModelOptions } from './modelOptions';
import { pythonOption, sandboxOption } from './sandboxOptions';
import { busyLine, modelStoppedMessage, taskProgress } from './taskProgress';
import { count, numberOption, secondsOption, UsageError } from './usage';
import { positionedShare, unitKey } from '../core/shard';
import {
  contentHashOf,
  finishOnlyOption,
  refuseWorkLeft,
  runSettings,
  shardOf,
  shardOption,
  writeShardManifest,
  type ShardOptions,
} from './shardOptions';

interface DescribeOptions extends ModelOptions, ShardOptions {
  out: string;
  lang: AnswerLanguage;
  retries: string;
  temperature?: string;
  retryTemperature: string;
  maxTokens?: string;
  seed: string;
  concurrency?: string;
  python?: string;
  roundTrip?: boolean;
  tasks?: string;
  sandbox: SandboxSetting;
  runTimeout: string;
}

/** `--tasks`: a task's reference program (what its tests run), by task id, with the task. */
type TaskPrograms = Map<string, { task: Task; program: string }>;

/**
 * The reference solutions of a task file, each split into its functions as a file would be (the
 * task id names the "file"); tasks without a reference are said and skipped.
 */
async function taskTargets(
  file: string,
  tools: CodeTools,
): Promise<{ targets: DescribeTarget[]; programs: TaskPrograms }> {
  const parsed = parseTasks(await readInputFile(file, '--tasks'), file);
  for (const error of parsed.errors)
    process.stderr.write(`akkhara describe: ${file} ${error.where}: ${error.message}\n`);
  const targets: DescribeTarget[] = [];
  const programs: TaskPrograms = new Map();
  for (const task of parsed.items) {
    const reference = canonicalCompletion(task);
    if (reference === undefined) {
      process.stderr.write(`akkhara describe: ${task.taskId} has no reference solution; skipped\n`);
      continue;
    }
    const program = programFor(task, reference).solution;
    try {
      targets.push(...(await targetsOf(task.taskId, program, tools)));
      programs.set(task.taskId, { task, program });
    } catch (error) {
      if (!(error instanceof CodeToolsError)) throw error;
      process.stderr.write(
        `akkhara describe: ${task.taskId}: not Python that parses (${error.message}); skipped\n`,
      );
    }
  }
  return { targets, programs };
}

const SERVER_CONCURRENCY = 16;
/** Requests a function has in flight at once: its line comments and three descriptions. */
const REQUESTS_PER_FUNCTION = 4;

/** The Python files PATHS name, each split into its functions; what cannot be read is said and skipped. */
async function findTargets(paths: readonly string[], tools: CodeTools): Promise<DescribeTarget[]> {
  const targets: DescribeTarget[] = [];
  for await (const walked of courseFiles(paths, { extensions: ['.py'] })) {
    const warn = (why: string) => process.stderr.write(`akkhara describe: ${walked.file}: ${why}; skipped\n`);
    if (walked.skipped) {
      warn(walked.skipped === 'no-such-path' ? 'no such file or folder' : walked.skipped.replace(/-/g, ' '));
      continue;
    }
    let text;
    try {
      text = readText(walked.file);
    } catch (error) {
      warn(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      continue;
    }
    if (typeof text !== 'string') {
      warn(text.skipped.replace(/-/g, ' '));
      continue;
    }
    try {
      targets.push(...(await targetsOf(walked.file, text, tools)));
    } catch (error) {
      if (!(error instanceof CodeToolsError)) throw error;
      warn(`not Python that parses (${error.message})`);
    }
  }
  return targets;
}

/** Targets whose four rows are all in the output already (resuming), by file, function and code. */
function describedAlready(rows: readonly Record<string, unknown>[]): Set<string> {
  const seen = new Map<string, Set<unknown>>();
  for (const row of rows) {
    const key = targetKey(row.file as string, row.function as string | null, row.code_sha256 as string);
    seen.set(key, (seen.get(key) ?? new Set()).add(row.granularity));
  }
  return new Set(
    [...seen].filter(([, granularities]) => granularities.size === GRANULARITIES.length).map(([key]) => key),
  );
}

/** Per granularity: kept, and each reason for a drop. */
function printSummary(
  rows: readonly Record<string, unknown>[],
  sft: number,
  stale: number,
  folder: string,
): void {
  const lines = GRANULARITIES.map((granularity) => {
    const of = rows.filter((row) => row.granularity === granularity);
    const kept = of.filter((row) => typeof row.text === 'string').length;
    const reasons = new Map<string, number>();
    for (const row of of)
      if (typeof row.dropped === 'string') reasons.set(row.dropped, (reasons.get(row.dropped) ?? 0) + 1);
    const dropped = [...reasons].map(([reason, n]) => `${reason} ${n}`).join(', ');
    return `  ${granularity.padEnd(13)} ${kept} of ${of.length} kept${dropped ? ` (dropped: ${dropped})` : ''}`;
  });
  process.stderr.write(
    `akkhara describe:\n${lines.join('\n')}\n  ${count(sft, 'SFT example')} → ${path.join(folder, 'sft.jsonl')}` +
      `${stale ? ` (${count(stale, 'description')} of code changed since or gone left out)` : ''}\n`,
  );
}

async function runDescribe(paths: string[], options: DescribeOptions): Promise<number> {
  const retries = numberOption(options.retries, '--retries', 0, 10, true)!;
  const temperature = numberOption(options.temperature, '--temperature', 0, 2);
  const retryTemperature = numberOption(options.retryTemperature, '--retry-temperature', 0, 2)!;
  const maxTokens = numberOption(options.maxTokens, '--max-tokens', 1, 1_000_000, true);
  const seed = numberOption(options.seed, '--seed', 0, 2 ** 31, true)!;
  const concurrency =
    numberOption(options.concurrency, '--concurrency', 1, 1024, true) ??
    (options.endpoint ? SERVER_CONCURRENCY : 1);
  const folder = options.out;
  const info = await stat(folder).catch(() => undefined);
  if (info && !info.isDirectory()) throw new UsageError(`--out ${folder} is a file; give a folder`);
  await mkdir(folder, { recursive: true });
  // Opened before anything is asked: a folder that cannot be written is said at once.
  const out = await JsonlOutput.open(path.join(folder, 'descriptions.jsonl'));
  const tools = new CodeTools((await findPython(options.python)).executable);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  // The model is opened when first asked: a resumed run with nothing left loads none.
  let opening: Promise<OpenedModel> | undefined;
  const model = () => (opening ??= createProvider(options, options.lang));
  const limit = new ConcurrencyLimit(concurrency);
  // Functions ask their parts at once; the requests in flight stay within --concurrency.
  const gate = gated(limit);
  const ask = async (messages: ChatMessage[], attempt: number) => {
    const { provider } = await model();
    const result = await askWhileBusy(
      () =>
        gate(() =>
          complete(
            provider,
            {
              messages,
              ...attemptSampling(attempt, seed, temperature, retryTemperature),
              ...(maxTokens !== undefined && { maxTokens }),
            },
            controller.signal,
          ),
        ),
      {
        limit,
        busy: serverBusy,
        signal: controller.signal,
        onBusy: (status, now, waitMs) => process.stderr.write(busyLine('describe', status, now, waitMs)),
      },
    );
    return result.texts[0];
  };
  try {
    if (options.tasks && paths.length)
      throw new UsageError('give PATHS (Python files and folders) or --tasks FILE, not both');
    const fromTasks = options.tasks ? await taskTargets(options.tasks, tools) : undefined;
    const found = fromTasks?.targets ?? (await findTargets(paths, tools));
    if (found.length === 0)
      throw new UsageError(`no Python functions found in ${options.tasks ?? (paths.join(' ') || '.')}`);
    const shard = shardOf(options);
    const share = positionedShare(found, shard);
    const targets = share.map(({ item }) => item);
    if (shard)
      await writeShardManifest({
        command: 'describe',
        out: folder,
        folder: true,
        shard,
        settings: {
          ...(await runSettings(options, ['tasks'])),
          // The whole run's functions, each by its file, name and code.
          functions: contentHashOf(
            JSON.stringify(found.map((target) => [target.file, target.name, codeHash(target.code)])),
          ),
        },
        units: share.map(({ item, position }) => ({ key: unitKey([item.file, item.name]), position })),
        records: [
          { file: 'descriptions.jsonl', key: ['file', 'function'] },
          { file: 'roundtrip.jsonl', key: ['file', 'function'] },
        ],
      });
    const done = describedAlready(out.rows);
    const todo = targets.filter(
      (target) => !done.has(targetKey(target.file, target.name, codeHash(target.code))),
    );
    refuseWorkLeft(options, todo.length, 'function');
    if (done.size && !options.finishOnly)
      process.stderr.write(
        `akkhara describe: resuming: ${targets.length - todo.length} of ${count(targets.length, 'function')} already described\n`,
      );
    const written: Record<string, unknown>[] = [...out.rows];
    try {
      if (todo.length) {
        const { label } = await model();
        const progress = taskProgress('describing', 'functions');
        progress.bar?.start(targets.length, targets.length - todo.length);
        const writer = new GroupWriter(out, progress.tasksWritten, stop);
        const context = { language: options.lang, tools, retries, model: label, ask };
        try {
          await inFlight(
            todo,
            limit,
            // A function asks its four granularities at once (and its sections).
            () => REQUESTS_PER_FUNCTION,
            () => controller.signal.aborted,
            async (target) => {
              const rows = await describeTarget(target, context);
              // A function stopped part-way is not written: the same command does it again, whole.
              if (controller.signal.aborted) return;
              const hash = codeHash(target.code);
              const withHash = rows.map((row: DescriptionRow) => ({ ...row, code_sha256: hash }));
              written.push(...withHash);
              writer.push(withHash);
            },
          );
        } finally {
          progress.bar?.stop();
          await writer.drained().catch((error: unknown) => {
            controller.abort();
            throw error;
          });
        }
      }
      if (options.roundTrip && !controller.signal.aborted)
        await runRoundTrip(targets, written, folder, options.lang, {
          ask,
          tools,
          limit,
          signal: controller.signal,
          stop,
          finishOnly: options.finishOnly === true,
          ...(fromTasks && {
            tests: {
              programs: fromTasks.programs,
              sandbox: options.sandbox,
              python: options.python,
              timeoutMs: secondsOption(options.runTimeout, '--run-timeout', 300)! * 1000,
            },
          }),
        });
    } catch (error) {
      controller.abort(); // the rest in flight stop too; what is finished is saved
      if (!(error instanceof ModelError)) throw error;
      process.stderr.write(modelStoppedMessage('describe', error, await model()));
      return 2;
    }
    // The training file is rebuilt whole from every description so far, resumed or not.
    const sft = sftRows(written, targets);
    await replaceFile(path.join(folder, 'sft.jsonl'), jsonlText(sft.rows));
    printSummary(written, sft.rows.length, sft.stale, folder);
    if (controller.signal.aborted) {
      process.stderr.write(
        'akkhara describe: stopped; finished functions are saved; run the same command to go on\n',
      );
      return 130;
    }
    return 0;
  } finally {
    process.removeListener('SIGINT', stop);
    await out.close();
    tools.close();
    (await opening?.catch(() => undefined))?.dispose();
  }
}

interface RoundTripRun {
  readonly ask: (messages: ChatMessage[], attempt: number) => Promise<string>;
  readonly tools: CodeTools;
  readonly limit: ConcurrencyLimit;
  readonly signal: AbortSignal;
  readonly stop: () => void;
  readonly finishOnly: boolean;
  /** `--tasks`: each function written again is also run against its task's tests. */
  readonly tests?: {
    readonly programs: TaskPrograms;
    readonly sandbox: SandboxSetting;
    readonly python?: string;
    readonly timeoutMs: number;
  };
}

/**
 * The task's reference program with the function written again in place of the original (the
 * task's other functions kept), run against the task's tests.
 */
async function passesTaskTests(
  target: DescribeTarget,
  code: string,
  tests: NonNullable<RoundTripRun['tests']>,
  sandbox: Sandbox,
): Promise<boolean | undefined> {
  const of = tests.programs.get(target.file);
  if (!of) return undefined;
  const program = of.program.replace(target.code, () => code);
  const run = await sandbox.run({ ...programFor(of.task, program), limits: { timeoutMs: tests.timeoutMs } });
  return run.passed;
}

/**
 * --round-trip: each function written again from its detailed description, into
 * FOLDER/roundtrip.jsonl (resumed like the descriptions), and how close it came, said at the end.
 */
async function runRoundTrip(
  targets: readonly DescribeTarget[],
  written: readonly Record<string, unknown>[],
  folder: string,
  language: AnswerLanguage,
  run: RoundTripRun,
): Promise<void> {
  const out = await JsonlOutput.open(path.join(folder, 'roundtrip.jsonl'));
  try {
    const keyOf = (row: { file: unknown; function: unknown; code_sha256: unknown }) =>
      targetKey(row.file as string, row.function as string | null, row.code_sha256 as string);
    const detailed = new Map(
      written
        .filter((row) => row.granularity === 'detailed' && typeof row.text === 'string')
        .map((row) => [keyOf(row as never), row.text as string]),
    );
    const originals = new Map(
      targets.map((target) => [targetKey(target.file, target.name, codeHash(target.code)), target.code]),
    );
    const rows = (out.rows as unknown as RoundTripRow[]).filter((row) => originals.has(keyOf(row)));
    const done = new Set(rows.map(keyOf));
    const todo = targets.filter((target) => {
      const key = targetKey(target.file, target.name, codeHash(target.code));
      return detailed.has(key) && !done.has(key);
    });
    refuseWorkLeft({ finishOnly: run.finishOnly }, todo.length, 'round trip');
    const writer = new GroupWriter(out, () => undefined, run.stop);
    // The sandbox only when a function written again is to be run against its task's tests.
    let sandboxes: WarmSandbox[] = [];
    try {
      if (run.tests && todo.length)
        sandboxes = await createWarmSandboxes(run.tests.sandbox, 2, run.tests.python);
      const sandbox = sandboxes.length ? sharedSandbox(sandboxes) : undefined;
      await inFlight(
        todo,
        run.limit,
        () => 1,
        () => run.signal.aborted,
        async (target) => {
          const hash = codeHash(target.code);
          const description = detailed.get(targetKey(target.file, target.name, hash))!;
          const answer = await run.ask(roundTripMessages(description, language), 0);
          if (run.signal.aborted) return;
          const again = await roundTrip(target.code, answer, run.tools);
          const passed = sandbox && (await passesTaskTests(target, again.code, run.tests!, sandbox));
          if (run.signal.aborted) return;
          const row: RoundTripRow = {
            file: target.file,
            function: target.name,
            code_sha256: hash,
            ...again,
            ...(passed !== undefined && { tests_passed: passed }),
          };
          rows.push(row);
          writer.push([row]);
        },
      );
    } finally {
      await writer.drained();
      for (const warm of sandboxes) warm.close();
    }
    const summary = roundTripSummary(rows, originals, keyOf);
    const tested = rows.filter((row) => row.tests_passed !== undefined);
    process.stderr.write(
      `akkhara describe: round trip (code written again from its detailed description): ${summary.parses} of ${count(summary.functions, 'function')} parse; ` +
        (tested.length
          ? `${tested.filter((row) => row.tests_passed).length} of ${tested.length} pass their task's tests; `
          : '') +
        `chrF++ against the original ${summary.corpusChrf.toFixed(1)} (corpus), ${summary.meanChrf.toFixed(1)} (mean) → ${path.join(folder, 'roundtrip.jsonl')}\n`,
    );
  } finally {
    await out.close();
  }
}

export function registerDescribe(program: Command): void {
  const command = program
    .command('describe')
    .description(
      'comment a teacher’s Python line by line and describe each function three ways, in Burmese or Bangla, as SFT data',
    )
    .argument('[paths...]', 'Python files, folders or globs (default: the current folder)')
    .option(
      '--tasks <file>',
      'instead of PATHS: the reference solutions of a task file (HumanEval JSONL, BLP-2025); with --round-trip, each function written again also runs against its task’s tests',
    )
    .requiredOption(
      '--out <folder>',
      'where descriptions.jsonl and sft.jsonl go; an earlier run there is resumed',
    )
    .addOption(
      new Option('--lang <language>', 'the language to write in').choices(['my', 'bn']).makeOptionMandatory(),
    )
    .option('--retries <n>', 'ask again this many times when an answer fails the checks', '2')
    .option('--temperature <t>', 'sampling temperature of the first answer, 0 to 2')
    .option(
      '--retry-temperature <t>',
      'the least temperature of a retry (the same answer again is no use)',
      '0.7',
    )
    .option('--max-tokens <n>', 'longest answer, in tokens')
    .option('--seed <n>', 'sampling seed (a retry uses seed + its number)', '0')
    .option(
      '--concurrency <n>',
      `requests in flight, about ${REQUESTS_PER_FUNCTION} per function (default: ${SERVER_CONCURRENCY} for a server, 1 for a local model)`,
    )
    .option(
      '--round-trip',
      'also write each function again from its detailed description and compare it with the original (parses, chrF++): roundtrip.jsonl',
    )
    .addOption(pythonOption())
    .addOption(sandboxOption())
    .option('--run-timeout <seconds>', 'with --tasks --round-trip: wall-clock limit per program', '10')
    .addOption(shardOption())
    .addOption(finishOnlyOption());
  addModelOptions(command).action(async (paths: string[], options: DescribeOptions) => {
    try {
      process.exitCode = await runDescribe(paths, options);
    } catch (error) {
      process.stderr.write(`akkhara describe: ${(error as Error).message}\n`);
      process.exitCode = 2;
    }
  });
}
