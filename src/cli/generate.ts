/**
 * `akkhara generate --tasks FILE --n N --out completions.jsonl`: N answers per benchmark task from a
 * local GGUF or a server, written as `{task_id, completion}` lines that `akkhara eval` reads.
 * Each task's lines are flushed to disk when the task is done, so an interrupted run loses at most
 * the task in flight; the same command resumes it (a torn last line is dropped first).
 */
import { open, readFile, truncate } from 'node:fs/promises';
import { Presets, SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import { parseTasks, type Task } from '../core/eval/formats';
import type { AnswerLanguageSetting } from '../core/languages';
import { modelErrorMessage } from '../core/model/messages';
import { questionMessages, taskQuestion } from '../core/model/prompt';
import { complete, ModelError } from '../core/model/types';
import { cliUiLanguage } from './lint';
import { addModelOptions, createProvider, type ModelOptions } from './modelOptions';
import { numberOption, UsageError } from './usage';

interface GenerateOptions extends ModelOptions {
  tasks: string;
  n: string;
  out: string;
  lang: AnswerLanguageSetting;
  temperature?: string;
  maxTokens?: string;
  seed: string;
}

/** Samples already in `file` per task; a torn last line (a killed run) is cut off the file. */
async function samplesDone(file: string): Promise<Map<string, number>> {
  const done = new Map<string, number>();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return done;
    throw error;
  }
  let end = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) {
      end += line.length + 1;
      continue;
    }
    let taskId: unknown;
    try {
      taskId = (JSON.parse(line) as { task_id?: unknown }).task_id;
    } catch {
      break; // only the last line can be torn: everything before it was flushed whole
    }
    if (typeof taskId !== 'string') break;
    done.set(taskId, (done.get(taskId) ?? 0) + 1);
    end += Buffer.byteLength(line, 'utf8') + 1;
  }
  const size = Buffer.byteLength(text, 'utf8');
  if (end < size) {
    process.stderr.write(`akkhara generate: ${file}: dropped a torn last line from an interrupted run\n`);
    await truncate(file, Math.min(end, size));
  }
  return done;
}

async function runGenerate(options: GenerateOptions): Promise<number> {
  const n = numberOption(options.n, '--n', 1, 1000, true)!;
  const temperature = numberOption(options.temperature, '--temperature', 0, 2);
  const maxTokens = numberOption(options.maxTokens, '--max-tokens', 1, 1_000_000, true);
  const seed = numberOption(options.seed, '--seed', 0, 2 ** 31, true)!;
  const parsed = parseTasks(await readFile(options.tasks, 'utf8'), options.tasks);
  for (const error of parsed.errors)
    process.stderr.write(`akkhara generate: ${options.tasks} ${error.where}: ${error.message}\n`);
  if (parsed.items.length === 0) throw new UsageError(`no tasks in ${options.tasks}`);
  const done = await samplesDone(options.out);
  const todo = parsed.items.filter((task) => (done.get(task.taskId) ?? 0) < n);
  if (done.size)
    process.stderr.write(
      `akkhara generate: resuming: ${parsed.items.length - todo.length} of ${parsed.items.length} tasks already have ${n} samples\n`,
    );
  if (todo.length === 0) return 0;

  // One provider for the run: the local model loads once. Its language bias follows the first task.
  const first = taskQuestion(todo[0], options.lang);
  const { provider, where, model, dispose } = await createProvider(options, first.language);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  const out = await open(options.out, 'a');
  const bar = process.stderr.isTTY
    ? new SingleBar(
        { format: 'generating [{bar}] {value}/{total} tasks · {eta_formatted} left', hideCursor: true },
        Presets.shades_classic,
      )
    : undefined;
  bar?.start(parsed.items.length, parsed.items.length - todo.length);
  try {
    for (const task of todo) {
      const already = done.get(task.taskId) ?? 0;
      const result = await complete(
        provider,
        {
          messages: questionMessages(taskQuestion(task, options.lang)),
          samples: n - already,
          seed: seed + already,
          ...(temperature !== undefined && { temperature }),
          ...(maxTokens !== undefined && { maxTokens }),
        },
        controller.signal,
      );
      if (controller.signal.aborted) break;
      await out.write(result.texts.map((completion) => `${line(task, completion)}\n`).join(''));
      await out.sync();
      bar?.increment();
    }
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    bar?.stop();
    process.stderr.write(
      `akkhara generate: ${modelErrorMessage(cliUiLanguage(), error.kind, { where, model })}\n  (${error.message})\n` +
        'akkhara generate: finished tasks are saved; run the same command to go on\n',
    );
    return 2;
  } finally {
    bar?.stop();
    process.removeListener('SIGINT', stop);
    await out.close();
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

function line(task: Task, completion: string): string {
  return JSON.stringify({ task_id: task.taskId, completion });
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
    .option('--seed <n>', 'sampling seed (answer i of a task uses seed + i)', '0');
  addModelOptions(command).action(async (options: GenerateOptions) => {
    try {
      process.exitCode = await runGenerate(options);
    } catch (error) {
      process.stderr.write(`akkhara generate: ${(error as Error).message}\n`);
      process.exitCode = 2;
    }
  });
}
