/**
 * `akkhara eval --tasks FILE (--completions FILE | --canonical) --out results.jsonl`: scores model
 * completions for HumanEval-style or BLP-2025 tasks in the sandbox; pass@k with a Wilson interval
 * on stdout (JSON with --json), one line per sample in results.jsonl, an optional report.
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { Command } from 'commander';
import { evaluate, summarize, type Sample, type EvalSummary } from '../core/eval/evaluate';
import { parseCompletions, parseTasks, type RowError } from '../core/eval/formats';
import { canonicalCompletion } from '../core/eval/programs';
import { htmlReport, markdownReport } from '../core/eval/report';
import { isolationLabel, isolationNotes } from '../core/chat/runMessages';
import { createWarmSandboxes, type SandboxSetting } from '../core/sandbox';
import { pythonOption, sandboxOption } from './sandboxOptions';
import { numberOption, UsageError } from './usage';

interface EvalOptions {
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
}

function reportErrors(file: string, errors: readonly RowError[]): void {
  for (const error of errors)
    process.stderr.write(`akkhara eval: ${file} ${error.where}: ${error.message}\n`);
}

function printSummary(summary: EvalSummary): void {
  process.stdout.write(
    `${summary.tasks} tasks, ${summary.samples} samples · ${summary.backend} (${isolationLabel(summary.isolation)})\n`,
  );
  for (const [k, value] of Object.entries(summary.passAtK))
    process.stdout.write(`  ${k}: ${(value * 100).toFixed(1)}%\n`);
  const { low, high } = summary.pass1Interval;
  process.stdout.write(
    `  pass@1 95% interval (Wilson): ${(low * 100).toFixed(1)}% – ${(high * 100).toFixed(1)}%\n`,
  );
  for (const skipped of summary.skippedK) process.stdout.write(`  (${skipped})\n`);
  process.stdout.write(
    `  statuses: ${Object.entries(summary.statuses)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}\n`,
  );
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
  const timeout = Number(options.timeout);
  if (!(timeout > 0 && timeout <= 300))
    throw new UsageError(`--timeout must be between 0 and 300 seconds, not "${options.timeout}"`);

  const tasks = parseTasks(await readFile(options.tasks, 'utf8'), options.tasks);
  reportErrors(options.tasks, tasks.errors);
  const byId = new Map(tasks.items.map((task) => [task.taskId, task]));
  const samples: Sample[] = [];
  if (options.canonical) {
    for (const task of tasks.items) {
      const completion = canonicalCompletion(task);
      if (completion === undefined)
        process.stderr.write(`akkhara eval: ${task.taskId} has no reference solution\n`);
      else samples.push({ task, sample: 0, completion });
    }
  } else {
    const file = options.completions!;
    const completions = parseCompletions(await readFile(file, 'utf8'), file);
    reportErrors(file, completions.errors);
    const counts = new Map<string, number>();
    for (const { taskId, completion } of completions.items) {
      const task = byId.get(taskId);
      if (!task) {
        process.stderr.write(`akkhara eval: ${file}: no task ${taskId} in ${options.tasks}\n`);
        continue;
      }
      const sample = counts.get(taskId) ?? 0;
      counts.set(taskId, sample + 1);
      samples.push({ task, sample, completion });
    }
    const unsampled = tasks.items.filter((task) => !counts.has(task.taskId)).length;
    if (unsampled)
      process.stderr.write(`akkhara eval: ${unsampled} tasks have no completion and are not scored\n`);
  }
  if (samples.length === 0) throw new UsageError('nothing to score');

  const sandboxes = await createWarmSandboxes(
    options.sandbox,
    Math.min(jobs, samples.length),
    options.python,
  );
  const sandbox = sandboxes[0];
  for (const note of isolationNotes(sandbox, 'en')) process.stderr.write(`akkhara eval: ${note}\n`);
  const bar = process.stderr.isTTY
    ? new SingleBar(
        { format: 'scoring [{bar}] {value}/{total} · {eta_formatted} left', hideCursor: true },
        Presets.shades_classic,
      )
    : undefined;
  bar?.start(samples.length, 0);
  const results = await evaluate(samples, sandboxes, {
    timeoutMs: timeout * 1000,
    fixImports: Boolean(options.fixImports),
    onResult: (_result, done) => bar?.update(done),
  });
  bar?.stop();
  for (const warm of sandboxes) warm.close();

  await writeFile(
    options.out,
    results
      .map((r) =>
        JSON.stringify({
          task_id: r.taskId,
          sample: r.sample,
          passed: r.passed,
          status: r.status,
          error: r.error,
          duration_ms: r.durationMs,
          ...(r.passesWithImport !== undefined && { passes_with_import: r.passesWithImport }),
        }),
      )
      .join('\n') + '\n',
  );
  const summary = summarize(results, ks, sandbox, Boolean(options.fixImports));
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
    .action(async (options: EvalOptions) => {
      try {
        process.exitCode = await runEval(options);
      } catch (error) {
        process.stderr.write(`akkhara eval: ${(error as Error).message}\n`);
        process.exitCode = 2;
      }
    });
}
