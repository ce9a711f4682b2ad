/**
 * `akkhara harden --tasks FILE --out FILE.plus.jsonl`: every task of FILE, with extra tests from its
 * reference solution where it can (`plus_test`, `plus_test_list`), written as each task is done; an
 * interrupted run is resumed by the same command. `akkhara eval --plus` scores against them.
 * `--from-evalplus` brings EvalPlus's corrected references, contracts and inputs; `--oracle` other
 * solutions, where one disagrees the input is disputed; `--review` lists the disputed inputs;
 * `--seed-model` a model that proposes inputs to start from (checked like the generator's own).
 */
import { Command } from 'commander';
import * as path from 'node:path';
import { parseTasks, taskRow, type Parsed, type RowError, type Task } from '../core/eval/formats';
import { lessonAsBenchmark, parseLessonTasks, type LessonTask } from '../core/tasks/lessonTask';
import { parseCompletions } from '../core/eval/formats';
import { parseEvalPlus } from '../core/harden/evalplus';
import { askSeeds } from '../core/harden/seedModel';
import type { ModelProvider } from '../core/model/types';
import { hardenTask, type HardenHelp, type HardenOutcome, type HardenSettings } from '../core/harden/harden';
import { GroupWriter, JsonlOutput } from '../core/jsonlOutput';
import { createWarmSandboxes, type SandboxSetting } from '../core/sandbox';
import { runOnPool } from '../core/sandbox/pool';
import { isolationNotes } from '../core/tutor/runMessages';
import { pythonOption, sandboxOption } from './sandboxOptions';
import { count, numberOption, secondsOption, UsageError } from './usage';
import { readInputFile } from './inputFile';
import { createServerModels, serverModelParser } from './serverModels';

interface HardenOptions {
  tasks: string;
  out: string;
  maxExtra: string;
  seed: string;
  timeout: string;
  jobs: string;
  sandbox: SandboxSetting;
  python?: string;
  json?: boolean;
  fromEvalplus?: string;
  oracle?: string;
  review?: string;
  generate: boolean;
  reduce?: boolean;
  seedModel?: string;
  apiKeyEnv?: string;
}

interface HardenTally {
  tasks: number;
  hardened: number;
  extraTests: number;
  unchanged: number;
  referenceFails: number;
  noReference: number;
  /** Candidates outside the task's contract (its own, else what its base inputs show): never asserted. */
  outOfContract: number;
  /** Candidates where an oracle answered otherwise than the reference: listed, never asserted. */
  disputed: number;
  /** With --reduce: the extra tests before the reduction. */
  beforeReduction?: number;
  /** Done by an earlier run of the same command. */
  resumed: number;
}

function problemLine(taskId: string, outcome: HardenOutcome): string | undefined {
  switch (outcome.kind) {
    case 'hardened':
      return undefined;
    case 'no-reference':
      return `${taskId}: no reference solution; not hardened`;
    case 'reference-fails':
      return `${taskId}: its reference solution fails its own tests (${outcome.why.split('\n')[0]}); not hardened`;
    case 'unchanged':
      return `${taskId}: not hardened: ${outcome.why.split('\n')[0]}`;
  }
}

function tallyOf(tally: HardenTally, outcome: HardenOutcome): void {
  if (outcome.kind === 'hardened' || outcome.kind === 'unchanged') {
    tally.outOfContract += outcome.outOfContract;
    tally.disputed += outcome.disputes.length;
  }
  if ((outcome.kind === 'hardened' || outcome.kind === 'unchanged') && outcome.reduction)
    tally.beforeReduction = (tally.beforeReduction ?? 0) + outcome.reduction.from;
  if (outcome.kind === 'hardened') {
    tally.hardened++;
    tally.extraTests += outcome.extra;
  } else if (outcome.kind === 'unchanged') tally.unchanged++;
  else if (outcome.kind === 'reference-fails') tally.referenceFails++;
  else tally.noReference++;
}

async function runHarden(options: HardenOptions): Promise<number> {
  const settings: HardenSettings = {
    seed: numberOption(options.seed, '--seed', 0, 2 ** 31, true)!,
    maxExtra: numberOption(options.maxExtra, '--max-extra', 1, 1000, true)!,
    budgetFactor: 4,
    timeoutMs: secondsOption(options.timeout, '--timeout', 600)! * 1000,
    runTimeoutMs: 10_000,
    generate: options.generate,
    reduce: options.reduce === true,
  };
  if (!options.generate && !options.fromEvalplus)
    throw new UsageError(
      '--no-generate asserts only the inputs --from-evalplus brings: give --from-evalplus FILE',
    );
  const jobs = numberOption(options.jobs, '--jobs', 1, 64, true)!;
  const parsed = readTasks(await readInputFile(options.tasks, '--tasks'), options.tasks);
  for (const error of parsed.errors)
    process.stderr.write(`akkhara harden: ${options.tasks} ${error.where}: ${error.message}\n`);
  if (parsed.items.length === 0) throw new UsageError(`no tasks in ${options.tasks}`);
  const help = await helpFrom(options, parsed.items);
  const seedModel = options.seedModel
    ? createServerModels([options.seedModel], options.apiKeyEnv, 'seed model')[0][1]
    : undefined;
  const out = await JsonlOutput.open(options.out);
  const review = options.review ? await JsonlOutput.open(options.review) : undefined;
  try {
    const done = new Set(out.rows.map((row) => String(row.task_id ?? row.id)));
    const todo = parsed.items.filter((task) => !done.has(task.taskId));
    const tally: HardenTally = {
      tasks: parsed.items.length,
      hardened: 0,
      extraTests: 0,
      unchanged: 0,
      referenceFails: 0,
      noReference: 0,
      outOfContract: 0,
      disputed: 0,
      resumed: parsed.items.length - todo.length,
    };
    if (tally.resumed)
      process.stderr.write(
        `akkhara harden: resuming: ${count(tally.resumed, 'task')} done before (${out.file})\n`,
      );
    const { stopped, failure } = todo.length
      ? await hardenInto({ out, review }, todo, { settings, help, jobs, options, seedModel }, tally)
      : { stopped: false, failure: undefined };
    if (options.json) process.stdout.write(`${JSON.stringify(tally, null, 2)}\n`);
    else
      process.stdout.write(
        `${count(tally.tasks, 'task')}: ${tally.hardened} hardened with ${count(tally.extraTests, 'extra test')}` +
          `${tally.hardened ? ` (${(tally.extraTests / tally.hardened).toFixed(1)} per task)` : ''}` +
          `${tally.beforeReduction !== undefined ? `, reduced from ${tally.beforeReduction}` : ''}, ` +
          `${tally.unchanged} unchanged, ${tally.referenceFails} with a failing reference, ${tally.noReference} without one` +
          `${tally.resumed ? ` (${tally.resumed} done by an earlier run)` : ''} → ${options.out}\n` +
          `${count(tally.outOfContract, 'input')} outside the tasks' contracts left out; ` +
          `${count(tally.disputed, 'disputed input')} left out` +
          `${tally.disputed ? (options.review ? ` (listed in ${options.review})` : ' (--review FILE lists them)') : ''}\n`,
      );
    if (stopped) {
      process.stderr.write(
        `akkhara harden: ${failure ?? 'stopped'}; finished tasks are saved; run the same command to go on\n`,
      );
      return failure ? 1 : 130;
    }
    return 0;
  } finally {
    await out.close();
    await review?.close();
  }
}

/**
 * The tasks of a benchmark file, or of a teacher's task file (`*.md`): each task there with a
 * solution and one assert per line, as a BLP-shaped task named `FILE#N` (its contract block kept).
 */
function readTasks(text: string, file: string): Parsed<Task> {
  if (!/\.md$/i.test(file)) return parseTasks(text, file);
  const items: Task[] = [];
  const errors: RowError[] = [];
  parseLessonTasks(text).forEach(({ task, line, title }, index) => {
    const converted = lessonAsBenchmark(task as LessonTask, `${path.basename(file)}#${index + 1}`);
    if (typeof converted === 'string')
      errors.push({ where: `line ${line + 1}`, message: `“${title}” is not hardened: ${converted}` });
    else items.push(converted);
  });
  return { items, errors };
}

/** What --from-evalplus and --oracle bring to each task, by task id. */
async function helpFrom(options: HardenOptions, tasks: readonly Task[]): Promise<Map<string, HardenHelp>> {
  const help = new Map<string, HardenHelp>();
  if (options.fromEvalplus) {
    if (/\.gz$/i.test(options.fromEvalplus))
      throw new UsageError(`--from-evalplus ${options.fromEvalplus} is compressed: gunzip it first`);
    const data = parseEvalPlus(await readInputFile(options.fromEvalplus, '--from-evalplus'));
    for (const error of data.errors)
      process.stderr.write(`akkhara harden: ${options.fromEvalplus} ${error.where}: ${error.message}\n`);
    if (data.help.size === 0) throw new UsageError(`no EvalPlus tasks in ${options.fromEvalplus}`);
    const matched = tasks.filter((task) => data.help.has(task.taskId));
    for (const task of matched) help.set(task.taskId, data.help.get(task.taskId)!);
    process.stderr.write(
      `akkhara harden: EvalPlus's references, contracts and inputs for ${matched.length} of ${count(tasks.length, 'task')}\n`,
    );
  }
  if (options.oracle) {
    const parsed = parseCompletions(await readInputFile(options.oracle, '--oracle'), options.oracle);
    for (const error of parsed.errors)
      process.stderr.write(`akkhara harden: ${options.oracle} ${error.where}: ${error.message}\n`);
    for (const { taskId, completion } of parsed.items) {
      const known = help.get(taskId) ?? {};
      help.set(taskId, { ...known, oracles: [...(known.oracles ?? []), completion] });
    }
  }
  return help;
}

interface HardenRun {
  readonly settings: HardenSettings;
  readonly help: ReadonlyMap<string, HardenHelp>;
  readonly jobs: number;
  readonly options: HardenOptions;
  /** Asked for each task's seed inputs before it is hardened. */
  readonly seedModel?: ModelProvider;
}

/**
 * Hardens `todo` into `out` (disputes into `review`), each task written when done; whether Ctrl+C
 * stopped it, or why the seed model stopped it.
 */
async function hardenInto(
  files: { out: JsonlOutput; review?: JsonlOutput },
  todo: readonly Task[],
  { settings, help, jobs, options, seedModel }: HardenRun,
  tally: HardenTally,
): Promise<{ stopped: boolean; failure?: string }> {
  const sandboxes = await createWarmSandboxes(options.sandbox, Math.min(jobs, todo.length), options.python);
  for (const note of isolationNotes(sandboxes[0], 'en')) process.stderr.write(`akkhara harden: ${note}\n`);
  let stopped = false;
  let seedFailure: string | undefined;
  const asking = new AbortController();
  const stop = () => {
    stopped = true;
    asking.abort();
    for (const warm of sandboxes) warm.close(); // the programs running end now
  };
  process.once('SIGINT', stop);
  // Each task written when done, by one writer; a disk that fails stops the rest.
  let writeFailed = false;
  const failed = () => (writeFailed = true);
  const writer = new GroupWriter(files.out, () => undefined, failed);
  const reviewWriter = files.review && new GroupWriter(files.review, () => undefined, failed);
  // A run stopped between a task's disputes and the task itself lists them again: only once.
  const listed = new Set(files.review?.rows.map((row) => `${String(row.task_id)}\0${String(row.input)}`));
  try {
    // Written in the tasks' order, whichever job finishes first: the same tasks and seed give the
    // same file byte for byte. A task waits for those before it, never more than --jobs of them.
    const finished = new Map<number, { row: object; disputes: object[] }>();
    let nextToWrite = 0;
    const writeInOrder = () => {
      for (let item = finished.get(nextToWrite); item; item = finished.get(nextToWrite)) {
        finished.delete(nextToWrite++);
        if (item.disputes.length) reviewWriter?.push(item.disputes);
        writer.push([item.row]);
      }
    };
    await runOnPool(todo.length, sandboxes, async (index, sandbox) => {
      if (stopped || writeFailed) return;
      const task = todo[index];
      let taskHelp = help.get(task.taskId);
      if (seedModel) {
        const seeds = await askSeeds(seedModel, task, settings.seed, asking.signal).catch(
          (error: unknown) => {
            if (stopped) return undefined;
            // The seed model failing stops the run (its tests would differ from the command's): what is done is kept.
            seedFailure ??= `the seed model failed on ${task.taskId}: ${(error as Error).message}`;
            stop();
            return undefined;
          },
        );
        if (!seeds) return;
        taskHelp = { ...taskHelp, seeds };
      }
      const outcome = await hardenTask(task, sandbox, settings, taskHelp);
      if (stopped) return; // ended by the stop, not by the task: done again next time
      tallyOf(tally, outcome);
      const problem = problemLine(task.taskId, outcome);
      if (problem) process.stderr.write(`akkhara harden: ${problem}\n`);
      const row = taskRow(outcome.kind === 'hardened' ? outcome.task : task);
      const disputes = outcome.kind === 'hardened' || outcome.kind === 'unchanged' ? outcome.disputes : [];
      const fresh = disputes.filter((dispute) => !listed.has(`${task.taskId}\0${dispute.input}`));
      finished.set(index, { row, disputes: fresh.map((dispute) => ({ task_id: task.taskId, ...dispute })) });
      writeInOrder();
    });
    await reviewWriter?.drained();
    await writer.drained();
  } finally {
    process.removeListener('SIGINT', stop);
    for (const warm of sandboxes) warm.close();
  }
  return { stopped, ...(seedFailure !== undefined && { failure: seedFailure }) };
}

export function registerHarden(program: Command): void {
  program
    .command('harden')
    .description(
      'add tests to tasks from their reference solutions (mutated inputs, the reference’s outputs)',
    )
    .requiredOption(
      '--tasks <file>',
      'HumanEval/mHumanEval JSONL, BLP-2025 CSV/JSON, or a teacher’s *.task.md, with reference solutions',
    )
    .requiredOption('--out <file>', 'the tasks with their extra tests, JSONL (resumed when it exists)')
    .option('--max-extra <n>', 'extra tests per task, at most', '100')
    .option('--seed <n>', 'seed for the mutations (the same seed gives the same tests)', '0')
    .option(
      '--from-evalplus <file>',
      'EvalPlus’s HumanEvalPlus.jsonl: its corrected references, contracts and inputs for the tasks with its ids',
    )
    .option(
      '--oracle <file>',
      'other solutions (completions JSONL); an input where one that passes the base tests disagrees is disputed, not asserted',
    )
    .option(
      '--reduce',
      'keep the fewest tests that cover the reference’s lines and catch its mutants as all of them do (EvalPlus-mini)',
    )
    .option(
      '--no-generate',
      'assert only EvalPlus’s inputs (its standard tests), none of the generator’s own',
    )
    .option('--review <file>', 'write the disputed inputs here (JSONL) for the teacher to decide')
    .option(
      '--seed-model <url,model>',
      'an OpenAI-compatible model that proposes inputs to start from (EvalPlus’s LLM seeds); each passes the same checks',
      (value: string) => serverModelParser('--seed-model', 'qwen2.5-coder-7b')(value)[0],
    )
    .option('--api-key-env <name>', 'environment variable holding the seed model’s API key')
    .option(
      '--timeout <seconds>',
      'the generator’s safety net per task: past it, the task is left as it was',
      '60',
    )
    .option('--jobs <n>', 'tasks hardened at once', '2')
    .addOption(sandboxOption())
    .addOption(pythonOption())
    .option('--json', 'print the counts as JSON')
    .action(async (options: HardenOptions) => {
      try {
        process.exitCode = await runHarden(options);
      } catch (error) {
        process.stderr.write(`akkhara harden: ${(error as Error).message}\n`);
        process.exitCode = 2;
      }
    });
}
