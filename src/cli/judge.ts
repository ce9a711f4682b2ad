/**
 * `akkhara judge --tasks FILE --completions FILE --judge URL,MODEL [--judge …] --out judged.jsonl`:
 * scores answers with LLM judges on the Burmese-Coder-4B rubric (any OpenAI-compatible server), one
 * line per answer and judge; prints each judge's means, the judges' agreement, and how each judge's
 * mix penalty tracks Akkhara's automatic mix score.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { analyzeText } from '../core/analysis/findings';
import { parseCompletions, parseTasks, type Completion, type Task } from '../core/eval/formats';
import { judgeAnswer, summarize, type JudgedLine } from '../core/judge/judge';
import { judgePair, summarizePairs } from '../core/judge/pairwise';
import { SCORE_FIELDS } from '../core/judge/rubric';
import type { AnswerLanguageSetting } from '../core/languages';
import { taskQuestion } from '../core/model/prompt';
import { RemoteProvider } from '../core/model/remote';
import { UsageError } from './usage';

interface JudgeOptions {
  tasks: string;
  completions: string;
  judge: string[];
  versus?: string;
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

/** One provider per --judge, with the key from --api-key-env. */
function createJudges(options: JudgeOptions): [string, RemoteProvider][] {
  let apiKey: string | undefined;
  if (options.apiKeyEnv) {
    apiKey = process.env[options.apiKeyEnv];
    if (!apiKey)
      throw new UsageError(`the environment variable ${options.apiKeyEnv} (--api-key-env) is empty`);
  }
  return options.judge.map((spec) => {
    const comma = spec.lastIndexOf(',');
    const judge = new RemoteProvider({
      baseURL: spec.slice(0, comma),
      model: spec.slice(comma + 1),
      ...(apiKey && { apiKey }),
    });
    return [spec, judge];
  });
}

/** --versus: each task's first answer in --completions (A) against its first in --versus (B), both orders. */
async function runPairwise(
  options: JudgeOptions,
  tasks: ReadonlyMap<string, Task>,
  completions: readonly Completion[],
  judges: readonly [string, RemoteProvider][],
): Promise<void> {
  const versus = parseCompletions(await readFile(options.versus!, 'utf8'), options.versus!).items;
  const firstOf = (list: readonly Completion[]) => {
    const map = new Map<string, string>();
    for (const { taskId, completion } of list) if (!map.has(taskId)) map.set(taskId, completion);
    return map;
  };
  const [a, b] = [firstOf(completions), firstOf(versus)];
  const shared = [...a.keys()].filter((taskId) => b.has(taskId) && tasks.has(taskId));
  if (shared.length === 0) throw new UsageError('no task has an answer in both --completions and --versus');
  const rows: string[] = [];
  const summaries = [];
  for (const [spec, judge] of judges) {
    const verdicts = [];
    for (const taskId of shared) {
      const question = taskQuestion(tasks.get(taskId)!, options.lang);
      const verdict = await judgePair(
        judge,
        question.text,
        a.get(taskId)!,
        b.get(taskId)!,
        question.language,
      );
      verdicts.push(verdict);
      rows.push(
        JSON.stringify({
          task_id: taskId,
          judge: spec,
          a_first: verdict.aFirst ?? null,
          b_first: verdict.bFirst ?? null,
          invalid_replies: verdict.invalid,
        }),
      );
    }
    summaries.push({ judge: spec, ...summarizePairs(verdicts) });
  }
  await writeFile(options.out, rows.map((row) => `${row}\n`).join(''));
  if (options.json) return void process.stdout.write(`${JSON.stringify(summaries, null, 2)}\n`);
  process.stdout.write(
    `${shared.length} tasks, A = ${options.completions}, B = ${options.versus}, both orders → ${options.out}\n\n`,
  );
  process.stdout.write(
    '| judge | A better | B better | flips with the order | flip rate | undecided | invalid replies |\n',
  );
  process.stdout.write('|---|---:|---:|---:|---:|---:|---:|\n');
  for (const s of summaries)
    process.stdout.write(
      `| ${s.judge} | ${s.aWins} | ${s.bWins} | ${s.flips} | ${fixed(s.flipRate * 100, 1)}% | ${s.undecided} | ${s.invalidReplies} |\n`,
    );
}

async function run(options: JudgeOptions): Promise<void> {
  const [taskText, completionText] = await Promise.all([
    readFile(options.tasks, 'utf8'),
    readFile(options.completions, 'utf8'),
  ]);
  const tasks = new Map<string, Task>(parseTasks(taskText, options.tasks).items.map((t) => [t.taskId, t]));
  const completions = parseCompletions(completionText, options.completions).items;
  const judges = createJudges(options);
  if (options.versus !== undefined) return runPairwise(options, tasks, completions, judges);
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
  for (const [spec, judge] of judges) {
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
    .option(
      '--versus <file>',
      'pairwise: compare each task’s answer in --completions (A) with this file’s (B), in both orders',
    )
    .requiredOption('--out <file>', 'one JSON line per answer (or pair) and judge')
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
