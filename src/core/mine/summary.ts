/**
 * What a mining run found, per task and overall: each task's success rate p̂ (winners over all its
 * samples), the samples it would need for a winner with probability 1 − δ, and the pass@k curve
 * over k = 1…K (the shape of Troopers' Table 2). The curve uses the first round only: later rounds
 * re-ask just the tasks that failed it, and pooling them would bias the unbiased estimator.
 */
import {
  confusionRates,
  confusionSummary,
  confusionVerdict,
  languageConfusion,
  type ConfusionRates,
  type ConfusionVerdict,
} from '../analysis/languageConfusion';
import { median } from 'simple-statistics';
import { htmlReportPage } from '../eval/report';
import type { AnswerLanguage } from '../languages';
import { meanPassAtK, wilson, type Interval } from '../eval/passAtK';
import { isCleanWinner, samplesNeeded, selectForTraining, type JudgeScore, type MinedSample } from './select';

export interface TaskMining {
  readonly taskId: string;
  readonly samples: number;
  readonly winners: number;
  readonly cleanWinners: number;
  /** p̂: winners over samples. */
  readonly successRate: number;
  /** For a winner with probability 1 − δ; undefined when no sample won. */
  readonly samplesNeeded?: number;
  /** The round that found its first winner. */
  readonly solvedInRound?: number;
  readonly sft: number;
  readonly dpo: number;
}

export interface MiningSummary {
  readonly k: number;
  readonly rounds: number;
  readonly delta: number;
  readonly perTaskLimit: number;
  readonly tasks: readonly TaskMining[];
  /** Tasks left out because they have no tests. */
  readonly withoutTests: number;
  readonly samples: number;
  readonly winners: number;
  /** Tasks with at least one winner after each round (cumulative). */
  readonly solvedByRound: readonly number[];
  readonly sft: number;
  readonly dpo: number;
  /** pass@k for k = 1…K over the tasks whose first round is complete. */
  readonly passAtK: readonly number[];
  readonly pass1Interval: Interval;
  /** Median over tasks with a winner. */
  readonly medianSamplesNeeded?: number;
  /** The field's language-confusion rates over every sample with prose. */
  readonly languageConfusion: ConfusionRates;
}

export function summarizeMining(
  samplesByTask: ReadonlyMap<string, readonly MinedSample[]>,
  settings: { k: number; rounds: number; delta: number; perTaskLimit: number; withoutTests: number },
  languageOf: (taskId: string) => AnswerLanguage | undefined,
  judged?: JudgeScore,
): MiningSummary {
  const verdicts: (ConfusionVerdict | undefined)[] = [];
  const tasks: TaskMining[] = [];
  const firstRound: [number, number][] = [];
  const solvedByRound = new Array<number>(settings.rounds).fill(0);
  for (const [taskId, samples] of samplesByTask) {
    if (samples.length === 0) continue;
    const language = languageOf(taskId);
    for (const sample of samples)
      verdicts.push(language && confusionVerdict(languageConfusion(sample.completion, language)));
    const winners = samples.filter((sample) => sample.passed).length;
    const selection = selectForTraining(samples, settings.perTaskLimit, judged);
    const solvedInRound = samples.find((sample) => sample.passed)?.round;
    if (solvedInRound !== undefined)
      for (let round = solvedInRound; round <= settings.rounds; round++) solvedByRound[round - 1]++;
    const inFirst = samples.filter((sample) => sample.round === 1);
    if (inFirst.length >= settings.k)
      firstRound.push([settings.k, inFirst.slice(0, settings.k).filter((sample) => sample.passed).length]);
    const successRate = winners / samples.length;
    const needed = samplesNeeded(successRate, settings.delta);
    tasks.push({
      taskId,
      samples: samples.length,
      winners,
      cleanWinners: samples.filter(isCleanWinner).length,
      successRate,
      ...(needed !== undefined && { samplesNeeded: needed }),
      ...(solvedInRound !== undefined && { solvedInRound }),
      sft: selection.chosen.length,
      dpo: selection.pairs.length,
    });
  }
  const all = tasks.reduce((sum, task) => sum + task.samples, 0);
  const winners = tasks.reduce((sum, task) => sum + task.winners, 0);
  const firstRoundPassed = firstRound.reduce((sum, [, c]) => sum + c, 0);
  const needed = tasks.flatMap((task) => (task.samplesNeeded ? [task.samplesNeeded] : []));
  const medianNeeded = needed.length ? median(needed) : undefined;
  return {
    ...settings,
    tasks,
    samples: all,
    winners,
    solvedByRound,
    sft: tasks.reduce((sum, task) => sum + task.sft, 0),
    dpo: tasks.reduce((sum, task) => sum + task.dpo, 0),
    passAtK: firstRound.length
      ? Array.from({ length: settings.k }, (_, i) => meanPassAtK(firstRound, i + 1))
      : [],
    pass1Interval: wilson(firstRoundPassed, firstRound.length * settings.k),
    ...(medianNeeded !== undefined && { medianSamplesNeeded: medianNeeded }),
    languageConfusion: confusionRates(verdicts),
  };
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

export function miningMarkdown(title: string, summary: MiningSummary): string {
  const { tasks } = summary;
  const lines = [
    `# ${title}`,
    '',
    `${tasks.length} tasks mined (${summary.withoutTests} without tests left out), K = ${summary.k} samples per round, ${summary.rounds} ${summary.rounds === 1 ? 'round' : 'rounds'}, up to ${summary.perTaskLimit} kept per task, δ = ${summary.delta}.`,
    '',
    '| | |',
    '|---|---:|',
    `| samples | ${summary.samples} |`,
    `| winners (pass every test) | ${summary.winners} |`,
    ...summary.solvedByRound.map(
      (solved, i) => `| tasks with a winner after round ${i + 1} | ${solved} of ${tasks.length} |`,
    ),
    `| SFT examples (clean winners) | ${summary.sft} |`,
    `| DPO pairs | ${summary.dpo} |`,
    `| median samples for a winner with probability ${1 - summary.delta} | ${summary.medianSamplesNeeded ?? '—'} |`,
    `| language confusion (LCB) | ${summary.languageConfusion.responses ? confusionSummary(summary.languageConfusion, 'samples') : 'no sample with prose'} |`,
    `| pass@1 95% interval (Wilson, round 1) | ${percent(summary.pass1Interval.low)} – ${percent(summary.pass1Interval.high)} |`,
  ];
  if (summary.passAtK.length) {
    lines.push('', '## pass@k over the first round', '', '| k | pass@k |', '|---:|---:|');
    summary.passAtK.forEach((value, i) => lines.push(`| ${i + 1} | ${percent(value)} |`));
  }
  lines.push(
    '',
    '## Per task',
    '',
    `| task | samples | winners | clean | p̂ | K for 1 − δ | solved in round | SFT | DPO |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...tasks.map(
      (task) =>
        `| \`${task.taskId}\` | ${task.samples} | ${task.winners} | ${task.cleanWinners} | ${task.successRate.toFixed(2)} | ${task.samplesNeeded ?? '∞'} | ${task.solvedInRound ?? '—'} | ${task.sft} | ${task.dpo} |`,
    ),
  );
  return `${lines.join('\n')}\n`;
}

/** The pass@k curve as an inline SVG line chart. */
function passAtKChart(values: readonly number[]): string {
  if (values.length === 0) return '';
  const [width, height, left, bottom] = [560, 220, 40, 24];
  const x = (i: number) => left + (values.length === 1 ? 0 : (i / (values.length - 1)) * (width - left - 10));
  const y = (v: number) => 8 + (1 - v) * (height - bottom - 8);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const grid = [0, 0.5, 1]
    .map(
      (v) =>
        `<text x="0" y="${y(v) + 4}">${v * 100}%</text><line x1="${left}" x2="${width}" y1="${y(v)}" y2="${y(v)}" stroke="#ccc"/>`,
    )
    .join('');
  const ticks = `<text x="${left}" y="${height - 4}">k = 1</text><text x="${width - 60}" y="${height - 4}">k = ${values.length}</text>`;
  return `<svg role="img" aria-label="pass@k for k from 1 to ${values.length}" width="${width}" height="${height}">${grid}<polyline fill="none" stroke="#1565c0" stroke-width="2" points="${points}"/>${ticks}</svg>`;
}

export function miningHtml(title: string, summary: MiningSummary): string {
  return htmlReportPage(title, passAtKChart(summary.passAtK), miningMarkdown(title, summary), 70);
}
