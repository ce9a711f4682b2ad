/**
 * `akkhara eval --tasks FILE (--completions FILE | --canonical) --out results.jsonl`: scores model
 * completions for HumanEval-style or BLP-2025 tasks in the sandbox; pass@k with a Wilson interval
 * on stdout (JSON with --json), one line per sample in results.jsonl, an optional report.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { Command } from 'commander';
import {
  evaluate,
  passAtKBeforeRepair,
  summarize,
  type EvalSummary,
  type Sample,
  type SampleResult,
} from '../core/eval/evaluate';
import { GroupWriter, JsonlOutput } from '../core/jsonlOutput';
import { parseCompletions, parseTasks, type RowError } from '../core/eval/formats';
import { canonicalCompletion, hasPlusTests } from '../core/eval/programs';
import { METRICS, type Metric } from '../core/eval/textMetrics';
import { chrfScore } from '../core/stats/chrf';
import { htmlReport, markdownReport } from '../core/eval/report';
import { isolationLabel, isolationNotes } from '../core/tutor/runMessages';
import { taskLanguage } from '../core/tutor/prompt';
import {
  confusionRates,
  confusionSummary,
  confusionVerdict,
  languageConfusion,
  type ConfusionVerdict,
} from '../core/analysis/languageConfusion';
import {
  createWarmSandboxes,
  type Isolation,
  type Sandbox,
  type SandboxBackendName,
  type SandboxSetting,
} from '../core/sandbox';
import { pythonOption, sandboxOption } from './sandboxOptions';
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

interface EvalOptions extends ShardOptions {
  tasks: string;
  completions?: string;
  canonical?: boolean;
  k: string;
  jobs: string;
  timeout: string;
  sandbox: SandboxSetting;
  python?: string;
  out: string;
  json?: boolean;
  report?: string;
  fixImports?: boolean;
  plus?: boolean;
  metrics: string;
}

function reportErrors(file: string, errors: readonly RowError[]): void {
  for (const error of errors)
    process.stderr.write(`akkhara eval: ${file} ${error.where}: ${error.message}\n`);
}

function printSummary(summary: EvalSummary & { beforeRepair?: Record<string, number> }): void {
  process.stdout.write(
    `${count(summary.tasks, 'task')}, ${count(summary.samples, 'sample')} · ${summary.backend} (${isolationLabel(summary.isolation)})\n`,
  );
  for (const [k, value] of Object.entries(summary.passAtK)) {
    const before = summary.beforeRepair?.[k];
    const beside = before === undefined ? '' : `   (before repair: ${(before * 100).toFixed(1)}%)`;
    const plus = summary.plus?.passAtK[k];
    const plusText = plus === undefined ? '' : `   plus: ${(plus * 100).toFixed(1)}%`;
    process.stdout.write(`  ${k}: ${(value * 100).toFixed(1)}%${plusText}${beside}\n`);
  }
  const { low, high } = summary.pass1Interval;
  process.stdout.write(
    `  pass@1 95% interval (Wilson): ${(low * 100).toFixed(1)}% – ${(high * 100).toFixed(1)}%\n`,
  );
  if (summary.plus)
    process.stdout.write(
      `  plus pass@1 95% interval (Wilson): ${(summary.plus.pass1Interval.low * 100).toFixed(1)}% – ${(summary.plus.pass1Interval.high * 100).toFixed(1)}%\n`,
    );
  for (const skipped of summary.skippedK) process.stdout.write(`  (${skipped})\n`);
  const { textMetrics } = summary;
  if (textMetrics?.parse)
    process.stdout.write(
      `  parses (ast.parse): ${(textMetrics.parse.rate * 100).toFixed(1)}% of ${count(textMetrics.parse.samples, 'sample')}\n`,
    );
  if (textMetrics?.chrf)
    process.stdout.write(
      `  chrF++ against the reference: corpus ${textMetrics.chrf.corpus.toFixed(2)}, mean of samples ${textMetrics.chrf.meanSentence.toFixed(2)} (${count(textMetrics.chrf.samples, 'sample')})\n`,
    );
  process.stdout.write(
    `  statuses: ${Object.entries(summary.statuses)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}\n`,
  );
  if (summary.languageConfusion)
    process.stdout.write(`  language confusion (LCB): ${confusionSummary(summary.languageConfusion)}\n`);
  if (summary.passWithImportOnly !== undefined)
    process.stdout.write(
      `  failures fixed by adding a standard-library import alone: ${summary.passWithImportOnly}\n`,
    );
}

async function runEval(options: EvalOptions): Promise<number> {
  if (!options.completions === !options.canonical)
    throw new UsageError('give --completions FILE or --canonical (one of them)');
  const ks = options.k.split(',').map((k) => numberOption(k.trim(), '--k', 1, 1000, true)!);
  const jobs = numberOption(options.jobs, '--jobs', 1, 64, true)!;
  const timeout = secondsOption(options.timeout, '--timeout', 300)!;
  const metrics = new Set(
    options.metrics.split(',').map((name) => {
      const metric = name.trim() as Metric;
      if (!METRICS.includes(metric))
        throw new UsageError(`--metrics takes ${METRICS.join(', ')} (comma-separated), not "${name.trim()}"`);
      return metric;
    }),
  );
  if (options.plus && !metrics.has('tests'))
    throw new UsageError('--plus needs the tests (--metrics tests,…)');

  const tasks = parseTasks(await readInputFile(options.tasks, '--tasks'), options.tasks);
  reportErrors(options.tasks, tasks.errors);
  const shard = shardOf(options);
  // A shard scores the completions of its share of the tasks and passes over the others' in silence.
  const share = positionedShare(tasks.items, shard);
  const inShare = new Set(share.map(({ item }) => item.taskId));
  const byId = new Map(tasks.items.map((task) => [task.taskId, task]));
  const samples: Sample[] = [];
  if (options.canonical) {
    for (const { item: task } of share) {
      const completion = canonicalCompletion(task);
      if (completion === undefined)
        process.stderr.write(`akkhara eval: ${task.taskId} has no reference solution\n`);
      else samples.push({ task, sample: 0, completion });
    }
  } else {
    const file = options.completions!;
    const completions = parseCompletions(await readInputFile(file, '--completions'), file);
    reportErrors(file, completions.errors);
    const counts = new Map<string, number>();
    for (const { taskId, completion, firstPassed } of completions.items) {
      const task = byId.get(taskId);
      if (!task) {
        process.stderr.write(`akkhara eval: ${file}: no task ${taskId} in ${options.tasks}\n`);
        continue;
      }
      if (!inShare.has(taskId)) continue;
      const sample = counts.get(taskId) ?? 0;
      counts.set(taskId, sample + 1);
      samples.push({ task, sample, completion, ...(firstPassed !== undefined && { firstPassed }) });
    }
    const unsampled = share.filter(({ item }) => !counts.has(item.taskId)).length;
    if (unsampled)
      process.stderr.write(
        `akkhara eval: ${unsampled} ${unsampled === 1 ? 'task has' : 'tasks have'} no completion and ${unsampled === 1 ? 'is' : 'are'} not scored\n`,
      );
  }
  if (samples.length === 0) throw new UsageError('nothing to score');
  if (options.plus && !tasks.items.some(hasPlusTests))
    process.stderr.write(
      `akkhara eval: no task in ${options.tasks} has extra tests; plus equals base (run akkhara harden to add them)\n`,
    );

  // The output is opened before anything runs: a path that cannot be written is said at once, and
  // what an interrupted run scored is kept and not scored again.
  const out = await JsonlOutput.open(options.out);
  try {
    if (shard)
      await writeShardManifest({
        command: 'eval',
        out: options.out,
        folder: false,
        shard,
        settings: await runSettings(options, ['tasks', 'completions']),
        // Tasks without a completion have no result: they are no unit of this run.
        units: share
          .filter(({ item }) => samples.some((sample) => sample.task === item))
          .map(({ item, position }) => ({ key: unitKey([item.taskId]), position })),
        records: [{ file: '', key: ['task_id'] }],
      });
    return await scoreInto(out, samples, options, { ks, jobs, timeout, metrics });
  } finally {
    await out.close();
  }
}

/** A sample's language-confusion verdicts (null: no prose to judge), for akkhara report. */
function confusionFields(sample: Sample): { line_pass: boolean | null; word_pass: boolean | null } {
  const verdict = sampleConfusion(sample);
  return { line_pass: verdict?.line ?? null, word_pass: verdict?.word ?? null };
}

function sampleConfusion(sample: Sample): ConfusionVerdict | undefined {
  const language = taskLanguage(sample.task);
  return language && confusionVerdict(languageConfusion(sample.completion, language));
}

/** A result as results.jsonl holds it; `completion_sha` ties it to the completion it scored. */
function resultRow(
  result: SampleResult,
  completion: string,
  sandbox: Pick<Sandbox, 'backend' | 'isolation'>,
) {
  return {
    task_id: result.taskId,
    sample: result.sample,
    passed: result.passed,
    status: result.status,
    error: result.error,
    duration_ms: result.durationMs,
    ...(result.passesWithImport !== undefined && { passes_with_import: result.passesWithImport }),
    ...(result.plusPassed !== undefined && { plus_passed: result.plusPassed }),
    ...(result.parses !== undefined && { parses: result.parses }),
    ...(result.chrfStats && { chrf: chrfScore(result.chrfStats), chrf_stats: result.chrfStats }),
    completion_sha: completionHash(completion),
    backend: sandbox.backend,
    isolation: sandbox.isolation,
  };
}

const completionHash = (completion: string) =>
  createHash('sha256').update(completion).digest('hex').slice(0, 16);

/** The results a previous run of the same command wrote, by task and sample. */
function resumed(
  out: JsonlOutput,
  samples: readonly Sample[],
  plus: boolean,
  metrics: ReadonlySet<Metric>,
): Map<string, SampleResult & { sandbox: Pick<Sandbox, 'backend' | 'isolation'> }> {
  const bySample = new Map(samples.map((s) => [`${s.task.taskId}#${s.sample}`, s]));
  const done = new Map<string, SampleResult & { sandbox: Pick<Sandbox, 'backend' | 'isolation'> }>();
  for (const [index, row] of out.rows.entries()) {
    if (typeof row.task_id !== 'string' || typeof row.sample !== 'number' || typeof row.status !== 'string')
      throw new UsageError(
        `${out.file} is not akkhara eval's results (line ${index + 1} has no task_id, sample and status); choose another --out`,
      );
    const key = `${row.task_id}#${row.sample}`;
    const sample = bySample.get(key);
    if (!sample || row.completion_sha !== completionHash(sample.completion))
      throw new UsageError(
        `${out.file} holds results of other completions (${key}); choose another --out, or remove it to score again`,
      );
    if (
      metrics.has('parse') !== (typeof row.parses === 'boolean') ||
      (!metrics.has('tests') && row.status !== 'not-run')
    )
      throw new UsageError(
        `${out.file} holds results scored with other --metrics (${key}); choose another --out, or remove it to score again`,
      );
    if (plus && typeof row.plus_passed !== 'boolean')
      throw new UsageError(
        `${out.file} holds results scored without --plus (${key}); choose another --out, or remove it to score again`,
      );
    done.set(key, {
      taskId: sample.task.taskId,
      sample: sample.sample,
      passed: row.passed === true,
      status: row.status as SampleResult['status'],
      error: typeof row.error === 'string' ? row.error : null,
      durationMs: Number(row.duration_ms) || 0,
      ...(typeof row.passes_with_import === 'boolean' && { passesWithImport: row.passes_with_import }),
      ...(plus && { plusPassed: row.plus_passed === true }),
      ...(typeof row.parses === 'boolean' && { parses: row.parses }),
      ...(Array.isArray(row.chrf_stats) && { chrfStats: row.chrf_stats as number[] }),
      sandbox: { backend: row.backend as SandboxBackendName, isolation: row.isolation as Isolation },
    });
  }
  return done;
}

async function scoreInto(
  out: JsonlOutput,
  samples: readonly Sample[],
  options: EvalOptions,
  numbers: { ks: number[]; jobs: number; timeout: number; metrics: ReadonlySet<Metric> },
): Promise<number> {
  if (out.droppedTornLine)
    process.stderr.write(`akkhara eval: ${out.file}: dropped a torn last line from an interrupted run\n`);
  const done = resumed(out, samples, Boolean(options.plus), numbers.metrics);
  const todo = samples.filter((s) => !done.has(`${s.task.taskId}#${s.sample}`));
  refuseWorkLeft(options, todo.length, 'sample');
  if (done.size && !options.finishOnly)
    process.stderr.write(
      `akkhara eval: resuming: ${done.size} of ${count(samples.length, 'sample')} ${done.size === 1 ? 'was' : 'were'} scored before (${out.file})\n`,
    );
  let sandbox: Pick<Sandbox, 'backend' | 'isolation'> | undefined = done.values().next().value?.sandbox;
  const fresh: SampleResult[] = [];
  let stopped = false;
  if (todo.length) {
    const sandboxes = await createWarmSandboxes(
      options.sandbox,
      Math.min(numbers.jobs, todo.length),
      options.python,
    );
    sandbox = sandboxes[0];
    for (const note of isolationNotes(sandboxes[0], 'en')) process.stderr.write(`akkhara eval: ${note}\n`);
    const controller = new AbortController();
    // Ctrl+C: no new program starts, the ones running are ended, and what was scored stays.
    const stop = () => {
      stopped = true;
      controller.abort();
      for (const warm of sandboxes) warm.close();
    };
    process.once('SIGINT', stop);
    const bar = process.stderr.isTTY
      ? new SingleBar(
          { format: 'scoring [{bar}] {value}/{total} · {eta_formatted} left', hideCursor: true },
          Presets.shades_classic,
        )
      : undefined;
    bar?.start(samples.length, done.size);
    // Each result on disk as it comes; a failed write (a full disk) stops the scoring, keeping what is written.
    const writer = new GroupWriter(
      out,
      () => undefined,
      () => {
        stopped = true;
        controller.abort();
      },
    );
    try {
      await evaluate(todo, sandboxes, {
        timeoutMs: numbers.timeout * 1000,
        fixImports: Boolean(options.fixImports),
        plus: Boolean(options.plus),
        metrics: numbers.metrics,
        signal: controller.signal,
        onResult: (result, index) => {
          if (stopped) return; // ended by the stop, not by the program
          fresh.push(result);
          bar?.update(done.size + fresh.length);
          const row = {
            ...resultRow(result, todo[index].completion, sandboxes[0]),
            ...confusionFields(todo[index]),
          };
          writer.push([row]);
        },
      });
      await writer.drained();
    } finally {
      bar?.stop();
      process.removeListener('SIGINT', stop);
      for (const warm of sandboxes) warm.close();
    }
  }
  if (stopped) {
    process.stderr.write(
      `akkhara eval: stopped; ${done.size + fresh.length} of ${count(samples.length, 'sample')} ${done.size + fresh.length === 1 ? 'is' : 'are'} scored and saved in ${out.file}; run the same command to go on\n`,
    );
    return 130;
  }
  // Every sample's result, in the order of the samples.
  const byKey = new Map<string, SampleResult>([...done]);
  for (const result of fresh) byKey.set(`${result.taskId}#${result.sample}`, result);
  const results = samples.map((s) => byKey.get(`${s.task.taskId}#${s.sample}`)!);
  const beforeRepair = passAtKBeforeRepair(samples, numbers.ks);
  const confusion = confusionRates(samples.map(sampleConfusion));
  const summary = {
    ...summarize(results, numbers.ks, sandbox!, Boolean(options.fixImports)),
    ...(beforeRepair && { beforeRepair }),
    ...(confusion.responses && { languageConfusion: confusion }),
  };
  if (options.report) {
    const input = { title: `Akkhara eval: ${path.basename(options.tasks)}`, summary, results };
    await writeFile(
      options.report,
      /\.html?$/i.test(options.report) ? htmlReport(input) : markdownReport(input),
    );
  }
  if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else printSummary(summary);
  return 0;
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('score completions for HumanEval-style or BLP-2025 tasks in the sandbox (pass@k)')
    .requiredOption('--tasks <file>', 'HumanEval/mHumanEval JSONL, or BLP-2025 CSV/JSON')
    .option(
      '--completions <file>',
      'JSONL {task_id, completion} or {task_id, completions}, or BLP JSON [{id, response}]',
    )
    .option('--canonical', "score the tasks' own reference solutions")
    .option('--k <list>', 'pass@k values, comma-separated', '1')
    .option('--jobs <n>', 'programs run at once', '2')
    .option('--timeout <seconds>', 'wall-clock limit per program', '10')
    .addOption(sandboxOption())
    .addOption(pythonOption())
    .requiredOption('--out <file>', 'results, one JSON line per sample')
    .option('--json', 'print the summary as JSON')
    .option('--report <file>', 'write a report: FILE.md (Markdown) or FILE.html')
    .option('--fix-imports', 'also count failures that only lack a standard-library import')
    .option(
      '--metrics <list>',
      `what to measure, comma-separated: ${METRICS.join(', ')} (parse: the code parses; chrf: chrF++ against the reference, for tasks without tests)`,
      'tests',
    )
    .option(
      '--plus',
      'also score against the extra tests of akkhara harden: base and plus pass@k side by side',
    )
    .addOption(shardOption())
    .addOption(finishOnlyOption())
    .action(async (options: EvalOptions) => {
      try {
        process.exitCode = await runEval(options);
      } catch (error) {
        process.stderr.write(`akkhara eval: ${(error as Error).message}\n`);
        process.exitCode = 2;
      }
    });
}
