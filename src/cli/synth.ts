/**
 * `akkhara synth --pool described/descriptions.jsonl --lang my --n 100 --judge URL,MODEL --out FOLDER`:
 * new instructions written few-shot from pairs of pooled descriptions, each answered twice by the
 * model being trained (`--answers URL,MODEL`, else the model options' model) and judged on a rubric's
 * criteria in both orders; FOLDER/synth.jsonl holds every instruction and verdict (written as each
 * finishes; the same command resumes), FOLDER/dpo.jsonl the pairs both orders agree on, and
 * FOLDER/summary.md and summary.html what was kept and the judge's position bias per criterion.
 */
import { mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { PAIR_FORMATS, pairRow, type PairFormat } from '../core/feedback/export';
import { replaceFile } from '../core/fileReplace';
import { inFlight } from '../core/inFlight';
import { GroupWriter, JsonlOutput, jsonlText } from '../core/jsonlOutput';
import { positionBias, positionBiasChart, positionBiasMarkdown } from '../core/judge/positionBias';
import { htmlReportPage } from '../core/eval/report';
import type { AnswerLanguage } from '../core/languages';
import { complete, ModelError, type ChatMessage } from '../core/model/types';
import { attemptSampling } from '../core/describe/describe';
import {
  answerTask,
  synthesize,
  trainingPairs,
  type PoolItem,
  type SynthRow,
  type TestedInstruction,
} from '../core/synth/synth';
import { prepareQuestion, questionMessages, SYSTEM_PROMPTS, taskQuestion } from '../core/tutor/prompt';
import { parseTasks, type Task } from '../core/eval/formats';
import { hasTests, programFor } from '../core/eval/programs';
import { createWarmSandboxes, type SandboxSetting, type WarmSandbox } from '../core/sandbox';
import { sharedSandbox } from '../core/sandbox/pool';
import type { Sandbox } from '../core/sandbox/types';
import { pythonOption, sandboxOption } from './sandboxOptions';
import { readInputFile } from './inputFile';
import { loadRubric, pairVerdictOf } from './judge';
import { BUILT_IN_RUBRICS } from '../core/judge/rubric';
import { addModelOptions, createProvider, type ModelOptions } from './modelOptions';
import { createServerModels, serverModelParser } from './serverModels';
import { modelStoppedMessage, taskProgress } from './taskProgress';
import { count, numberOption, secondsOption, UsageError } from './usage';
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

interface SynthOptions extends ModelOptions, ShardOptions {
  pool?: string;
  tasks?: string;
  lang: AnswerLanguage;
  n?: string;
  sandbox: SandboxSetting;
  python?: string;
  jobs: string;
  runTimeout: string;
  out: string;
  judge: string[];
  answers?: string[];
  rubric: string;
  threshold: string;
  retries: string;
  retryTemperature: string;
  temperature?: string;
  answerTemperature: string;
  maxTokens?: string;
  seed: string;
  pairFormat: PairFormat;
  concurrency: string;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The pool: kept descriptions (describe's rows with a text) in the language, or earlier synthesized instructions. */
async function readPool(file: string, language: AnswerLanguage): Promise<PoolItem[]> {
  const pool: PoolItem[] = [];
  const lines = (await readInputFile(file, '--pool')).split('\n');
  lines.forEach((line, n) => {
    if (!line.trim()) return;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new UsageError(`${file} line ${n + 1} is not JSON: give describe's descriptions.jsonl`);
    }
    if (row.granularity === 'line-comments' || (row.language !== undefined && row.language !== language))
      return;
    const text = typeof row.text === 'string' ? row.text : row.instruction;
    if (typeof text !== 'string') return;
    const id =
      row.file !== undefined
        ? `${String(row.file)}#${String(row.function)}#${String(row.granularity)}`
        : `line ${n + 1}`;
    pool.push({ id, text });
  });
  // In one order whatever order describe wrote them in (functions are written as they finish): the
  // same --seed draws the same pairs from the same descriptions.
  pool.sort((a, b) => compareText(a.id, b.id) || compareText(a.text, b.text));
  if (pool.length < 2)
    throw new UsageError(
      `${file} has ${count(pool.length, 'description')} in ${language}; synth needs at least 2`,
    );
  return pool;
}

function summaryMarkdown(title: string, rows: readonly SynthRow[], judge: string, threshold: number): string {
  const written = rows.filter((row) => row.instruction !== undefined);
  const dropped = new Map<string, number>();
  for (const row of rows) if (row.dropped) dropped.set(row.dropped, (dropped.get(row.dropped) ?? 0) + 1);
  const { kept, duplicates } = trainingPairs(rows, threshold);
  const why = (reason: string) => written.filter((row) => row.why === reason).length;
  // With --tasks, only the pairs whose tests tied went to the judge.
  const judged = written.filter((row) => row.verdicts);
  const dimensions = Object.keys(judged[0]?.verdicts ?? {});
  const bias = dimensions.map((dimension) =>
    positionBias(
      judge,
      dimension,
      judged.map((row) => pairVerdictOf(row.verdicts![dimension])),
    ),
  );
  const tested = written.filter((row) => row.passed !== undefined);
  return [
    `# ${title}`,
    '',
    `- instructions asked: ${rows.length}; written: ${written.length}` +
      (dropped.size ? ` (dropped: ${[...dropped].map(([reason, n]) => `${reason} ${n}`).join(', ')})` : ''),
    `- near-duplicates of an earlier instruction (chrF++ ≥ ${threshold}): ${duplicates}`,
    ...(tested.length
      ? [
          `- tasks' tests: one answer passed (the tests chose, no judge asked): ${tested.filter((row) => row.decided_by === 'tests').length}; ` +
            `both passed (the judge breaks the tie): ${tested.filter((row) => row.decided_by === 'judge').length}; both failed (not kept): ${why('both-fail')}`,
        ]
      : []),
    `- pairs judged: ${judged.length}; both orders agree: ${judged.length - why('orders-disagree') - why('no-majority')}; ` +
      `orders disagree: ${why('orders-disagree')}; no majority in an order: ${why('no-majority')}`,
    `- DPO pairs kept: ${kept.length}`,
    '',
    '## Position bias (answers swapped)',
    '',
    positionBiasMarkdown(bias),
  ].join('\n');
}

/** `--tasks`: the tasks with tests, each an instruction whose tests decide before any judge. */
async function readTestedTasks(file: string) {
  const parsed = parseTasks(await readInputFile(file, '--tasks'), file);
  for (const error of parsed.errors)
    process.stderr.write(`akkhara synth: ${file} ${error.where}: ${error.message}\n`);
  const tasks = parsed.items.filter(hasTests);
  if (tasks.length < parsed.items.length)
    process.stderr.write(
      `akkhara synth: ${count(parsed.items.length - tasks.length, 'task')} without tests left out\n`,
    );
  if (tasks.length === 0) throw new UsageError(`no task with tests in ${file}`);
  return tasks;
}

async function runSynth(options: SynthOptions): Promise<number> {
  if (!options.pool === !options.tasks)
    throw new UsageError(
      'give --pool FILE (new instructions from descriptions) or --tasks FILE (tasks whose tests decide first), one of them',
    );
  const tasks = options.tasks ? await readTestedTasks(options.tasks) : undefined;
  // With --tasks, every task with tests (or the first --n); else --n new instructions (default 10).
  const n = Math.min(
    numberOption(options.n, '--n', 1, 1_000_000, true) ?? tasks?.length ?? 10,
    tasks?.length ?? Infinity,
  );
  const jobs = numberOption(options.jobs, '--jobs', 1, 64, true)!;
  const runTimeout = secondsOption(options.runTimeout, '--run-timeout', 300)!;
  const threshold = numberOption(options.threshold, '--threshold', 0, 100)!;
  const retries = numberOption(options.retries, '--retries', 0, 10, true)!;
  const retryTemperature = numberOption(options.retryTemperature, '--retry-temperature', 0, 2)!;
  const temperature = numberOption(options.temperature, '--temperature', 0, 2);
  const answerTemperature = numberOption(options.answerTemperature, '--answer-temperature', 0, 2)!;
  const maxTokens = numberOption(options.maxTokens, '--max-tokens', 1, 1_000_000, true);
  const seed = numberOption(options.seed, '--seed', 0, 2 ** 31, true)!;
  const concurrency = numberOption(options.concurrency, '--concurrency', 1, 256, true)!;
  if (options.judge.length !== 1) throw new UsageError('give one --judge URL,MODEL');
  const rubric = await loadRubric(options.rubric);
  const pool = options.pool ? await readPool(options.pool, options.lang) : [];
  const info = await stat(options.out).catch(() => undefined);
  if (info && !info.isDirectory()) throw new UsageError(`--out ${options.out} is a file; give a folder`);
  await mkdir(options.out, { recursive: true });
  const out = await JsonlOutput.open(path.join(options.out, 'synth.jsonl'));
  const rows = out.rows as unknown as SynthRow[];
  const done = new Set(rows.map((row) => row.index));
  // Instruction i draws its pooled pair and its seeds from i alone: any shard writes the same one.
  const shard = shardOf(options);
  const share = positionedShare(
    Array.from({ length: n }, (_, index) => index),
    shard,
  );
  if (shard)
    await writeShardManifest({
      command: 'synth',
      out: options.out,
      folder: true,
      shard,
      settings: await runSettings(options, [
        'pool',
        'tasks',
        ...(BUILT_IN_RUBRICS[options.rubric] ? [] : ['rubric']),
      ]),
      units: share.map(({ item, position }) => ({ key: unitKey([item]), position })),
      records: [{ file: 'synth.jsonl', key: ['index'] }],
    }).catch(async (error: unknown) => {
      await out.close();
      throw error;
    });
  const todo = share.map(({ item }) => item).filter((index) => !done.has(index));
  try {
    refuseWorkLeft(options, todo.length, 'instruction');
  } catch (error) {
    await out.close();
    throw error;
  }
  if (done.size && !options.finishOnly)
    process.stderr.write(
      `akkhara synth: resuming: ${share.length - todo.length} of ${share.length} instructions done\n`,
    );
  const [[judgeSpec, judge]] = createServerModels(options.judge, options.apiKeyEnv, 'judge');
  const [answersSpec, answering] = options.answers
    ? createServerModels(options.answers, options.apiKeyEnv, 'answering model')[0]
    : [undefined, undefined];
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  let opened;
  let sandboxes: WarmSandbox[] = [];
  try {
    if (todo.length) {
      // The sandbox before any model: a machine that cannot run the tests says so before anything is asked.
      if (tasks) sandboxes = await createWarmSandboxes(options.sandbox, jobs, options.python);
      // With --tasks and --answers, no instruction is written: the writing model is not needed.
      if (!(tasks && answering)) opened = await createProvider(options, options.lang);
      const synthesizer = opened?.provider;
      const ask = async (messages: ChatMessage[], attempt: number) =>
        (
          await complete(
            synthesizer!,
            {
              messages,
              ...attemptSampling(attempt, seed, temperature, retryTemperature),
              ...(maxTokens !== undefined && { maxTokens }),
            },
            controller.signal,
          )
        ).texts[0];
      const answer = async (instruction: string): Promise<[string, string]> => {
        const { texts } = await complete(
          (answering ?? synthesizer)!,
          {
            messages: questionMessages(prepareQuestion(instruction, options.lang)),
            samples: 2,
            seed,
            temperature: answerTemperature,
            ...(maxTokens !== undefined && { maxTokens }),
          },
          controller.signal,
        );
        return [texts[0], texts[1]];
      };
      const dimensions = rubric.pairwise === 'per-dimension' ? rubric.dimensions : [undefined];
      const sandbox = tasks && sharedSandbox(sandboxes);
      const progress = taskProgress('synthesizing', 'instructions');
      progress.bar?.start(n, n - todo.length);
      const writer = new GroupWriter(out, progress.tasksWritten, stop);
      try {
        await inFlight(
          todo,
          concurrency,
          () => 1,
          () => controller.signal.aborted,
          async (index) => {
            const context = {
              language: options.lang,
              pool,
              seed,
              retries,
              threshold,
              ask,
              answer,
              judge,
              dimensions,
              signal: controller.signal,
            };
            const row = tasks
              ? await answerTask(
                  index,
                  testedInstruction(tasks[index], options.lang, sandbox!, runTimeout),
                  context,
                )
              : await synthesize(index, context);
            if (controller.signal.aborted) return;
            rows.push(row);
            writer.push([row]);
          },
        );
        await writer.drained();
      } catch (error) {
        controller.abort();
        await writer.drained().catch(() => undefined);
        if (!(error instanceof ModelError)) throw error;
        progress.bar?.stop();
        process.stderr.write(modelStoppedMessage('synth', error, opened ?? serverNamed(answersSpec!)));
        return 2;
      } finally {
        progress.bar?.stop();
      }
    }
    // The training file and the summary are rebuilt whole from every row so far, resumed or not.
    const { kept } = trainingPairs(rows, threshold);
    await replaceFile(
      path.join(options.out, 'dpo.jsonl'),
      jsonlText(
        kept.map((row) => {
          const [a, b] = row.answers!;
          const [chosen, rejected] = row.chosen === 'A' ? [a, b] : [b, a];
          return pairRow(options.pairFormat, {
            prompt: row.instruction!,
            system: SYSTEM_PROMPTS[options.lang],
            chosen: { text: chosen },
            rejected: { text: rejected },
          });
        }),
      ),
    );
    const title = `akkhara synth: ${options.pool ?? options.tasks}, judged by ${judgeSpec}`;
    const markdown = summaryMarkdown(title, rows, judgeSpec, threshold);
    await replaceFile(path.join(options.out, 'summary.md'), markdown);
    const written = rows.filter((row) => row.verdicts);
    const chart = positionBiasChart(
      Object.keys(written[0]?.verdicts ?? {}).map((dimension) =>
        positionBias(
          judgeSpec,
          dimension,
          written.map((row) => pairVerdictOf(row.verdicts![dimension])),
        ),
      ),
    );
    await replaceFile(path.join(options.out, 'summary.html'), htmlReportPage(title, chart, markdown, 70));
    process.stdout.write(markdown);
    if (controller.signal.aborted) {
      process.stderr.write(
        'akkhara synth: stopped; finished instructions are saved; run the same command to go on\n',
      );
      return 130;
    }
    return 0;
  } finally {
    process.removeListener('SIGINT', stop);
    await out.close();
    for (const warm of sandboxes) warm.close();
    opened?.dispose();
  }
}

/** "URL,MODEL" as a model's name and place in messages (split at the last comma). */
function serverNamed(spec: string): { where: string; label: string } {
  const at = spec.lastIndexOf(',');
  return { where: spec.slice(0, at), label: spec.slice(at + 1) };
}

/** A task as `answerTask` asks it: its question in the language, its tests run in the sandbox. */
function testedInstruction(
  task: Task,
  language: AnswerLanguage,
  sandbox: Sandbox,
  runTimeoutSeconds: number,
): TestedInstruction {
  return {
    taskId: task.taskId,
    question: taskQuestion(task, language).text,
    passes: async (answer) =>
      (
        await sandbox.run({
          ...programFor(task, answer),
          limits: { timeoutMs: runTimeoutSeconds * 1000 },
        })
      ).passed,
  };
}

export function registerSynth(program: Command): void {
  const command = program
    .command('synth')
    .description(
      'write new instructions from pairs of pooled descriptions, answer each twice and keep the pairs a judge prefers in both orders, as DPO data',
    )
    .option('--pool <file>', 'the pooled instructions: descriptions.jsonl from akkhara describe')
    .option(
      '--tasks <file>',
      'instead of --pool: tasks with tests (HumanEval JSONL, BLP-2025), each answered twice; the tests decide first, the judge breaks ties',
    )
    .addOption(
      new Option('--lang <language>', 'the language to write in').choices(['my', 'bn']).makeOptionMandatory(),
    )
    .option('--n <count>', 'new instructions to write (default 10; with --tasks, every task)')
    .requiredOption(
      '--out <folder>',
      'where synth.jsonl, dpo.jsonl and the summary go; an earlier run there is resumed',
    )
    .requiredOption(
      '--judge <url,model>',
      'the judge, an OpenAI-compatible server',
      serverModelParser('--judge'),
    )
    .option(
      '--answers <url,model>',
      'the model being trained, which answers each instruction twice (default: the model that writes them)',
      serverModelParser('--answers'),
    )
    .option(
      '--rubric <name-or-file>',
      'the rubric whose criteria the judge decides on, in both orders',
      'code-quality',
    )
    .option(
      '--threshold <chrf>',
      'chrF++ at or above which an instruction is a near-duplicate and dropped',
      '70',
    )
    .option('--retries <n>', 'ask again this many times for an instruction that fails the checks', '2')
    .option('--retry-temperature <t>', 'the least temperature of a retry', '0.7')
    .option('--temperature <t>', 'sampling temperature of the first try at an instruction')
    .option('--answer-temperature <t>', 'sampling temperature of the two answers', '0.8')
    .option('--max-tokens <n>', 'longest answer, in tokens')
    .option('--seed <n>', 'which pooled pairs are drawn, and the sampling seed', '0')
    .addOption(
      new Option('--pair-format <format>', 'the DPO format').choices([...PAIR_FORMATS]).default('trl'),
    )
    .option(
      '--concurrency <n>',
      'instructions in flight (each asks the judge for every criterion in both orders)',
      '4',
    )
    .option('--jobs <n>', 'with --tasks: programs run at once', '2')
    .option('--run-timeout <seconds>', 'with --tasks: wall-clock limit per program', '10')
    .addOption(sandboxOption())
    .addOption(pythonOption())
    .addOption(shardOption())
    .addOption(finishOnlyOption());
  addModelOptions(command).action(async (options: SynthOptions) => {
    try {
      process.exitCode = await runSynth(options);
    } catch (error) {
      process.stderr.write(`akkhara synth: ${(error as Error).message}\n`);
      process.exitCode = 2;
    }
  });
}
