/** The scoring report: Markdown, or one self-contained HTML page with a status chart (no scripts, no external files). */
import { confusionSummary } from '../analysis/languageConfusion';
import { isolationLabel } from '../tutor/runMessages';
import type { EvalSummary, SampleResult } from './evaluate';

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

export interface ReportInput {
  readonly title: string;
  readonly summary: EvalSummary;
  readonly results: readonly SampleResult[];
}

function failingTasks(results: readonly SampleResult[]): [string, string][] {
  const byTask = new Map<string, SampleResult[]>();
  for (const r of results) byTask.set(r.taskId, [...(byTask.get(r.taskId) ?? []), r]);
  return [...byTask]
    .filter(([, samples]) => samples.every((s) => !s.passed))
    .map(([taskId, samples]) => [
      taskId,
      `${samples[0].status}${samples[0].error ? `: ${samples[0].error}` : ''}`,
    ]);
}

export function markdownReport({ title, summary, results }: ReportInput): string {
  const lines = [
    `# ${title}`,
    '',
    `${summary.tasks} ${summary.tasks === 1 ? 'task' : 'tasks'}, ${summary.samples} ${summary.samples === 1 ? 'sample' : 'samples'}; sandbox: ${summary.backend} (${isolationLabel(summary.isolation)}).`,
    '',
    '| metric | value |',
    '|---|---:|',
    ...Object.entries(summary.passAtK).map(([k, v]) => `| ${k} | ${percent(v)} |`),
    ...Object.entries(summary.plus?.passAtK ?? {}).map(
      ([k, v]) => `| ${k} on the hardened tests (plus) | ${percent(v)} |`,
    ),
    `| pass@1 95% interval (Wilson) | ${percent(summary.pass1Interval.low)} – ${percent(summary.pass1Interval.high)} |`,
    ...(summary.languageConfusion
      ? [`| language confusion (LCB) | ${confusionSummary(summary.languageConfusion)} |`]
      : []),
    ...(summary.passWithImportOnly !== undefined
      ? [`| failures fixed by adding a standard-library import alone | ${summary.passWithImportOnly} |`]
      : []),
    '',
    '| status | samples |',
    '|---|---:|',
    ...Object.entries(summary.statuses).map(([status, n]) => `| ${status} | ${n} |`),
  ];
  const { textMetrics } = summary;
  if (textMetrics) {
    lines.push('', '## Metrics without tests', '');
    if (textMetrics.parse)
      lines.push(
        `Parses (Python's ast.parse): ${percent(textMetrics.parse.rate)} of ${textMetrics.parse.samples} samples.`,
      );
    if (textMetrics.chrf)
      lines.push(
        `chrF++ against the reference (character 6-grams and word 2-grams, β = 2, as sacreBLEU): corpus ${textMetrics.chrf.corpus.toFixed(2)}, mean of samples ${textMetrics.chrf.meanSentence.toFixed(2)}.`,
      );
    lines.push('', '| task | parses | chrF++ |', '|---|---:|---:|');
    for (const task of textMetrics.perTask)
      lines.push(
        `| \`${task.taskId}\` | ${task.parseRate === undefined ? '–' : percent(task.parseRate)} | ${task.chrf === undefined ? '–' : task.chrf.toFixed(2)} |`,
      );
  }
  const failing = failingTasks(results.filter((r) => r.status !== 'not-run'));
  if (failing.length) {
    lines.push('', `## Tasks with no passing sample (${failing.length})`, '');
    for (const [taskId, why] of failing)
      lines.push(`- \`${taskId}\` — ${why.replace(/\n/g, ' ').slice(0, 200)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Text for HTML, attributes included. */
export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * A self-contained report page: the title, an inline SVG chart (`figure`, already escaped where it
 * holds text) and the Markdown report as preformatted text, under a CSP that allows no script.
 */
export function htmlReportPage(title: string, figure: string, markdown: string, maxWidthRem: number): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:${maxWidthRem}rem}pre{white-space:pre-wrap}svg text{font-size:13px}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
${figure}
<pre>${escapeHtml(markdown)}</pre>
</body></html>
`;
}

const STATUS_COLOURS: Record<string, string> = { passed: '#2e7d32', failed: '#c62828', timeout: '#ef6c00' };

export function htmlReport(input: ReportInput): string {
  const { title, summary } = input;
  const entries = Object.entries(summary.statuses);
  const most = Math.max(1, ...entries.map(([, n]) => n));
  const bars = entries
    .map(([status, n], i) => {
      const width = Math.round((n / most) * 360);
      const y = i * 28;
      return `<text x="0" y="${y + 17}">${escapeHtml(status)}</text><rect x="120" y="${y + 4}" width="${width}" height="18" fill="${STATUS_COLOURS[status] ?? '#546e7a'}"/><text x="${126 + width}" y="${y + 17}">${n}</text>`;
    })
    .join('');
  const figure = `<svg role="img" aria-label="samples per status" width="560" height="${entries.length * 28 + 8}">${bars}</svg>`;
  return htmlReportPage(title, figure, markdownReport(input), 60);
}
