/**
 * `akkhara generate --tasks FILE --n N --out completions.jsonl`: N answers per benchmark task from a
 * local GGUF or a server, written as `{task_id, completion}` lines that `akkhara eval` reads.
 * Each task's lines are flushed to disk when the task is done, so an interrupted run loses at most
 * the task in flight; the same command resumes it (a torn last line is dropped first).
 */
import { Command, Option } from 'commander';
import { parseTasks } from '../core/eval/formats';
import { askWhileBusy, ConcurrencyLimit, inFlight } from '../core/inFlight';
import { GroupWriter, JsonlOutput } from '../core/jsonlOutput';
import type { AnswerLanguageSetting } from '../core/languages';
import { questionMessages, taskQuestion, taskTests, type PreparedQuestion } from '../core/tutor/prompt';
import { programFor } from '../core/eval/programs';
import type { Task } from '../core/eval/formats';
import type { UiLanguage } from '../core/languages';
import { createWarmSandboxes, type SandboxSetting } from '../core/sandbox';
import { sharedSandbox } from '../core/sandbox/pool';
import type { Sandbox } from '../core/sandbox/types';
import type { Conversation } from '../core/tutor/conversation';
import type { OpenedModel } from '../core/tutor/modelChoice';
import { repairAnswer } from '../core/tutor/repair';
import { pythonOption, sandboxOption } from './sandboxOptions';
import { complete, keepCutOff, ModelError, serverBusy } from '../core/model/types';
import { cliUiLanguage } from './lint';
import { addModelOptions, createProvider, type ModelOptions } from './modelOptions';
import { busyLine, modelStoppedMessage, taskProgress } from './taskProgress';
import { count, numberOption, UsageError } from './usage';
import { readInputFile } from './inputFile';
import { positionedShare, unitKey } from '../core/shard';
import {
  finishOnlyOption,
  refuseWorkLeft,
  runSettings,
  shardOf,
  shardOption,
  writeShardManifest,
  type ShardOptions,
} from './shardOptions';

interface GenerateOptions extends ModelOptions, ShardOptions {
  tasks: string;
  n: string;
  out: string;
  lang: AnswerLanguageSetting;
  temperature?: string;
  maxTokens?: string;
  seed: string;
  repair: string;
  showTests?: boolean;
  sandbox: SandboxSetting;
  python?: string;
  concurrency?: string;
}

/** Requests in flight by default: a server batches many; a local model answers one at a time. */
const SERVER_CONCURRENCY = 16;

/** Samples already written per task (resuming). */
function samplesDone(output: JsonlOutput): Map<string, number> {
  const done = new Map<string, number>();
  for (const row of output.rows)
    if (typeof row.task_id === 'string') done.set(row.task_id, (done.get(row.task_id) ?? 0) + 1);
  return done;
}

interface RepairContext {
  readonly opened: OpenedModel;
  readonly sandbox: Sandbox;
  readonly rounds: number;
  readonly signal: AbortSignal;
  readonly uiLanguage: UiLanguage;
  readonly temperature?: number;
  readonly maxTokens?: number;
}

/**
 * Each answer run against the task's tests and, when it fails, repaired with the failures (the
 * tests themselves shown, as BLP-2025's winners fed them back). The row keeps the first answer and
 * the rounds, so `akkhara eval` can score before and after repair side by side.
 */
async function repairedRows(
  task: Task,
  question: PreparedQuestion,
  texts: readonly string[],
  context: RepairContext,
) {
  const run = async (text: string) => {
    const request = programFor(task, text);
    return { code: request.solution, run: await context.sandbox.run(request) };
  };
  const rows = [];
  for (const text of texts) {
    const conversation: Conversation = {
      language: question.language,
      turns: [{ question: question.text, attachments: [], answer: text }],
    };
    const first = await run(text);
    const repaired = await repairAnswer(
      context.opened,
      conversation,
      question.language,
      { text, ...first },
      {
        rounds: context.rounds,
        uiLanguage: context.uiLanguage,
        signal: context.signal,
        tests: taskTests(task),
        runAnswer: run,
        ...(context.temperature !== undefined && { temperature: context.temperature }),
        ...(context.maxTokens !== undefined && { maxTokens: context.maxTokens }),
      },
    );
    rows.push({
      task_id: task.taskId,
      completion: repaired.final.text,
      ...(repaired.rounds.length > 0 && { first_completion: text }),
      repair: {
        rounds: repaired.rounds.length,
        stop: repaired.stop,
        first_passed: first.run.passed,
        ...(repaired.rounds.some((round) => round.error) && { error: repaired.rounds.at(-1)!.error!.kind }),
      },
    });
  }
  return rows;
}

async function runGenerate(options: GenerateOptions): Promise<number> {
  const n = numberOption(options.n, '--n', 1, 1000, true)!;
  const temperature = numberOption(options.temperature, '--temperature', 0, 2);
  const maxTokens = numberOption(options.maxTokens, '--max-tokens', 1, 1_000_000, true);
  const seed = numberOption(options.seed, '--seed', 0, 2 ** 31, true)!;
  const repairRounds = numberOption(options.repair, '--repair', 0, 10, true)!;
  const concurrency =
    numberOption(options.concurrency, '--concurrency', 1, 1024, true) ??
    (options.endpoint ? SERVER_CONCURRENCY : 1);
  const showTests = options.showTests === true;
  const parsed = parseTasks(await readInputFile(options.tasks, '--tasks'), options.tasks);
  for (const error of parsed.errors)
    process.stderr.write(`akkhara generate: ${options.tasks} ${error.where}: ${error.message}\n`);
  if (parsed.items.length === 0) throw new UsageError(`no tasks in ${options.tasks}`);
  const shard = shardOf(options);
  const share = positionedShare(parsed.items, shard);
  const tasks = share.map(({ item }) => item);
  // Opened before the model loads: a path that cannot be written is said at once.
  const out = await JsonlOutput.open(options.out);
  if (out.droppedTornLine)
    process.stderr.write(
      `akkhara generate: ${options.out}: dropped a torn last line from an interrupted run\n`,
    );
  if (shard)
    await writeShardManifest({
      command: 'generate',
      out: options.out,
      folder: false,
      shard,
      settings: await runSettings(options, ['tasks']),
      units: share.map(({ item, position }) => ({
        key: unitKey([item.taskId]),
        position,
      })),
      records: [{ file: '', key: ['task_id'] }],
    }).catch(async (error: unknown) => {
      await out.close();
      throw error;
    });
  const done = samplesDone(out);
  const todo = tasks.filter((task) => (done.get(task.taskId) ?? 0) < n);
  if (done.size && !options.finishOnly)
    process.stderr.write(
      `akkhara generate: resuming: ${tasks.length - todo.length} of ${count(tasks.length, 'task')} already ${tasks.length - todo.length === 1 ? 'has' : 'have'} ${count(n, 'sample')}\n`,
    );
  try {
    refuseWorkLeft(options, todo.length, 'task');
  } catch (error) {
    await out.close();
    throw error;
  }
  if (todo.length === 0) {
    await out.close();
    if (options.finishOnly)
      process.stdout.write(
        `akkhara generate: ${count(tasks.length, 'task')}, ${count(out.rows.length, 'answer')} → ${options.out}\n`,
      );
    return 0;
  }

  // The sandbox before the model: a machine that cannot run the tests says so before any answer is asked.
  const sandbox =
    repairRounds > 0
      ? await createWarmSandboxes(options.sandbox, 1, options.python)
          .then(([warm]) => warm)
          .catch(async (error: unknown) => {
            await out.close();
            throw error;
          })
      : undefined;
  // One provider for the run: the local model loads once. Its language bias follows the first task.
  const first = taskQuestion(todo[0], options.lang, { showTests });
  const opened = await createProvider(options, first.language).catch(async (error: unknown) => {
    sandbox?.close();
    await out.close();
    throw error;
  });
  const { provider, dispose } = opened;
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  // Lowered while the server says it is busy (429, 503), grown back as it answers.
  const limit = new ConcurrencyLimit(concurrency);
  const progress = taskProgress('generating');
  const { bar } = progress;
  bar?.start(tasks.length, tasks.length - todo.length, { speed: 0 });
  const turnSandbox = sandbox && sharedSandbox([sandbox]);
  const writer = new GroupWriter(
    out,
    progress.tasksWritten,
    () => controller.abort(), // the disk failed: asking for more answers would only lose them
  );
  const generateTask = async (task: Task): Promise<void> => {
    const already = done.get(task.taskId) ?? 0;
    const question = taskQuestion(task, options.lang, { showTests });
    const ask = () =>
      complete(
        provider,
        {
          messages: questionMessages(question),
          samples: n - already,
          seed: seed + already,
          ...(temperature !== undefined && { temperature }),
          ...(maxTokens !== undefined && { maxTokens }),
        },
        controller.signal,
        (event) => {
          if (event.type === 'usage') progress.addTokens(event.completionTokens);
        },
      ).catch((error: unknown) => keepCutOff(error, n - already));
    const result = await askWhileBusy(ask, {
      limit,
      busy: serverBusy,
      signal: controller.signal,
      onBusy: (status, now, waitMs) => process.stderr.write(busyLine('generate', status, now, waitMs)),
    });
    if (controller.signal.aborted) return;
    const rows = turnSandbox
      ? await repairedRows(task, question, result.texts, {
          opened,
          sandbox: turnSandbox,
          rounds: repairRounds,
          signal: controller.signal,
          uiLanguage: cliUiLanguage(),
          ...(temperature !== undefined && { temperature }),
          ...(maxTokens !== undefined && { maxTokens }),
        })
      : result.texts.map((completion, i) => ({
          task_id: task.taskId,
          completion,
          // Whether the answer ended by itself: `length` (cut at --max-tokens) and `timeout` (at
          // --answer-timeout) are kept but marked, so a reader can leave them out.
          finish_reason: result.finishReasons[i],
        }));
    // A task whose repair was stopped is not written: the same command does it again, whole.
    if (controller.signal.aborted) return;
    writer.push(rows);
  };
  try {
    // Up to `concurrency` requests in flight across tasks (a task's samples are parallel requests);
    // tasks are written as they finish, so the file's order may differ from the tasks'.
    await inFlight(
      todo,
      limit,
      (task) => n - (done.get(task.taskId) ?? 0),
      () => controller.signal.aborted,
      (task) =>
        generateTask(task).catch((error: unknown) => {
          controller.abort(); // a failed model stops the tasks in flight too; finished ones are saved
          throw error;
        }),
    );
    await writer.drained();
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    controller.abort(); // the other tasks in flight stop too; what is finished is saved
    bar?.stop();
    process.stderr.write(modelStoppedMessage('generate', error, opened));
    return 2;
  } finally {
    bar?.stop();
    process.removeListener('SIGINT', stop);
    await writer.drained().catch(() => undefined);
    await out.close();
    sandbox?.close();
    dispose();
  }
  if (controller.signal.aborted) {
    process.stderr.write(
      'akkhara generate: stopped; finished tasks are saved; run the same command to go on\n',
    );
    return 130;
  }
  return 0;
}

export function registerGenerate(program: Command): void {
  const command = program
    .command('generate')
    .description('generate N answers per benchmark task with a model, as completions for akkhara eval')
    .requiredOption('--tasks <file>', 'HumanEval/mHumanEval JSONL, or BLP-2025 CSV/JSON')
    .option('--n <n>', 'answers per task', '1')
    .requiredOption('--out <file>', 'completions, one JSON line per answer; an existing file is resumed')
    .addOption(
      new Option('--lang <language>', 'answer language (auto: each task’s script)')
        .choices(['my', 'bn', 'auto'])
        .default('auto'),
    )
    .option('--temperature <t>', 'sampling temperature, 0 to 2')
    .option('--max-tokens <n>', 'longest answer, in tokens')
    .option('--seed <n>', 'sampling seed (answer i of a task uses seed + i)', '0')
    .option(
      '--repair <rounds>',
      'run each answer against the task’s tests and, when it fails, ask again with the failures, up to this many rounds',
      '0',
    )
    .option('--show-tests', 'put the task’s tests in the prompt (BLP-2025’s “tests given” track)')
    .option(
      '--concurrency <n>',
      `requests in flight across tasks (default: ${SERVER_CONCURRENCY} for a server, 1 for a local model)`,
    )
    .addOption(sandboxOption())
    .addOption(pythonOption())
    .addOption(shardOption())
    .addOption(finishOnlyOption());
  addModelOptions(command).action(async (options: GenerateOptions) => {
    try {
      process.exitCode = await runGenerate(options);
    } catch (error) {
      process.stderr.write(`akkhara generate: ${(error as Error).message}\n`);
      process.exitCode = 2;
    }
  });
}
