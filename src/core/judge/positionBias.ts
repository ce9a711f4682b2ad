/**
 * Position bias as the multi-granular paper reports it (its Figure 3): per judge and rubric
 * criterion, of the pairs judged in both orders, how many decisions stay with the answer when the
 * answers swap places (consistent), follow the place instead (inconsistent), or cannot be read in
 * one order or both (invalid). A judge that always prefers the first answer is 100% inconsistent.
 */
import { escapeHtml, htmlReportPage } from '../eval/report';
import { summarizePairs, type PairVerdict } from './pairwise';

export interface PositionBiasRow {
  readonly judge: string;
  /** The rubric criterion; '' for the overall verdict. */
  readonly dimension: string;
  readonly consistent: number;
  readonly inconsistent: number;
  readonly invalid: number;
  readonly pairs: number;
}

export function positionBias(
  judge: string,
  dimension: string,
  verdicts: readonly PairVerdict[],
): PositionBiasRow {
  const summary = summarizePairs(verdicts);
  return {
    judge,
    dimension,
    consistent: summary.aWins + summary.bWins,
    inconsistent: summary.flips,
    invalid: summary.undecided,
    pairs: summary.pairs,
  };
}

const percent = (n: number, of: number) => (of ? `${((n / of) * 100).toFixed(1)}%` : '–');

export function positionBiasMarkdown(rows: readonly PositionBiasRow[]): string {
  const lines = [
    '| judge | criterion | consistent | inconsistent | invalid | pairs |',
    '|---|---|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.judge} | ${row.dimension || 'overall'} | ${row.consistent} (${percent(row.consistent, row.pairs)}) | ` +
        `${row.inconsistent} (${percent(row.inconsistent, row.pairs)}) | ${row.invalid} (${percent(row.invalid, row.pairs)}) | ${row.pairs} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

const PARTS = [
  ['consistent', '#2e7d32'],
  ['inconsistent', '#c62828'],
  ['invalid', '#9e9e9e'],
] as const;

/** One stacked bar per judge and criterion: consistent, inconsistent, invalid, as shares of its pairs. */
export function positionBiasChart(rows: readonly PositionBiasRow[]): string {
  const label = 260;
  const width = 400;
  const bars = rows
    .map((row, i) => {
      const y = i * 28 + 24;
      let x = label;
      const parts = PARTS.map(([part, colour]) => {
        const share = row.pairs ? row[part] / row.pairs : 0;
        const w = share * width;
        const rect = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="18" fill="${colour}"><title>${part}: ${row[part]} of ${row.pairs}</title></rect>`;
        x += w;
        return rect;
      }).join('');
      const name = escapeHtml(`${row.judge} · ${row.dimension || 'overall'}`);
      return `<text x="0" y="${y + 14}">${name}</text>${parts}<text x="${label + width + 6}" y="${y + 14}">${percent(row.inconsistent, row.pairs)} flip</text>`;
    })
    .join('');
  const legend = PARTS.map(
    ([part, colour], i) =>
      `<rect x="${label + i * 130}" y="2" width="12" height="12" fill="${colour}"/><text x="${label + i * 130 + 16}" y="13">${part}</text>`,
  ).join('');
  return `<svg role="img" aria-label="position bias per criterion" width="${label + width + 90}" height="${rows.length * 28 + 32}">${legend}${bars}</svg>`;
}

export function positionBiasHtml(title: string, rows: readonly PositionBiasRow[]): string {
  return htmlReportPage(title, positionBiasChart(rows), positionBiasMarkdown(rows), 60);
}
