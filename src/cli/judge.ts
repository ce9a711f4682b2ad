/**
 * `akkhara judge --tasks FILE --completions FILE --judge URL,MODEL [--judge …] --out judged.jsonl`:
 * scores answers with LLM judges on the Burmese-Coder-4B rubric (any OpenAI-compatible server), one
 * line per answer and judge; prints each judge's means, the judges' agreement, and how each judge's
 * mix penalty tracks Akkhara's automatic mix score.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { analyzeText } from '../core/analysis/findings';
import { parseCompletions, parseTasks, type Task } from '../core/eval/formats';
import { judgeAnswer, summarize, type JudgedLine } from '../core/judge/judge';
import { SCORE_FIELDS } from '../core/judge/rubric';
import type { AnswerLanguageSetting } from '../core/languages';
import { taskQuestion } from '../core/model/prompt';
import { RemoteProvider } from '../core/model/remote';
import { UsageError } from './usage';

interface JudgeOptions {
  tasks: string;
  completions: string;
  judge: string[];
  out: string;
  lang: AnswerLanguageSetting;
  apiKeyEnv?: string;
  json?: boolean;
}

/** "URL,MODEL" (split at the last comma: a model name has none). */
function parseJudge(value: string, previous: string[] = []): string[] {
  const comma = value.lastIndexOf(',');
  const [url, model] = [value.slice(0, comma), value.slice(comma + 1)];
  if (comma < 0 || !/^https?:\/\/\S+$/.test(url) || !model.trim())
    throw new UsageError(
      `--judge must be URL,MODEL (e.g. http://127.0.0.1:8000/v1,qwen2.5-72b), not "${value}"`,
    );
  return [...previous, value];
}

const fixed = (n: number, digits = 2) => (Number.isNaN(n) ? '–' : n.toFixed(digits));

async function run(options: JudgeOptions): Promise<void> {
  const [taskText, completionText] = await Promise.all([
    readFile(options.tasks, 'utf8'),
    readFile(options.completions, 'utf8'),
  ]);
  const tasks = new Map<string, Task>(parseTasks(taskText, options.tasks).items.map((t) => [t.taskId, t]));
  const completions = parseCompletions(completionText, options.completions).items;
  let apiKey: string | undefined;
  if (options.apiKeyEnv) {
    apiKey = process.env[options.apiKeyEnv];
    if (!apiKey)
      throw new UsageError(`the environment variable ${options.apiKeyEnv} (--api-key-env) is empty`);
  }
  const sampleOf = new Map<string, number>();
  const answers = completions.flatMap(({ taskId, completion }) => {
    const task = tasks.get(taskId);
    if (!task) {
      process.stderr.write(`akkhara judge: no task ${taskId} in ${options.tasks}; skipped\n`);
      return [];
    }
    const sample = sampleOf.get(taskId) ?? 0;
    sampleOf.set(taskId, sample + 1);
    const question = taskQuestion(task, options.lang);
    const { stats } = analyzeText(completion, { kind: 'markdown', target: question.language });
    return [{ taskId, sample, question, completion, autoMixScore: stats.mixScore }];
  });
  if (answers.length === 0) throw new UsageError('nothing to judge');
  const lines: JudgedLine[] = [];
  const rows: string[] = [];
  for (const spec of options.judge) {
    const comma = spec.lastIndexOf(',');
    const judge = new RemoteProvider({
      baseURL: spec.slice(0, comma),
      model: spec.slice(comma + 1),
      ...(apiKey && { apiKey }),
    });
    for (const answer of answers) {
      const judgement = await judgeAnswer(
        judge,
        answer.question.text,
        answer.completion,
        answer.question.language,
      );
      lines.push({
        judge: spec,
        key: `${answer.taskId}#${answer.sample}`,
        judgement,
        autoMixScore: answer.autoMixScore,
      });
      rows.push(
        JSON.stringify({
          task_id: answer.taskId,
          sample: answer.sample,
          judge: spec,
          ...judgement.scores,
          ...(judgement.rubric !== undefined && { rubric: judgement.rubric }),
          ...(judgement.error !== undefined && { error: judgement.error }),
          invalid_replies: judgement.invalid,
          auto_mix_score: answer.autoMixScore,
        }),
      );
    }
  }
  await writeFile(options.out, rows.map((row) => `${row}\n`).join(''));
  const summary = summarize(lines);
  if (options.json) return void process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(`${answers.length} answers × ${options.judge.length} judge(s) → ${options.out}\n\n`);
  process.stdout.write(
    `| judge | judged | ${SCORE_FIELDS.join(' | ')} | rubric | invalid replies | failed | r(mix penalty, auto mix score) |\n`,
  );
  process.stdout.write(`|---|---:|${SCORE_FIELDS.map(() => '---:').join('|')}|---:|---:|---:|---:|\n`);
  for (const judge of summary.judges)
    process.stdout.write(
      `| ${judge.judge} | ${judge.judged} | ${SCORE_FIELDS.map((f) => fixed(judge.means[f])).join(' | ')} | ` +
        `${fixed(judge.means.rubric)} | ${judge.invalidReplies} | ${judge.failed} | ${fixed(judge.mixCorrelation)} |\n`,
    );
  for (const pair of summary.agreement)
    process.stdout.write(
      `\nagreement ${pair.judges[0]} vs ${pair.judges[1]}: mean |Δ rubric| ${fixed(pair.meanAbsoluteRubricDifference)} over ${pair.answers} answers\n`,
    );
}

export function registerJudge(program: Command): void {
  program
    .command('judge')
    .description(
      'score answers with LLM judges on the Burmese-Coder-4B rubric (fluency, instruction following, semantic correctness, terminology, mix penalty)',
    )
    .requiredOption('--tasks <file>', 'HumanEval/mHumanEval JSONL or BLP-2025 tasks')
    .requiredOption(
      '--completions <file>',
      'the answers: JSONL {task_id, completion} or {task_id, completions}',
    )
    .requiredOption('--judge <url,model>', 'an OpenAI-compatible judge; repeat for several', parseJudge)
    .requiredOption('--out <file>', 'one JSON line per answer and judge')
    .addOption(
      new Option('--lang <language>', 'answer language (auto: the task’s script)')
        .choices(['my', 'bn', 'auto'])
        .default('auto'),
    )
    .option('--api-key-env <name>', 'environment variable holding the judges’ API key')
    .option('--json', 'print the summary as JSON')
    .action(async (options: JudgeOptions) => {
      try {
        await run(options);
      } catch (error) {
        process.stderr.write(`akkhara judge: ${(error as Error).message}\n`);
        process.exitCode = 2;
      }
    });
}
