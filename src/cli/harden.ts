/**
 * `akkhara harden --tasks FILE --out FILE.plus.jsonl`: every task of FILE, with extra tests from its
 * reference solution where it can (`plus_test`, `plus_test_list`), written as each task is done; an
 * interrupted run is resumed by the same command. `akkhara eval --plus` scores against them.
 */
import { Command } from 'commander';
import { parseTasks, taskRow, type Task } from '../core/eval/formats';
import { hardenTask, type HardenOutcome, type HardenSettings } from '../core/harden/harden';
import { GroupWriter, JsonlOutput } from '../core/jsonlOutput';
import { createWarmSandboxes, type SandboxSetting } from '../core/sandbox';
import { runOnPool } from '../core/sandbox/pool';
import { isolationNotes } from '../core/tutor/runMessages';
import { pythonOption, sandboxOption } from './sandboxOptions';
import { count, numberOption, secondsOption, UsageError } from './usage';
import { readInputFile } from './inputFile';

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
}

interface HardenTally {
  tasks: number;
  hardened: number;
  extraTests: number;
  unchanged: number;
  referenceFails: number;
  noReference: number;
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
  };
  const jobs = numberOption(options.jobs, '--jobs', 1, 64, true)!;
  const parsed = parseTasks(await readInputFile(options.tasks, '--tasks'), options.tasks);
  for (const error of parsed.errors)
    process.stderr.write(`akkhara harden: ${options.tasks} ${error.where}: ${error.message}\n`);
  if (parsed.items.length === 0) throw new UsageError(`no tasks in ${options.tasks}`);
  const out = await JsonlOutput.open(options.out);
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
      resumed: parsed.items.length - todo.length,
    };
    if (tally.resumed)
      process.stderr.write(
        `akkhara harden: resuming: ${count(tally.resumed, 'task')} done before (${out.file})\n`,
      );
    const stopped = todo.length ? await hardenInto(out, todo, settings, options, jobs, tally) : false;
    if (options.json) process.stdout.write(`${JSON.stringify(tally, null, 2)}\n`);
    else
      process.stdout.write(
        `${count(tally.tasks, 'task')}: ${tally.hardened} hardened with ${count(tally.extraTests, 'extra test')}` +
          `${tally.hardened ? ` (${(tally.extraTests / tally.hardened).toFixed(1)} per task)` : ''}, ` +
          `${tally.unchanged} unchanged, ${tally.referenceFails} with a failing reference, ${tally.noReference} without one` +
          `${tally.resumed ? ` (${tally.resumed} done by an earlier run)` : ''} → ${options.out}\n`,
      );
    if (stopped) {
      process.stderr.write(
        'akkhara harden: stopped; finished tasks are saved; run the same command to go on\n',
      );
      return 130;
    }
    return 0;
  } finally {
    await out.close();
  }
}

/** Hardens `todo` into `out`, each task written when done; whether Ctrl+C stopped it. */
async function hardenInto(
  out: JsonlOutput,
  todo: readonly Task[],
  settings: HardenSettings,
  options: HardenOptions,
  jobs: number,
  tally: HardenTally,
): Promise<boolean> {
  const sandboxes = await createWarmSandboxes(options.sandbox, Math.min(jobs, todo.length), options.python);
  for (const note of isolationNotes(sandboxes[0], 'en')) process.stderr.write(`akkhara harden: ${note}\n`);
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const warm of sandboxes) warm.close(); // the programs running end now
  };
  process.once('SIGINT', stop);
  // Each task written when done, by one writer; a disk that fails stops the rest.
  let writeFailed = false;
  const writer = new GroupWriter(
    out,
    () => undefined,
    () => (writeFailed = true),
  );
  try {
    await runOnPool(todo.length, sandboxes, async (index, sandbox) => {
      if (stopped || writeFailed) return;
      const task = todo[index];
      const outcome = await hardenTask(task, sandbox, settings);
      if (stopped) return; // ended by the stop, not by the task: done again next time
      tallyOf(tally, outcome);
      const problem = problemLine(task.taskId, outcome);
      if (problem) process.stderr.write(`akkhara harden: ${problem}\n`);
      const row = taskRow(outcome.kind === 'hardened' ? outcome.task : task);
      writer.push([row]);
    });
    await writer.drained();
  } finally {
    process.removeListener('SIGINT', stop);
    for (const warm of sandboxes) warm.close();
  }
  return stopped;
}

export function registerHarden(program: Command): void {
  program
    .command('harden')
    .description(
      'add tests to tasks from their reference solutions (mutated inputs, the reference’s outputs)',
    )
    .requiredOption(
      '--tasks <file>',
      'HumanEval/mHumanEval JSONL, or BLP-2025 CSV/JSON, with reference solutions',
    )
    .requiredOption('--out <file>', 'the tasks with their extra tests, JSONL (resumed when it exists)')
    .option('--max-extra <n>', 'extra tests per task, at most', '30')
    .option('--seed <n>', 'seed for the mutations (the same seed gives the same tests)', '0')
    .option('--timeout <seconds>', 'the generator’s wall-clock limit per task', '60')
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
