/**
 * The two-track report of the Burmese-Coder-4B paper for your own models: per model, Pass@1 (the
 * unbiased estimator, with a Wilson 95% interval over samples) beside each judge's rubric, its four
 * dimensions and the mix penalty. Markdown, or one self-contained HTML page with a chart.
 */
import { confusionRates, confusionSummary, type ConfusionRates } from '../analysis/languageConfusion';
import { meanPassAtK, wilson, type Interval } from '../eval/passAtK';
import { escapeHtml, htmlReportPage } from '../eval/report';
import { bootstrapMeanInterval } from '../stats/bootstrap';
import type { Difference, RowsDifference } from './compare';

/** A line of `akkhara eval`'s results.jsonl (what the report reads of it). */
export interface EvalLine {
  readonly task_id: string;
  readonly passed: boolean;
  /** The field's language-confusion verdicts (null: no prose); absent in older results. */
  readonly line_pass?: boolean | null;
  readonly word_pass?: boolean | null;
}

/** A line of `akkhara judge`'s judged.jsonl (rubric mode): each dimension's score under its own key. */
export type JudgedFileLine = {
  readonly judge: string;
  readonly rubric?: number;
  /** Which rubric (absent in files from before rubrics were data: the Burmese-Coder-4B one). */
  readonly rubric_name?: string;
} & Readonly<Record<string, unknown>>;

/** Keys of a judged line that are not a dimension's score. */
const NOT_SCORES = new Set([
  'task_id',
  'sample',
  'judge',
  'rubric',
  'rubric_name',
  'invalid_replies',
  'auto_mix_score',
  'error',
  'failed',
]);

/** The dimensions judged lines hold, in the order they first appear. */
export function scoreFieldsOf(lines: readonly JudgedFileLine[]): string[] {
  const fields = new Set<string>();
  for (const line of lines)
    for (const [key, value] of Object.entries(line))
      if (!NOT_SCORES.has(key) && typeof value === 'number') fields.add(key);
  return [...fields];
}

/** A score of a judged line, when it has one. */
export const scoreOf = (line: JudgedFileLine, field: string): number | undefined =>
  typeof line[field] === 'number' ? (line[field] as number) : undefined;

export interface JudgeColumns {
  readonly judge: string;
  readonly answers: number;
  /** Per dimension, and 'rubric'. */
  readonly means: Readonly<Record<string, number>>;
  /** Bootstrap 95% interval of the rubric mean (seeded). */
  readonly rubricInterval?: Interval;
}

/** The models compared with the first, at α. */
export interface ReportComparison {
  readonly alpha: number;
  readonly differences: readonly Difference[];
  /** Three or more rows at once (Kruskal–Wallis). */
  readonly acrossRows?: readonly RowsDifference[];
}

export interface ModelRow {
  readonly model: string;
  readonly tasks: number;
  readonly samples: number;
  readonly pass1: number;
  readonly interval: Interval;
  readonly judges: readonly JudgeColumns[];
  /** The rubrics its judged lines were scored on. */
  readonly rubrics: readonly string[];
  /** When the eval results carry the verdicts. */
  readonly languageConfusion?: ConfusionRates;
}

const mean = (values: readonly number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;

export function modelRow(
  model: string,
  evalLines: readonly EvalLine[],
  judged: readonly JudgedFileLine[],
): ModelRow {
  const byTask = new Map<string, [number, number]>();
  for (const line of evalLines) {
    const [n, c] = byTask.get(line.task_id) ?? [0, 0];
    byTask.set(line.task_id, [n + 1, c + (line.passed ? 1 : 0)]);
  }
  const judges = [...new Set(judged.map((line) => line.judge))].map((judge): JudgeColumns => {
    const scored = judged.filter((line) => line.judge === judge && line.rubric !== undefined);
    const means = Object.fromEntries(
      [...scoreFieldsOf(judged), 'rubric'].map((field) => [
        field,
        mean(scored.flatMap((line) => (scoreOf(line, field) === undefined ? [] : [scoreOf(line, field)!]))),
      ]),
    );
    const rubricInterval = bootstrapMeanInterval(scored.map((line) => line.rubric!));
    return { judge, answers: scored.length, means, ...(rubricInterval && { rubricInterval }) };
  });
  return {
    model,
    tasks: byTask.size,
    samples: evalLines.length,
    pass1: meanPassAtK([...byTask.values()], 1),
    interval: wilson(evalLines.filter((line) => line.passed).length, evalLines.length),
    judges,
    rubrics: judged.length ? [...new Set(judged.map((line) => line.rubric_name ?? 'burmese-coder'))] : [],
    ...(evalLines.some((line) => line.line_pass !== undefined) && {
      languageConfusion: confusionRates(
        evalLines.map((line) =>
          typeof line.line_pass === 'boolean'
            ? { line: line.line_pass, word: line.word_pass === true }
            : undefined,
        ),
      ),
    }),
  };
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** How the report names the built-in rubrics. */
const RUBRIC_NOTES: Readonly<Record<string, string>> = {
  'burmese-coder':
    'the Burmese-Coder-4B rubric (0–4 each; Rubric = mean of the four dimensions − mix penalty)',
  'code-quality':
    'the code-quality rubric (correct, formatted, naming, instruction following, humble; 1–5 each; Rubric = their mean)',
};
const score = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(2));

export function reportMarkdown(
  title: string,
  rows: readonly ModelRow[],
  comparison?: ReportComparison,
): string {
  const fields = [
    ...new Set(rows.flatMap((row) => row.judges.flatMap((judge) => Object.keys(judge.means)))),
  ].filter((field) => field !== 'rubric');
  const columns = ['Pass@1', '95% interval', 'judge', 'answers judged', ...fields, 'Rubric'];
  const rubrics = [...new Set(rows.flatMap((row) => row.rubrics))];
  const lines = [
    `# ${title}`,
    '',
    'Pass@1: unbiased estimator over tasks, Wilson 95% interval over samples. ' +
      (rubrics.length
        ? `Judges: ${rubrics.map((name) => RUBRIC_NOTES[name] ?? `the rubric "${name}"`).join('; ')}.`
        : 'No judge.'),
    '',
    `| model | ${columns.join(' | ')} |`,
    `|---|${columns.map((c) => (c === 'judge' ? '---' : '---:')).join('|')}|`,
  ];
  for (const row of rows) {
    const head = `| ${row.model} | ${percent(row.pass1)} | ${percent(row.interval.low)} – ${percent(row.interval.high)}`;
    if (row.judges.length === 0) lines.push(`${head} | – | 0 |${' – |'.repeat(fields.length + 1)}`);
    for (const judge of row.judges)
      lines.push(
        `${head} | ${judge.judge} | ${judge.answers} | ${[...fields, 'rubric']
          .map((field) => score(judge.means[field] ?? NaN))
          .join(' | ')} |`,
      );
  }
  if (comparison) lines.push('', ...comparisonLines(rows, comparison));
  const confused = rows.filter((row) => row.languageConfusion?.responses);
  if (confused.length) {
    lines.push(
      '',
      '## Language confusion',
      '',
      'As the Language Confusion Benchmark counts it: LPR, answers whose every prose line is in the target language; ' +
        'WPR, of those, answers with no word of another language; LCPR, their harmonic mean. Code is not counted.',
      '',
      '| model | language confusion |',
      '|---|---|',
      ...confused.map((row) => `| ${row.model} | ${confusionSummary(row.languageConfusion!)} |`),
    );
  }
  return `${lines.join('\n')}\n`;
}

function comparisonLines(
  rows: readonly ModelRow[],
  { alpha, differences, acrossRows }: ReportComparison,
): string[] {
  const head = [`## Differences from ${rows[0]?.model ?? 'the first model'} (α = ${alpha})`, ''];
  if (rows.length < 2) return [...head, 'One model: nothing to compare (give two or more --eval).'];
  const shown = (d: Difference, x: number) => (d.measure === 'Pass@1' ? percent(x) : score(x));
  return [
    ...head,
    'Pass@1: McNemar’s exact test when both models ran the same tasks once each, else a two-proportion z-test. ' +
      'Judge scores (medians shown): a two-sided Mann-Whitney U test with tie correction, exact for small samples. ' +
      `Significant: p < ${alpha}.`,
    '',
    '| model | measure | judge | baseline | this model | test | p | significant |',
    '|---|---|---|---:|---:|---|---:|---|',
    ...differences.map(
      (d) =>
        `| ${d.model} | ${d.measure} | ${d.judge ?? '–'} | ${shown(d, d.baseline)} | ${shown(d, d.value)} | ${d.test} | ${d.p < 0.0001 ? d.p.toExponential(1) : d.p.toFixed(4)} | ${d.significant ? '**yes**' : 'no'} |`,
    ),
    ...(differences.length ? [] : ['', 'No measure both models have.']),
    ...acrossRowsLines(rows.length, alpha, acrossRows ?? []),
  ];
}

function acrossRowsLines(rowCount: number, alpha: number, acrossRows: readonly RowsDifference[]): string[] {
  if (rowCount < 3) return [];
  return [
    '',
    `## Does any of the ${rowCount} rows differ? (α = ${alpha})`,
    '',
    'Per judge and measure, a Kruskal–Wallis H test across all rows (models, or languages) at once, before the ' +
      `pairwise tests above; degrees of freedom: the rows with scores, less one. Significant: p < ${alpha}.`,
    '',
    '| measure | judge | rows | H | p | significant |',
    '|---|---|---:|---:|---:|---|',
    ...acrossRows.map(
      (d) =>
        `| ${d.measure} | ${d.judge} | ${d.rows} | ${d.h.toFixed(3)} | ${d.p < 0.0001 ? d.p.toExponential(1) : d.p.toFixed(4)} | ${d.significant ? '**yes**' : 'no'} |`,
    ),
    ...(acrossRows.length ? [] : ['', 'No judge scored every row (or every score is the same).']),
  ];
}

/** Bars of Pass@1 (0–100%) and of each judge's rubric (−4…4, shown from 0 to 4) per model, with their 95% intervals. */
function chart(rows: readonly ModelRow[]): string {
  const bars = rows.flatMap((row) => [
    {
      label: `${row.model} · Pass@1`,
      value: row.pass1,
      text: percent(row.pass1),
      colour: '#2e7d32',
      interval: row.interval as Interval | undefined,
    },
    ...row.judges.map((judge) => ({
      label: `${row.model} · ${judge.judge}`,
      value: Math.max(0, judge.means.rubric) / 4,
      text: `Rubric ${score(judge.means.rubric)}`,
      colour: '#1565c0',
      interval: judge.rubricInterval && {
        low: Math.max(0, judge.rubricInterval.low) / 4,
        high: Math.max(0, judge.rubricInterval.high) / 4,
      },
    })),
  ]);
  const body = bars
    .map((bar, i) => {
      const y = i * 26;
      const width = Math.round((Number.isNaN(bar.value) ? 0 : bar.value) * 300);
      // The 95% interval as a whisker across the bar's end.
      const whisker = bar.interval
        ? `<line x1="${320 + Math.round(bar.interval.low * 300)}" x2="${320 + Math.round(bar.interval.high * 300)}" y1="${y + 12}" y2="${y + 12}" stroke="#212121" stroke-width="2"/>`
        : '';
      const end = Math.max(width, bar.interval ? Math.round(bar.interval.high * 300) : 0);
      return `<text x="0" y="${y + 16}">${escapeHtml(bar.label)}</text><rect x="320" y="${y + 4}" width="${width}" height="16" fill="${bar.colour}"/>${whisker}<text x="${326 + end}" y="${y + 16}">${escapeHtml(bar.text)}</text>`;
    })
    .join('');
  return `<svg role="img" aria-label="Pass@1 and rubric per model" width="760" height="${bars.length * 26 + 8}">${body}</svg>`;
}

export function reportHtml(title: string, rows: readonly ModelRow[], comparison?: ReportComparison): string {
  return htmlReportPage(title, chart(rows), reportMarkdown(title, rows, comparison), 70);
}
