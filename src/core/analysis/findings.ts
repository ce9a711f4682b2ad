/**
 * Mixed-script findings for a document or an answer: foreign-script fragments and mixed words in
 * Burmese/Bangla prose, English words in prose (counted, hinted), Burmese/Bangla characters in
 * Python code, and encoding problems. Offsets are UTF-16; messages are built by the caller in the
 * UI language (messages.ts). The work is split into chunks (chunks.ts) so that an editor can
 * re-analyse only the chunks an edit touched (IncrementalAnalyzer).
 */
import type { AnswerLanguage, AnswerLanguageSetting } from '../languages';
import { scriptBit, type ScriptMask } from '../script/scripts';
import { chunkSignature, planChunks, wholeText, type Chunk } from './chunks';
import { mixScoreOf } from './mixScore';
import { PythonTokenizer, type PythonRegionSink } from './python';
import {
  emptyCounts,
  LATIN,
  ProseScanner,
  scanCode,
  TARGET_BITS,
  type FindingSink,
  type ProseCounts,
} from './scanner';
import { FindingList, severityTable, type SeverityTable } from './findingList';

export { FINDING_CODES } from './findingList';

export { DEFAULT_SEVERITY, type DocumentKind, type Finding, type FindingCode, type Severity } from './terms';
import type { DocumentKind, FindingCode, Severity } from './terms';
import { DEFAULT_SEVERITY } from './terms';

export interface AnalysisStats {
  /** Prose tokens holding at least one letter of some script. */
  readonly proseTokens: number;
  readonly foreignTokens: number;
  readonly latinTokens: number;
  /** Words mixing scripts, and look-alike digits inside words. */
  readonly mixedTokens: number;
  readonly codeCorruptions: number;
  readonly foreignShare: number;
  readonly latinShare: number;
  readonly mixedShare: number;
  /** Lines found to be Zawgyi. */
  readonly zawgyiLines: number;
  /** The highest Zawgyi probability of a Burmese line with a Zawgyi-only spelling (0 when none has one). */
  readonly zawgyiProbability: number;
  /** 0 (clean) … 1 (unusable); see mixScore.ts for the formula. */
  readonly mixScore: number;
  /** The mix score as a 0–4 mix penalty on the Burmese-Coder-4B judge rubric's scale. */
  readonly mixPenalty: 0 | 1 | 2 | 3 | 4;
}

export interface Analysis {
  /** The prose language checked against; undefined when the text has no Burmese or Bangla. */
  readonly target: AnswerLanguage | undefined;
  /** In document order. */
  readonly findings: FindingList;
  readonly stats: AnalysisStats;
}

export interface AnalyzeOptions {
  readonly kind: DocumentKind;
  readonly target: AnswerLanguageSetting;
  /** Scripts welcome in prose besides the target and Latin, by Unicode name (e.g. "Thai"). */
  readonly allowedScripts?: readonly string[];
  /** Severity per code; "off" drops the finding (it still counts in the stats). */
  readonly severity?: Readonly<Partial<Record<FindingCode, Severity | 'off'>>>;
}

/** What one chunk counts, besides its findings. */
interface ChunkCounts {
  readonly counts: ProseCounts;
  readonly codeCorruptions: number;
}

/** A cached chunk: its findings relative to the chunk's start, so it can be reused after edits above it. */
interface ChunkResult extends ChunkCounts {
  readonly findings: FindingList;
}

const DEFAULT_SEVERITIES = severityTable(DEFAULT_SEVERITY);

/** Burmese and Bangla characters in [start, end): the votes behind detectTarget. */
type LetterVotes = readonly [burmese: number, bangla: number];

/** Per 32-unit block of the BMP: 1 Bengali, 2 Myanmar, Myanmar Extended-A or -B (the blocks align to 32). */
const VOTE_BLOCKS = new Uint8Array(0x10000 >> 5);
const BANGLA_VOTE = 1;
const BURMESE_VOTE = 2;
for (const [first, last, vote] of [
  [0x0980, 0x09ff, BANGLA_VOTE],
  [0x1000, 0x109f, BURMESE_VOTE],
  [0xa9e0, 0xa9ff, BURMESE_VOTE],
  [0xaa60, 0xaa7f, BURMESE_VOTE],
])
  VOTE_BLOCKS.fill(vote, first >> 5, (last >> 5) + 1);

/**
 * Counts by block ranges, which suffice for a vote (not a classification): Myanmar, Extended-A/B
 * and Extended-C; Bengali. Without branches on the unit: sampled units alternate between the
 * scripts and ASCII at random (measured: half the votes' time went to mispredicted branches).
 */
function letterVotes(text: string, start: number, end: number, stride = 1): LetterVotes {
  let burmese = 0;
  let bangla = 0;
  for (let i = start; i < end; i += stride) {
    const unit = text.charCodeAt(i);
    const vote = VOTE_BLOCKS[unit >> 5];
    bangla += vote & BANGLA_VOTE;
    burmese += vote >> 1;
    // Myanmar Extended-C (U+116D0–U+116E3) is astral.
    if (unit === 0xd805 && (text.charCodeAt(i + 1) & 0xfff0) >= 0xded0 && text.charCodeAt(i + 1) <= 0xdee3)
      burmese++;
  }
  return [burmese, bangla];
}

function elect(burmese: number, bangla: number): AnswerLanguage | undefined {
  if (burmese === 0 && bangla === 0) return undefined;
  return burmese >= bangla ? 'my' : 'bn';
}

/** Burmese or Bangla, whichever has more characters; undefined when neither appears. */
export function detectTarget(text: string): AnswerLanguage | undefined {
  return elect(...sampledVotes(text));
}

/** Allowed-script mask for the options; unknown script names are ignored (settings are validated upstream). */
function allowedMask(target: AnswerLanguage | undefined, allowedScripts: readonly string[] = []): ScriptMask {
  let mask = LATIN | (target ? TARGET_BITS[target] : 0);
  for (const name of allowedScripts) {
    try {
      mask |= scriptBit(name);
    } catch {
      // not a tracked script: nothing to allow
    }
  }
  return mask;
}

const PYTHON_FENCES = new Set(['python', 'py', 'python3', '']);

/**
 * Analyses one chunk into `findings`, at the severities given (or dropped where "off"); offsets are
 * relative to `base` (0: the text; chunk.start: the chunk), and the findings read their text from
 * `source`, a string whose offset 0 is `base` in the text.
 */
function analyzeChunk(
  base: number,
  source: string,
  text: string,
  chunk: Chunk,
  kind: DocumentKind,
  target: AnswerLanguage | undefined,
  allowed: ScriptMask,
  findings: FindingList,
  severities: SeverityTable,
): ChunkCounts {
  findings.readFrom(source);
  const sink: FindingSink = {
    add(code, start, end, set, replacement) {
      findings.add(code, severities, start - base, end - base, set, replacement);
    },
  };
  const counts = emptyCounts();
  const prose = new ProseScanner(text, { target, allowed, markdown: kind === 'markdown' }, sink, counts);
  let codeCorruptions = 0;
  let python: PythonTokenizer | undefined;
  const pythonRegion: PythonRegionSink = (pythonKind, start, end, asciiOnly) => {
    if (pythonKind !== 'code') prose.scan(start, end);
    else if (!asciiOnly) codeCorruptions += scanCode(text, start, end, sink);
  };
  chunk.eachRegion((kind, start, end) => {
    if (kind === 'prose') prose.scan(start, end);
    else (python ??= new PythonTokenizer(text)).tokenize(start, end, pythonRegion);
  });
  return { counts, codeCorruptions };
}

/** Where analyzeWith gets each chunk's votes and findings: computed, or reused from an earlier analysis. */
interface ChunkSource {
  plan(text: string, kind: DocumentKind): readonly Chunk[];
  votes(chunk: Chunk): LetterVotes;
  /**
   * Adds the chunk's findings to `findings` at `severities` and returns its counts; `context` names
   * the options the result depends on. `compute` analyses the chunk (see analyzeChunk).
   */
  analyze(
    chunk: Chunk,
    context: string,
    findings: FindingList,
    severities: SeverityTable,
    compute: (base: number, findingText: string, into: FindingList, severities: SeverityTable) => ChunkCounts,
  ): ChunkCounts;
}

/** A copy of `text` that shares no memory with the string it was sliced from (exact, lone surrogates included). */
function ownCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** What is cached for one chunk text: its target-language votes and its results per layout and options. */
interface CachedChunk {
  /** An own copy of the chunk's text: the cache key, and the string the cached findings read from. */
  readonly text: string;
  votes?: LetterVotes;
  /** By layout (the chunk's regions and the options it was analysed with). */
  readonly results: Map<string, ChunkResult>;
  /** The results of the previous analysis, while this one looks for reusable ones. */
  earlier?: ReadonlyMap<string, ChunkResult>;
}

/** Caches chunk results between analyses of one document: an edit re-analyses only the chunks it touched. */
export class IncrementalAnalyzer {
  /**
   * By chunk text. Lookups use a slice of the document, hashed in place (no copy per edit); the
   * entries keep an own copy, so a cached chunk never keeps a whole version of the document alive.
   */
  private cache = new Map<string, CachedChunk>();
  /** How many chunks the last analysis had, and how many of them it had to analyse. */
  lastRun = { chunks: 0, analysed: 0 };

  analyze(text: string, options: AnalyzeOptions): Analysis {
    const next = new Map<string, CachedChunk>();
    const entries = new Map<Chunk, CachedChunk>();
    const entryOf = (chunk: Chunk): CachedChunk => {
      let entry = entries.get(chunk);
      if (entry) return entry;
      const slice = text.slice(chunk.start, chunk.end);
      entry = next.get(slice);
      if (!entry) {
        const earlier = this.cache.get(slice);
        entry = { text: earlier?.text ?? ownCopy(slice), results: new Map() };
        if (earlier) {
          entry.votes = earlier.votes;
          entry.earlier = earlier.results;
        }
        next.set(entry.text, entry);
      }
      entries.set(chunk, entry);
      return entry;
    };
    let chunks = 0;
    let analysed = 0;
    const analysis = analyzeWith(text, options, {
      plan: (whole, kind) => planChunks(whole, kind, PYTHON_FENCES),
      votes: (chunk) => {
        const entry = entryOf(chunk);
        return (entry.votes ??= letterVotes(text, chunk.start, chunk.end));
      },
      analyze: (chunk, context, findings, severities, compute) => {
        const entry = entryOf(chunk);
        const layout = context + chunkSignature(chunk);
        let result = entry.results.get(layout) ?? entry.earlier?.get(layout);
        if (!result) {
          // Cached findings keep their default severity (the settings apply as they are added).
          const own = new FindingList();
          result = { ...compute(chunk.start, entry.text, own, DEFAULT_SEVERITIES), findings: own.compact() };
          analysed++;
        }
        if (!entry.results.has(layout)) {
          entry.results.set(layout, result);
          chunks++;
        }
        findings.append(result.findings, chunk.start, severities);
        return result;
      },
    });
    for (const entry of next.values()) delete entry.earlier;
    this.lastRun = { chunks, analysed };
    this.cache = next;
    return analysis;
  }
}

/**
 * Every SAMPLE_STRIDE-th unit votes first; the full count runs only when the sample is small or
 * close (a bilingual lesson). Same answer as counting everything wherever the answer matters.
 */
const SAMPLE_STRIDE = 64;

function sampledVotes(text: string): LetterVotes {
  const [burmese, bangla] = letterVotes(text, 0, text.length, SAMPLE_STRIDE);
  const clear = burmese + bangla >= 64 && Math.abs(burmese - bangla) >= (burmese + bangla) / 4;
  return clear ? [burmese, bangla] : letterVotes(text, 0, text.length);
}

export function analyzeText(text: string, options: AnalyzeOptions): Analysis {
  return analyzeWith(text, options, {
    plan: (whole, kind) => [wholeText(whole, kind, PYTHON_FENCES)],
    votes: () => sampledVotes(text),
    analyze: (_chunk, _context, findings, severities, compute) => compute(0, text, findings, severities),
  });
}

function analyzeWith(text: string, options: AnalyzeOptions, source: ChunkSource): Analysis {
  const chunks = source.plan(text, options.kind);
  let target: AnswerLanguage | undefined;
  if (options.target !== 'auto') target = options.target;
  else {
    let burmese = 0;
    let bangla = 0;
    for (const chunk of chunks) {
      const [my, bn] = source.votes(chunk);
      burmese += my;
      bangla += bn;
    }
    target = elect(burmese, bangla);
  }
  const allowed = allowedMask(target, options.allowedScripts);
  const findings = new FindingList();
  const counts = emptyCounts();
  let codeCorruptions = 0;
  const severities = options.severity
    ? severityTable(DEFAULT_SEVERITY, options.severity)
    : DEFAULT_SEVERITIES;
  const context = `${options.kind}|${target ?? '-'}|${allowed}|`;
  // Chunks come in order and each chunk's findings are sorted: the whole list is in document order.
  for (const chunk of chunks) {
    const result = source.analyze(chunk, context, findings, severities, (base, findingText, into, levels) =>
      analyzeChunk(base, findingText, text, chunk, options.kind, target, allowed, into, levels),
    );
    counts.proseTokens += result.counts.proseTokens;
    counts.foreignTokens += result.counts.foreignTokens;
    counts.latinTokens += result.counts.latinTokens;
    counts.mixedTokens += result.counts.mixedTokens;
    counts.zawgyiLines += result.counts.zawgyiLines;
    counts.maxZawgyi = Math.max(counts.maxZawgyi, result.counts.maxZawgyi);
    codeCorruptions += result.codeCorruptions;
  }
  const share = (n: number) => (counts.proseTokens ? n / counts.proseTokens : 0);
  const measured = {
    proseTokens: counts.proseTokens,
    foreignTokens: counts.foreignTokens,
    latinTokens: counts.latinTokens,
    mixedTokens: counts.mixedTokens,
    codeCorruptions,
    foreignShare: share(counts.foreignTokens),
    latinShare: share(counts.latinTokens),
    mixedShare: share(counts.mixedTokens),
    zawgyiLines: counts.zawgyiLines,
    zawgyiProbability: counts.maxZawgyi,
  };
  return { target, findings: findings.compact(), stats: { ...measured, ...mixScoreOf(measured) } };
}
