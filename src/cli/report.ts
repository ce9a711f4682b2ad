/**
 * `akkhara report --eval results.jsonl [--judge judged.jsonl] [--name NAME] … --out report.md|report.html`:
 * the two-track table (Pass@1 with its interval, and the judges' rubric) for one or more models. The
 * i-th --judge and --name belong to the i-th --eval.
 */
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Command } from 'commander';
import {
  modelRow,
  reportHtml,
  reportMarkdown,
  type EvalLine,
  type JudgedFileLine,
} from '../core/judge/report';
import { compareAllRows, compareModels, type ModelScores } from '../core/judge/compare';
import { count, numberOption, UsageError } from './usage';
import { readInputFile } from './inputFile';

interface ReportOptions {
  eval: string[];
  judge: string[];
  name: string[];
  out: string;
  title: string;
  alpha: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

async function jsonLines<T>(file: string): Promise<T[]> {
  const text = await readInputFile(file, '--eval');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line, index) => {
      try {
        return JSON.parse(line) as T;
      } catch {
        throw new UsageError(`${file} line ${index + 1} is not JSON`);
      }
    });
}

async function run(options: ReportOptions): Promise<void> {
  // Markdown or HTML, chosen by the name: anything else (r.pdf) would get Markdown under a false name.
  if (!/\.(md|markdown|html?)$/i.test(options.out))
    throw new UsageError(
      `--out ${options.out}: the report is Markdown (.md) or HTML (.html); give one of those names`,
    );
  if (options.judge.length > options.eval.length || options.name.length > options.eval.length)
    throw new UsageError(
      'give one --eval per model; each --judge and --name belongs to the --eval in the same place',
    );
  const alpha = numberOption(options.alpha, '--alpha', 0.0001, 0.5)!;
  const rows = [];
  const scores: ModelScores[] = [];
  for (const [index, evalFile] of options.eval.entries()) {
    const evalLines = await jsonLines<EvalLine>(evalFile);
    // An empty file would print "Pass@1 0.0% (0.0% – 100.0%)": nothing to report is an error.
    if (evalLines.length === 0)
      throw new UsageError(`${evalFile} has no results: nothing to report (run akkhara eval first)`);
    if (!evalLines.every((line) => typeof line.task_id === 'string' && typeof line.passed === 'boolean'))
      throw new UsageError(
        `${evalFile} is not akkhara eval's results.jsonl (task_id and passed on every line)`,
      );
    const judged = options.judge[index] ? await jsonLines<JudgedFileLine>(options.judge[index]) : [];
    const name = options.name[index] ?? path.basename(path.dirname(path.resolve(evalFile)));
    rows.push(modelRow(name, evalLines, judged));
    scores.push({ model: name, evalLines, judged });
  }
  const comparison = {
    alpha,
    differences: compareModels(scores, alpha),
    acrossRows: compareAllRows(scores, alpha),
  };
  const html = /\.html?$/i.test(options.out);
  await writeFile(
    options.out,
    html ? reportHtml(options.title, rows, comparison) : reportMarkdown(options.title, rows, comparison),
  );
  process.stdout.write(`${count(rows.length, 'model')} → ${options.out}\n`);
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('the two-track report: Pass@1 with its interval beside the LLM judges’ rubric, per model')
    .requiredOption(
      '--eval <file>',
      'a model’s results.jsonl from akkhara eval; repeat for more models',
      collect,
    )
    .option('--judge <file>', 'that model’s judged.jsonl from akkhara judge', collect, [])
    .option('--name <name>', 'that model’s name (default: the folder of its --eval file)', collect, [])
    .option('--title <title>', 'the report’s title', 'Akkhara: Pass@1 and rubric')
    .option('--alpha <α>', 'significance level for the differences from the first model', '0.1')
    .requiredOption('--out <file>', 'report.md (Markdown) or report.html (a page with a chart)')
    .action(async (options: ReportOptions) => {
      try {
        await run(options);
      } catch (error) {
        process.stderr.write(`akkhara report: ${(error as Error).message}\n`);
        process.exitCode = 2;
      }
    });
}
