/**
 * `akkhara judge --tasks FILE --completions FILE --judge URL,MODEL [--judge …] --out judged.jsonl`:
 * scores answers with LLM judges on the Burmese-Coder-4B rubric (any OpenAI-compatible server), one
 * line per answer and judge; prints each judge's means, the judges' agreement, and how each judge's
 * mix penalty tracks Akkhara's automatic mix score.
 */
import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { analyzeText } from '../core/analysis/findings';
import { parseCompletions, parseTasks, type Completion, type Task } from '../core/eval/formats';
import {
  AGGREGATES,
  judgeAnswer,
  summarize,
  type Aggregate,
  type Judgement,
  type JudgedLine,
} from '../core/judge/judge';
import type { Interval } from '../core/eval/passAtK';
import { inFlight } from '../core/inFlight';
import { GroupWriter, JsonlOutput } from '../core/jsonlOutput';
import { judgePair, summarizePairs, type PairVerdict } from '../core/judge/pairwise';
import { positionBias, positionBiasHtml, positionBiasMarkdown } from '../core/judge/positionBias';
import { replaceFile } from '../core/fileReplace';
import {
  BUILT_IN_RUBRICS,
  rubricFromData,
  RubricError,
  scoreFields,
  type Rubric,
  type RubricDimension,
} from '../core/judge/rubric';
import { parse as parseYaml } from 'yaml';
import type { AnswerLanguageSetting } from '../core/languages';
import { taskQuestion } from '../core/tutor/prompt';
import type { RemoteProvider } from '../core/model/remote';
import { taskProgress } from './taskProgress';
import { count, numberOption, UsageError } from './usage';
import { createServerModels, serverModelParser } from './serverModels';
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

interface JudgeOptions extends ShardOptions {
  tasks: string;
  completions: string;
  judge: string[];
  versus?: string;
  out: string;
  lang: AnswerLanguageSetting;
  apiKeyEnv?: string;
  json?: boolean;
  concurrency: string;
  aggregate?: Aggregate;
  normalize?: boolean;
  rubric: string;
  report?: string;
}

/** A built-in rubric by name, or a rubric file (JSON or YAML), checked. */
export async function loadRubric(nameOrFile: string): Promise<Rubric> {
  const builtIn = BUILT_IN_RUBRICS[nameOrFile];
  if (builtIn) return builtIn;
  let text: string;
  try {
    text = await readFile(nameOrFile, 'utf8');
  } catch {
    throw new UsageError(
      `--rubric ${nameOrFile}: neither a built-in rubric (${Object.keys(BUILT_IN_RUBRICS).join(', ')}) nor a readable file`,
    );
  }
  try {
    return rubricFromData(/\.ya?ml$/i.test(nameOrFile) ? parseYaml(text) : JSON.parse(text), nameOrFile);
  } catch (error) {
    if (error instanceof RubricError) throw new UsageError(error.message);
    throw new UsageError(
      `${nameOrFile} is not valid ${/\.ya?ml$/i.test(nameOrFile) ? 'YAML' : 'JSON'}: ${(error as Error).message}`,
    );
  }
}

/** Answers judged at once by default (paid APIs limit rates; their 429s are retried with backoff). */
const JUDGE_CONCURRENCY = 8;

/** "URL,MODEL" (split at the last comma: a model name has none). */
export const parseJudge = serverModelParser('--judge');

const fixed = (n: number, digits = 2) => (Number.isNaN(n) ? '–' : n.toFixed(digits));

/** One provider per "URL,MODEL", with the key from the environment variable `keyEnv` names. */
export function createJudges(specs: readonly string[], keyEnv?: string): [string, RemoteProvider][] {
  return createServerModels(specs, keyEnv, 'judge');
}

/** --versus: each task's first answer in --completions (A) against its first in --versus (B), both orders. */
async function runPairwise(
  rubric: Rubric,
  options: JudgeOptions,
  tasks: ReadonlyMap<string, Task>,
  completions: readonly Completion[],
  judges: readonly [string, RemoteProvider][],
  out: JsonlOutput,
  signal: AbortSignal,
): Promise<void> {
  const versus = parseCompletions(await readInputFile(options.versus!, '--versus'), options.versus!).items;
  const firstOf = (list: readonly Completion[]) => {
    const map = new Map<string, string>();
    for (const { taskId, completion } of list) if (!map.has(taskId)) map.set(taskId, completion);
    return map;
  };
  const [a, b] = [firstOf(completions), firstOf(versus)];
  const shared = [...a.keys()].filter((taskId) => b.has(taskId) && tasks.has(taskId));
  if (shared.length === 0) throw new UsageError('no task has an answer in both --completions and --versus');
  // Each pair's verdicts are written as they come; a rerun of the same command asks only the rest.
  // A rubric that asks per dimension gets one verdict per dimension ('' is the overall one).
  const dimensions = rubric.pairwise === 'per-dimension' ? rubric.dimensions : [undefined];
  const keyOf = (spec: string, taskId: string, dimension: string) => `${spec}|${taskId}|${dimension}`;
  const before = new Map(
    out.rows.map((row) => [keyOf(String(row.judge), String(row.task_id), String(row.dimension ?? '')), row]),
  );
  const verdicts = new Map<string, PairVerdict>();
  const todo: { spec: string; judge: RemoteProvider; taskId: string; dimension?: RubricDimension }[] = [];
  for (const [spec, judge] of judges)
    for (const taskId of shared)
      for (const dimension of dimensions) {
        const key = keyOf(spec, taskId, dimension?.key ?? '');
        const kept = before.get(key);
        // A pair whose judge failed last time is asked again.
        if (kept && typeof kept.error !== 'string') verdicts.set(key, pairVerdictOf(kept));
        else todo.push({ spec, judge, taskId, ...(dimension && { dimension }) });
      }
  refuseWorkLeft(options, todo.length, 'pair');
  const progress = taskProgress('judging pairs', 'pairs');
  progress.bar?.start(verdicts.size + todo.length, verdicts.size, { speed: 0 });
  // Each verdict written as it comes, by one writer; a disk that fails stops the asking.
  let writeFailed = false;
  const writer = new GroupWriter(out, progress.tasksWritten, () => (writeFailed = true));
  try {
    // Several pairs at once (each asks both orders together: two requests).
    await inFlight(
      todo,
      numberOption(options.concurrency, '--concurrency', 1, 256, true)!,
      () => 2,
      () => signal.aborted || writeFailed,
      async ({ spec, judge, taskId, dimension }) => {
        const question = taskQuestion(tasks.get(taskId)!, options.lang);
        const verdict = await judgePair(
          judge,
          question.text,
          a.get(taskId)!,
          b.get(taskId)!,
          question.language,
          3,
          signal,
          dimension,
        );
        if (signal.aborted) return;
        if (verdict.error) process.stderr.write(`akkhara judge: ${spec} on ${taskId}: ${verdict.error}\n`);
        verdicts.set(keyOf(spec, taskId, dimension?.key ?? ''), verdict);
        writer.push([
          {
            task_id: taskId,
            judge: spec,
            ...(dimension && { dimension: dimension.key }),
            a_first: verdict.aFirst ?? null,
            b_first: verdict.bFirst ?? null,
            invalid_replies: verdict.invalid,
            ...(verdict.error !== undefined && { error: verdict.error }),
          },
        ]);
      },
    );
    await writer.drained();
  } finally {
    progress.bar?.stop();
  }
  if (signal.aborted) return stoppedMessage(out);
  const summaries = judges.flatMap(([spec]) =>
    dimensions.map((dimension) => ({
      judge: spec,
      ...(dimension && { dimension: dimension.key }),
      ...summarizePairs(shared.map((taskId) => verdicts.get(keyOf(spec, taskId, dimension?.key ?? ''))!)),
    })),
  );
  // The paper's Figure 3: per criterion, decisions that stay, flip or cannot be read when the answers swap.
  const bias = judges.flatMap(([spec]) =>
    dimensions.map((dimension) =>
      positionBias(
        spec,
        dimension?.key ?? '',
        shared.map((taskId) => verdicts.get(keyOf(spec, taskId, dimension?.key ?? ''))!),
      ),
    ),
  );
  if (options.report !== undefined)
    await replaceFile(
      options.report,
      options.report.endsWith('.html')
        ? positionBiasHtml(`Position bias: ${options.completions} vs ${options.versus}`, bias)
        : positionBiasMarkdown(bias),
    );
  if (options.json)
    return void process.stdout.write(
      `${JSON.stringify({ pairs: summaries, positionBias: bias }, null, 2)}\n`,
    );
  process.stdout.write(
    `${shared.length} tasks, A = ${options.completions}, B = ${options.versus}, both orders → ${options.out}\n\n`,
  );
  const perDimension = dimensions[0] !== undefined;
  process.stdout.write(
    `| judge |${perDimension ? ' dimension |' : ''} A better | B better | flips with the order | flip rate | undecided | invalid replies |\n`,
  );
  process.stdout.write(`|---|${perDimension ? '---|' : ''}---:|---:|---:|---:|---:|---:|\n`);
  for (const s of summaries)
    process.stdout.write(
      `| ${s.judge} |${perDimension ? ` ${s.dimension} |` : ''} ${s.aWins} | ${s.bWins} | ${s.flips} | ${Number.isNaN(s.flipRate) ? '–' : `${fixed(s.flipRate * 100, 1)}%`} | ${s.undecided} | ${s.invalidReplies} |\n`,
    );
  process.stdout.write(`\nposition bias (answers swapped):\n\n${positionBiasMarkdown(bias)}`);
  if (options.report !== undefined) process.stdout.write(`\nreport → ${options.report}\n`);
}

async function run(options: JudgeOptions): Promise<void> {
  const [taskText, completionText] = await Promise.all([
    readInputFile(options.tasks, '--tasks'),
    readInputFile(options.completions, '--completions'),
  ]);
  const shard = shardOf(options);
  // A shard judges its share of the tasks; the other tasks' answers are not its to judge.
  const share = positionedShare(parseTasks(taskText, options.tasks).items, shard);
  const tasks = new Map<string, Task>(share.map(({ item }) => [item.taskId, item]));
  const completions = parseCompletions(completionText, options.completions).items.filter(
    (completion) => !shard || tasks.has(completion.taskId),
  );
  if (options.report !== undefined && options.versus === undefined)
    throw new UsageError(
      '--report goes with --versus: it is the position-bias table of pairs judged in both orders',
    );
  if (options.normalize && !options.aggregate)
    throw new UsageError(
      '--normalize works with --aggregate (it scales each judge before they are combined)',
    );
  const judges = createJudges(options.judge, options.apiKeyEnv);
  // Opened before any judge is asked: a path that cannot be written is said at once.
  const out = await JsonlOutput.open(options.out);
  if (out.droppedTornLine)
    process.stderr.write(`akkhara judge: ${options.out}: dropped a torn last line from an interrupted run\n`);
  if (shard) {
    const answered = new Set(completions.map((completion) => completion.taskId));
    const versus =
      options.versus === undefined
        ? undefined
        : new Set(
            parseCompletions(await readInputFile(options.versus, '--versus'), options.versus).items.map(
              (completion) => completion.taskId,
            ),
          );
    await writeShardManifest({
      command: 'judge',
      out: options.out,
      folder: false,
      shard,
      settings: await runSettings(options, [
        'tasks',
        'completions',
        'versus',
        ...(BUILT_IN_RUBRICS[options.rubric] ? [] : ['rubric']),
      ]),
      // The tasks that get a line: those with an answer (with --versus, in both files).
      units: share
        .filter(({ item }) => answered.has(item.taskId) && (!versus || versus.has(item.taskId)))
        .map(({ item, position }) => ({ key: unitKey([item.taskId]), position })),
      records: [{ file: '', key: ['task_id'] }],
    }).catch(async (error: unknown) => {
      await out.close();
      throw error;
    });
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    if (options.versus !== undefined)
      return await runPairwise(
        await loadRubric(options.rubric),
        options,
        tasks,
        completions,
        judges,
        out,
        controller.signal,
      );
    const rubric = await loadRubric(options.rubric);
    const other = out.rows.find((row) => (row.rubric_name ?? 'burmese-coder') !== rubric.name);
    if (other)
      throw new UsageError(
        `${options.out} holds judgements on the rubric "${String(other.rubric_name ?? 'burmese-coder')}", not "${rubric.name}"; choose another --out`,
      );
    return await runRubric(rubric, options, tasks, completions, judges, out, controller.signal);
  } finally {
    process.removeListener('SIGINT', stop);
    await out.close();
  }
}

/** Ctrl+C: what was judged is in the file; the same command goes on from there. */
function stoppedMessage(out: JsonlOutput): void {
  process.stderr.write(
    `akkhara judge: stopped; the answers judged so far are saved in ${out.file}; run the same command to go on\n`,
  );
  process.exitCode = 130;
}

/** A rubric line read back from the output (resuming). */
function judgementOf(row: Record<string, unknown>, rubric: Rubric): Judgement {
  const scores = Object.fromEntries(
    scoreFields(rubric).flatMap((field) =>
      Number.isInteger(row[field]) ? [[field, row[field] as number]] : [],
    ),
  );
  const byDimension = row.invalid_by_dimension;
  return {
    invalid: Number(row.invalid_replies) || 0,
    ...(Object.keys(scores).length && { scores }),
    ...(typeof row.rubric === 'number' && { rubric: row.rubric }),
    ...(typeof byDimension === 'object' &&
      byDimension !== null && { invalidByDimension: byDimension as Record<string, number> }),
    ...(typeof row.error === 'string' && { error: row.error }),
    ...(row.failed === true && { failed: true }),
  };
}

export function pairVerdictOf(row: Record<string, unknown>): PairVerdict {
  const side = (value: unknown): 'A' | 'B' | undefined =>
    value === 'A' || value === 'B' ? value : undefined;
  const [aFirst, bFirst] = [side(row.a_first), side(row.b_first)];
  return {
    invalid: Number(row.invalid_replies) || 0,
    ...(aFirst && { aFirst }),
    ...(bFirst && { bFirst }),
    ...(typeof row.error === 'string' && { error: row.error }),
  };
}

async function runRubric(
  rubric: Rubric,
  options: JudgeOptions,
  tasks: ReadonlyMap<string, Task>,
  completions: readonly Completion[],
  judges: readonly [string, RemoteProvider][],
  out: JsonlOutput,
  signal: AbortSignal,
): Promise<void> {
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
  // Each answer's line is written as soon as it is judged; a rerun of the same command asks only the rest.
  const before = new Map(
    out.rows.map((row) => [`${String(row.judge)}|${String(row.task_id)}#${String(row.sample)}`, row]),
  );
  const todo: { spec: string; judge: RemoteProvider; answer: (typeof answers)[number]; key: string }[] = [];
  let retried = 0;
  for (const [spec, judge] of judges) {
    for (const answer of answers) {
      const key = `${answer.taskId}#${answer.sample}`;
      const kept = before.get(`${spec}|${key}`);
      // A judge that failed last time (an HTML page, a dropped connection) is asked again.
      if (kept?.failed === true) retried++;
      if (kept && kept.failed !== true)
        lines.push({
          judge: spec,
          key,
          judgement: judgementOf(kept, rubric),
          autoMixScore: answer.autoMixScore,
        });
      else todo.push({ spec, judge, answer, key });
    }
  }
  refuseWorkLeft(options, todo.length, 'answer');
  if (retried)
    process.stderr.write(
      `akkhara judge: asking again ${count(retried, 'answer')} whose judge failed last time (kept in ${out.file})\n`,
    );
  const concurrency = numberOption(options.concurrency, '--concurrency', 1, 256, true)!;
  // Several answers judged at once; each line written as soon as its answer is judged, one writer.
  const progress = taskProgress('judging', 'answers');
  progress.bar?.start(lines.length + todo.length, lines.length, { speed: 0 });
  let writeFailed = false;
  const writer = new GroupWriter(out, progress.tasksWritten, () => (writeFailed = true));
  await inFlight(
    todo,
    concurrency,
    () => 1,
    () => signal.aborted || writeFailed,
    async ({ spec, judge, answer, key }) => {
      const judgement = await judgeAnswer(
        judge,
        rubric,
        answer.question.text,
        answer.completion,
        answer.question.language,
        3,
        signal,
      );
      if (signal.aborted) return;
      if (judgement.failed) process.stderr.write(`akkhara judge: ${spec} on ${key}: ${judgement.error}\n`);
      lines.push({ judge: spec, key, judgement, autoMixScore: answer.autoMixScore });
      writer.push([
        {
          task_id: answer.taskId,
          sample: answer.sample,
          judge: spec,
          rubric_name: rubric.name,
          ...judgement.scores,
          ...(judgement.rubric !== undefined && { rubric: judgement.rubric }),
          ...(judgement.invalidByDimension && { invalid_by_dimension: judgement.invalidByDimension }),
          ...(judgement.error !== undefined && { error: judgement.error }),
          ...(judgement.failed && { failed: true }),
          invalid_replies: judgement.invalid,
          auto_mix_score: answer.autoMixScore,
        },
      ]);
    },
  )
    .then(() => writer.drained())
    .finally(() => progress.bar?.stop());
  if (signal.aborted) return stoppedMessage(out);
  // In the answers' order, not the order judges finished: the bootstrap's resampling draws by
  // position, so the same judgements give the same interval resumed, sharded or not.
  const judgeOrder = new Map(judges.map(([spec], index) => [spec, index]));
  const answerOrder = new Map(answers.map((answer, index) => [`${answer.taskId}#${answer.sample}`, index]));
  lines.sort(
    (x, y) =>
      judgeOrder.get(x.judge)! - judgeOrder.get(y.judge)! ||
      answerOrder.get(x.key)! - answerOrder.get(y.key)!,
  );
  const summary = summarize(
    lines,
    rubric,
    options.aggregate ? { how: options.aggregate, normalize: options.normalize === true } : undefined,
  );
  // Not one answer judged (the judge itself failed on each): that is a failure, never a table of
  // zeros and exit 0. Replies without a valid score are the judge's answer, counted, not a failure.
  const failures = lines.filter((line) => line.judgement.failed).length;
  const nothingJudged = lines.length > 0 && failures === lines.length;
  if (nothingJudged) {
    process.stderr.write(
      `akkhara judge: no answer could be judged (${count(failures, 'failure')}, said above); run the same command to ask again\n`,
    );
    process.exitCode = 2;
    if (!options.json) return;
  }
  if (options.json) return void process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  const fields = scoreFields(rubric);
  process.stdout.write(
    `${count(answers.length, 'answer')} × ${count(options.judge.length, 'judge')}, rubric ${rubric.name} → ${options.out}\n\n`,
  );
  const invalidByDimension = summary.judges.filter((judge) => judge.invalidByDimension);
  process.stdout.write(
    `| judge | judged | ${fields.join(' | ')} | rubric | rubric 95% interval (bootstrap) | invalid replies | failed | r(mix penalty, auto mix score) |\n`,
  );
  process.stdout.write(`|---|---:|${fields.map(() => '---:').join('|')}|---:|---:|---:|---:|---:|\n`);
  const interval = (i?: Interval) => (i ? `${fixed(i.low)} – ${fixed(i.high)}` : '–');
  for (const judge of summary.judges)
    process.stdout.write(
      `| ${judge.judge} | ${judge.judged} | ${fields.map((f) => fixed(judge.means[f])).join(' | ')} | ` +
        `${fixed(judge.means.rubric)} | ${interval(judge.rubricInterval)} | ${judge.invalidReplies} | ${judge.failed} | ${fixed(judge.mixCorrelation)} |\n`,
    );
  const { consensus } = summary;
  if (consensus)
    process.stdout.write(
      `| ${consensus.how} of ${count(consensus.judges, 'judge')}${consensus.normalized ? ' (z-scores)' : ''} | ${consensus.answers} | ` +
        `${fields.map((f) => fixed(consensus.means[f])).join(' | ')} | ${fixed(consensus.means.rubric)} | ${interval(consensus.rubricInterval)} | | | |\n`,
    );
  for (const judge of invalidByDimension)
    process.stdout.write(
      `\ninvalid replies of ${judge.judge} per dimension: ${fields.map((f) => `${f} ${judge.invalidByDimension![f] ?? 0}`).join(', ')}`,
    );
  if (invalidByDimension.length) process.stdout.write('\n');
  if (!summary.alpha) {
    process.stdout.write('\nagreement: one judge, nothing to compare (give two or more --judge)\n');
    return;
  }
  const alpha = summary.alpha;
  process.stdout.write(
    `\nagreement of all judges, Krippendorff's alpha (interval / ordinal): ${fields
      .map((f) => `${f} ${fixed(alpha[f]?.interval ?? NaN)} / ${fixed(alpha[f]?.ordinal ?? NaN)}`)
      .join(', ')}; rubric ${fixed(alpha.rubric?.interval ?? NaN)}\n`,
  );
  if (summary.judgesDiffer)
    process.stdout.write(
      `do the judges score differently? Kruskal–Wallis on the rubric: H ${fixed(summary.judgesDiffer.statistic, 3)}, ` +
        `p ${fixed(summary.judgesDiffer.p, 4)} (df ${summary.judges.length - 1})\n`,
    );
  for (const pair of summary.agreement)
    process.stdout.write(
      `agreement ${pair.judges[0]} vs ${pair.judges[1]}: mean |Δ rubric| ${fixed(pair.meanAbsoluteRubricDifference)} over ${pair.answers} answers; ` +
        `quadratic-weighted kappa ${fields.map((f) => `${f} ${fixed(pair.kappa[f] ?? NaN)}`).join(', ')}\n`,
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
    .option(
      '--concurrency <n>',
      `requests to the judges at once: answers, or pairs with --versus (each asks both orders together; default ${JUDGE_CONCURRENCY})`,
      String(JUDGE_CONCURRENCY),
    )
    .addOption(
      new Option(
        '--aggregate <how>',
        'also one score per answer from all judges: their mean, median or majority',
      ).choices([...AGGREGATES]),
    )
    .option(
      '--rubric <name-or-file>',
      `the rubric: ${Object.keys(BUILT_IN_RUBRICS).join(' or ')}, or a rubric file (JSON or YAML)`,
      'burmese-coder',
    )
    .option(
      '--report <file>',
      'with --versus: the position-bias table per criterion, as Markdown, or HTML with a chart (a name ending in .html)',
    )
    .option(
      '--normalize',
      'with --aggregate: z-score each judge’s scores over its answers first (harsh and lenient judges alike)',
    )
    .addOption(shardOption())
    .addOption(finishOnlyOption())
    .action(async (options: JudgeOptions) => {
      try {
        await run(options);
      } catch (error) {
        process.stderr.write(`akkhara judge: ${(error as Error).message}\n`);
        process.exitCode = 2;
      }
    });
}
