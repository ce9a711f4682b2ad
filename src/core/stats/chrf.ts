/**
 * chrF++ (Popović 2017) as sacreBLEU computes it by default (CHRF with word_order = 2): character
 * n-grams of orders 1–6 with whitespace removed, word n-grams of orders 1–2 (words split on
 * whitespace, one punctuation mark split off a word's end, else its start), β = 2. Per order:
 * n-gram counts of the hypothesis, the reference and their overlap; precision and recall averaged
 * over the orders both sides have ("effective order"), then F-β, × 100. A corpus score sums the
 * counts over segments first. Characters are code points (Python's), so Burmese and Bangla marks
 * count one each. Checked against sacreBLEU (test/data).
 */
const CHAR_ORDER = 6;
const WORD_ORDER = 2;
const BETA = 2;
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** [hypothesis count, reference count, matches] for each order: characters first, then words. */
export type ChrfStatistics = number[];

function ngramCounts(items: readonly string[], n: number, joiner: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= items.length; i++) {
    const gram = items.slice(i, i + n).join(joiner);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function words(text: string): string[] {
  const tokens: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const chars = [...word];
    if (chars.length === 1) tokens.push(word);
    else if (PUNCTUATION.has(chars.at(-1)!)) tokens.push(chars.slice(0, -1).join(''), chars.at(-1)!);
    else if (PUNCTUATION.has(chars[0])) tokens.push(chars[0], chars.slice(1).join(''));
    else tokens.push(word);
  }
  return tokens;
}

function allNgrams(text: string): Map<string, number>[] {
  const characters = [...text.split(/\s+/).join('')];
  const tokens = words(text);
  return [
    ...Array.from({ length: CHAR_ORDER }, (_, i) => ngramCounts(characters, i + 1, '')),
    ...Array.from({ length: WORD_ORDER }, (_, i) => ngramCounts(tokens, i + 1, ' ')),
  ];
}

const total = (counts: ReadonlyMap<string, number>) => [...counts.values()].reduce((sum, v) => sum + v, 0);

/** A text's n-gram counts and their totals per order: computed once for a text compared with many. */
export interface ChrfProfile {
  readonly counts: readonly Map<string, number>[];
  readonly totals: readonly number[];
}

export function chrfProfile(text: string): ChrfProfile {
  const counts = allNgrams(text);
  return { counts, totals: counts.map(total) };
}

export function profileStatistics(hypothesis: ChrfProfile, reference: ChrfProfile): ChrfStatistics {
  return hypothesis.counts.flatMap((counts, order) => {
    let matches = 0;
    const other = reference.counts[order];
    for (const [gram, count] of counts) matches += Math.min(count, other.get(gram) ?? 0);
    return [hypothesis.totals[order], reference.totals[order], matches];
  });
}

export const chrfStatistics = (hypothesis: string, reference: string): ChrfStatistics =>
  profileStatistics(chrfProfile(hypothesis), chrfProfile(reference));

/** The score (0–100) of summed statistics. */
export function chrfScore(statistics: ChrfStatistics): number {
  let precision = 0;
  let recall = 0;
  let effectiveOrder = 0;
  for (let i = 0; i < statistics.length; i += 3) {
    const [hyp, ref, matches] = statistics.slice(i, i + 3);
    if (hyp > 0 && ref > 0) {
      precision += matches / hyp;
      recall += matches / ref;
      effectiveOrder++;
    }
  }
  if (effectiveOrder === 0) return 0;
  [precision, recall] = [precision / effectiveOrder, recall / effectiveOrder];
  const factor = BETA ** 2;
  return precision + recall ? (100 * (1 + factor) * precision * recall) / (factor * precision + recall) : 0;
}

export const sentenceChrf = (hypothesis: string, reference: string): number =>
  chrfScore(chrfStatistics(hypothesis, reference));

export function corpusChrf(pairs: readonly (readonly [string, string])[]): number {
  const summed = new Array<number>(3 * (CHAR_ORDER + WORD_ORDER)).fill(0);
  for (const [hypothesis, reference] of pairs)
    chrfStatistics(hypothesis, reference).forEach((value, i) => (summed[i] += value));
  return chrfScore(summed);
}
