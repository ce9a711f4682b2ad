/**
 * `akkhara mine --tasks FILE --k K [--rounds R] (--endpoint URL | --model NAME) --out DIR`:
 * reward-selective mining. K answers per task, each run against the task's tests in the sandbox;
 * the clean winners become supervised examples and preference pairs. DIR gets samples.jsonl (every
 * sample and its verdict, written a whole task at a time, what a rerun resumes from), sft.jsonl,
 * dpo.jsonl, and summary.md / summary.html.
 */
import { mkdir, stat } from 'node:fs/promises';
import { replaceFile } from '../core/fileReplace';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { parseTasks, type Task } from '../core/eval/formats';
import { PAIR_FORMATS, type PairFormat } from '../core/feedback/export';
import { GroupWriter, JsonlOutput, jsonlText } from '../core/jsonlOutput';
import type { AnswerLanguageSetting } from '../core/languages';
import { hasTests } from '../core/eval/programs';
import { mineTasks, tasksLeft, type MiningSettings } from '../core/mine/mine';
import { sampleFromRow, sampleRow } from '../core/mine/samples';
import { judgeWinners, sampleKey } from '../core/mine/judgeWinners';
import type { MinedSample } from '../core/mine/select';
import { miningHtml, miningMarkdown, summarizeMining, type MiningSummary } from '../core/mine/summary';
import { trainingRows } from '../core/mine/training';
import { ModelError } from '../core/model/types';
import { createWarmSandboxes, type SandboxSetting } from '../core/sandbox';
import { sharedSandbox } from '../core/sandbox/pool';
import { taskLanguage, taskQuestion } from '../core/tutor/prompt';
import { isolationNotes } from '../core/tutor/runMessages';
import { addModelOptions, createProvider, type ModelOptions } from './modelOptions';
import { pythonOption, sandboxOption } from './sandboxOptions';
import { createJudges, parseJudge } from './judge';
import { busyLine, modelStoppedMessage, taskProgress } from './taskProgress';
import { count, numberOption, secondsOption, UsageError } from './usage';
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

interface MineOptions extends ModelOptions, ShardOptions {
  tasks: string;
  k: string;
  rounds: string;
  keep: string;
  delta: string;
  out: string;
  lang: AnswerLanguageSetting;
  temperature: string;
  maxTokens?: string;
  seed: string;
  showTests?: boolean;
  concurrency?: string;
  jobs: string;
  runTimeout: string;
  pairFormat: PairFormat;
  judge?: string;
  judgeKeyEnv?: string;
  sandbox: SandboxSetting;
  python?: string;
  json?: boolean;
}

const SERVER_CONCURRENCY = 16;

/** The samples an earlier run recorded, by task; a file of other tasks is refused, not mixed in. */
function recordedSamples(out: JsonlOutput, tasks: readonly Task[]): Map<string, MinedSample[]> {
  const known = new Set(tasks.map((task) => task.taskId));
  const byTask = new Map<string, MinedSample[]>();
  out.rows.forEach((row, index) => {
    const sample = sampleFromRow(row);
    if (typeof sample === 'string')
      throw new UsageError(
        `${out.file} line ${index + 1} is not a mined sample (${sample}); choose another --out`,
      );
    if (!known.has(sample.taskId))
      throw new UsageError(
        `${out.file} holds samples of a task that is not in these tasks (${sample.taskId}); choose another --out`,
      );
    const mined = byTask.get(sample.taskId) ?? [];
    mined.push(sample);
    byTask.set(sample.taskId, mined);
  });
  return byTask;
}

function printSummary(summary: MiningSummary, dir: string): void {
  const solved = summary.solvedByRound.at(-1) ?? 0;
  const lines = [
    `${count(summary.tasks.length, 'task')} mined, ${count(summary.samples, 'sample')}, ${count(summary.winners, 'winner')}; ${solved} ${solved === 1 ? 'task has' : 'tasks have'} a winner`,
    ...summary.passAtK
      .map((value, i) => `  pass@${i + 1}: ${(value * 100).toFixed(1)}%`)
      .filter((_, i, all) => i === 0 || i === all.length - 1),
    `  ${count(summary.sft, 'SFT example')}, ${count(summary.dpo, 'DPO pair')} → ${path.join(dir, 'sft.jsonl')}, ${path.join(dir, 'dpo.jsonl')}`,
    `  summary: ${path.join(dir, 'summary.md')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function runMine(options: MineOptions): Promise<number> {
  const settings: MiningSettings = {
    k: numberOption(options.k, '--k', 1, 1000, true)!,
    rounds: numberOption(options.rounds, '--rounds', 1, 100, true)!,
    seed: numberOption(options.seed, '--seed', 0, 2 ** 31, true)!,
    temperature: numberOption(options.temperature, '--temperature', 0, 2)!,
    ...(options.maxTokens !== undefined && {
      maxTokens: numberOption(options.maxTokens, '--max-tokens', 1, 1_000_000, true)!,
    }),
    lang: options.lang,
    showTests: options.showTests === true,
    concurrency:
      numberOption(options.concurrency, '--concurrency', 1, 1024, true) ??
      (options.endpoint ? SERVER_CONCURRENCY : 1),
    timeoutMs: secondsOption(options.runTimeout, '--run-timeout', 300)! * 1000,
  };
  const keep = numberOption(options.keep, '--keep', 1, 1000, true)!;
  const delta = numberOption(options.delta, '--delta', 0.0001, 0.5)!;
  const jobs = numberOption(options.jobs, '--jobs', 1, 64, true)!;

  const parsed = parseTasks(await readInputFile(options.tasks, '--tasks'), options.tasks);
  for (const error of parsed.errors)
    process.stderr.write(`akkhara mine: ${options.tasks} ${error.where}: ${error.message}\n`);
  const withTests = parsed.items.filter(hasTests);
  const withoutTests = parsed.items.length - withTests.length;
  const shard = shardOf(options);
  const share = positionedShare(withTests, shard);
  const tasks = share.map(({ item }) => item);
  if (withoutTests)
    process.stderr.write(
      `akkhara mine: ${count(withoutTests, 'task')} without tests left out (nothing can tell a winner)\n`,
    );
  if (withTests.length === 0) throw new UsageError(`no task with tests in ${options.tasks}`);

  // The folder and the record are opened before anything runs: a path that cannot be written is
  // said at once, and what an interrupted run recorded is kept and not asked again.
  if ((await stat(options.out).catch(() => undefined))?.isFile())
    throw new UsageError(`${options.out} is a file; --out names a folder for the mined data`);
  await mkdir(options.out, { recursive: true });
  const out = await JsonlOutput.open(path.join(options.out, 'samples.jsonl'));
  try {
    if (shard)
      await writeShardManifest({
        command: 'mine',
        out: options.out,
        folder: true,
        shard,
        settings: await runSettings(options, ['tasks']),
        units: share.map(({ item, position }) => ({ key: unitKey([item.taskId]), position })),
        records: [
          { file: 'samples.jsonl', key: ['task_id'] },
          { file: 'judged.jsonl', key: ['task_id'] },
        ],
      });
    if (out.droppedTornLine)
      process.stderr.write(`akkhara mine: ${out.file}: dropped a torn last line from an interrupted run\n`);
    const samples = recordedSamples(out, tasks);
    if (samples.size && !options.finishOnly)
      process.stderr.write(
        `akkhara mine: resuming: ${count(out.rows.length, 'sample')} recorded before (${out.file})\n`,
      );
    const left = tasksLeft(tasks, samples, settings);
    refuseWorkLeft(options, left, 'task');
    // A finished run, resumed, rebuilds its files without the model or the sandbox.
    let result = left ? await mineInto(out, tasks, samples, settings, options, jobs) : 0;
    const judged = options.judge && result === 0 ? await judgeInto(tasks, samples, keep, options) : undefined;
    if (judged?.stopped) result = 130;
    const byId = new Map(tasks.map((task) => [task.taskId, task]));
    const judgedScore =
      judged && ((sample: MinedSample) => judged.scores.get(sampleKey(sample)) ?? undefined);
    const summary = summarizeMining(
      samples,
      {
        k: settings.k,
        rounds: settings.rounds,
        delta,
        perTaskLimit: keep,
        withoutTests,
      },
      (taskId) => {
        const task = byId.get(taskId);
        return task && (settings.lang === 'auto' ? taskLanguage(task) : settings.lang);
      },
      judgedScore,
    );
    const training = trainingRows(tasks, samples, {
      perTask: keep,
      lang: settings.lang,
      showTests: settings.showTests,
      pairFormat: options.pairFormat,
      ...(judgedScore && { judged: judgedScore }),
    });
    const title = `Akkhara mine: ${path.basename(options.tasks)}`;
    await replaceFile(path.join(options.out, 'sft.jsonl'), jsonlText(training.sft));
    await replaceFile(path.join(options.out, 'dpo.jsonl'), jsonlText(training.dpo));
    await replaceFile(path.join(options.out, 'summary.md'), miningMarkdown(title, summary));
    await replaceFile(path.join(options.out, 'summary.html'), miningHtml(title, summary));
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else printSummary(summary, options.out);
    return result;
  } finally {
    await out.close();
  }
}

/**
 * --judge: the rubric of each clean winner a judge must choose among, kept in DIR/judged.jsonl
 * (written as judged; a rerun asks only the rest). Null for an answer the judge could not score.
 */
async function judgeInto(
  tasks: readonly Task[],
  samples: ReadonlyMap<string, readonly MinedSample[]>,
  keep: number,
  options: MineOptions,
): Promise<{ scores: Map<string, number | null>; stopped: boolean }> {
  const [judge] = createJudges([options.judge!], options.judgeKeyEnv);
  const out = await JsonlOutput.open(path.join(options.out, 'judged.jsonl'));
  const scores = new Map<string, number | null>(
    out.rows.map((row) => [
      `${String(row.task_id)}#${String(row.sample)}`,
      typeof row.rubric === 'number' ? row.rubric : null,
    ]),
  );
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    await judgeWinners(tasks, samples, {
      perTask: keep,
      lang: options.lang,
      judge: judge[1],
      known: scores,
      concurrency: 8,
      signal: controller.signal,
      onJudged: async (sample, judgement) => {
        scores.set(sampleKey(sample), judgement.rubric ?? null);
        if (judgement.error)
          process.stderr.write(`akkhara mine: the judge on ${sampleKey(sample)}: ${judgement.error}\n`);
        await out.append([
          {
            task_id: sample.taskId,
            sample: sample.sample,
            judge: judge[0],
            rubric: judgement.rubric ?? null,
            ...judgement.scores,
            invalid_replies: judgement.invalid,
            ...(judgement.error !== undefined && { error: judgement.error }),
          },
        ]);
      },
    });
  } finally {
    process.removeListener('SIGINT', stop);
    await out.close();
  }
  return { scores, stopped: controller.signal.aborted };
}

/** The rounds, into `out` and `samples`; the exit code (0 done, 2 the model failed, 130 stopped). */
async function mineInto(
  out: JsonlOutput,
  tasks: readonly Task[],
  samples: Map<string, MinedSample[]>,
  settings: MiningSettings,
  options: MineOptions,
  jobs: number,
): Promise<number> {
  // The sandbox before the model: a machine that cannot run the tests says so before any answer is asked.
  const sandboxes = await createWarmSandboxes(options.sandbox, jobs, options.python);
  for (const note of isolationNotes(sandboxes[0], 'en')) process.stderr.write(`akkhara mine: ${note}\n`);
  const sandbox = sharedSandbox(sandboxes);
  const closeSandboxes = () => sandboxes.forEach((warm) => warm.close());
  const first = taskQuestion(tasks[0], settings.lang);
  const opened = await createProvider(options, first.language).catch((error: unknown) => {
    closeSandboxes();
    throw error;
  });
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  const progress = taskProgress('mining round {round}');
  const { bar } = progress;
  const writer = new GroupWriter(
    out,
    progress.tasksWritten,
    () => controller.abort(), // the disk failed: asking for more answers would only lose them
  );
  const where = { backend: sandbox.backend, isolation: sandbox.isolation };
  try {
    await mineTasks(tasks, samples, opened.provider, sandbox, settings, controller.signal, {
      onTaskDone: (fresh) => writer.push(fresh.map((sample) => sampleRow(sample, where))),
      onRound: (round, unsolved) => {
        bar?.stop();
        bar?.start(unsolved, 0, { round: `${round}/${settings.rounds}`, speed: 0 });
      },
      onTokens: progress.addTokens,
      onBusy: (status, limit, waitMs) => process.stderr.write(busyLine('mine', status, limit, waitMs)),
    });
    await writer.drained();
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    controller.abort();
    bar?.stop();
    process.stderr.write(modelStoppedMessage('mine', error, opened));
    return 2;
  } finally {
    bar?.stop();
    process.removeListener('SIGINT', stop);
    await writer.drained().catch(() => undefined);
    closeSandboxes();
    opened.dispose();
  }
  if (controller.signal.aborted) {
    process.stderr.write('akkhara mine: stopped; finished tasks are saved; run the same command to go on\n');
    return 130;
  }
  return 0;
}

export function registerMine(program: Command): void {
  const command = program
    .command('mine')
    .description(
      'sample K answers per task, keep those that pass the tests with clean language: SFT and DPO data',
    )
    .requiredOption('--tasks <file>', 'HumanEval/mHumanEval JSONL, or BLP-2025 CSV/JSON (tasks need tests)')
    .option('--k <n>', 'answers per task in each round', '10')
    .option('--rounds <n>', 'rounds; each later one re-asks only the tasks with no winner yet', '1')
    .option(
      '--keep <m>',
      'winners kept per task (best first: lowest mix score, then shortest code), and pairs',
      '2',
    )
    .option('--delta <δ>', 'for the samples a task needs to find a winner with probability 1 − δ', '0.05')
    .requiredOption('--out <folder>', 'where samples.jsonl, sft.jsonl, dpo.jsonl and the summary go; resumed')
    .addOption(
      new Option('--lang <language>', 'answer language (auto: each task’s script)')
        .choices(['my', 'bn', 'auto'])
        .default('auto'),
    )
    .option('--temperature <t>', 'sampling temperature, 0 to 2 (K answers need some)', '0.8')
    .option('--max-tokens <n>', 'longest answer, in tokens')
    .option('--seed <n>', 'sampling seed (answer i of round r uses seed + (r − 1)·K + i)', '0')
    .option('--show-tests', 'put the task’s tests in the prompt (BLP-2025’s “tests given” track)')
    .option(
      '--concurrency <n>',
      `requests in flight across tasks (default: ${SERVER_CONCURRENCY} for a server, 1 for a local model)`,
    )
    .option('--jobs <n>', 'programs run at once', '2')
    .option('--run-timeout <seconds>', 'wall-clock limit per program', '10')
    .addOption(
      new Option('--pair-format <format>', 'dpo.jsonl rows: TRL standard, TRL conversational, or axolotl')
        .choices([...PAIR_FORMATS])
        .default('trl-conv'),
    )
    .addOption(sandboxOption())
    .addOption(pythonOption())
    .addOption(shardOption())
    .addOption(finishOnlyOption())
    .option(
      '--judge <url,model>',
      'where a task has more clean winners than --keep, let this judge’s rubric choose (an OpenAI-compatible server)',
      (value: string) => parseJudge(value)[0],
    )
    .option('--judge-key-env <variable>', 'environment variable holding the judge’s API key')
    .option('--json', 'print the summary as JSON');
  addModelOptions(command).action(async (options: MineOptions) => {
    try {
      process.exitCode = await runMine(options);
    } catch (error) {
      process.stderr.write(`akkhara mine: ${(error as Error).message}\n`);
      process.exitCode = 2;
    }
  });
}
