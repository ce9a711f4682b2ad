/**
 * Mixed-script findings for a document or an answer: foreign-script fragments in Burmese/Bangla
 * prose, English words in prose (counted, hinted), and Burmese/Bangla characters in Python code.
 * Offsets are UTF-16; messages are built by the caller in the UI language (messages.ts).
 */
import type { AnswerLanguage, AnswerLanguageSetting } from '../languages';
import { ALL_SCRIPTS, scriptBit, scriptNames, scriptSetOf, type ScriptMask } from '../script/scripts';
import { segmentMarkdown } from './markdown';
import { KHANDA_TA, LEGACY_KHANDA_TA, strayInvisibles, toAsciiDigits } from './invisibles';
import { tokenizePython } from './python';
import { isZawgyi, zawgyiProbability, zawgyiToUnicode } from './zawgyi';

export type FindingCode =
  | 'foreign-script'
  | 'latin-in-prose'
  | 'native-in-code'
  | 'not-nfc'
  | 'legacy-khanda-ta'
  | 'stray-joiner'
  | 'zawgyi';
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type DocumentKind = 'markdown' | 'python' | 'plaintext';

export const DEFAULT_SEVERITY: Readonly<Record<FindingCode, Severity>> = {
  'foreign-script': 'warning',
  'latin-in-prose': 'hint',
  'native-in-code': 'error',
  'not-nfc': 'info',
  'legacy-khanda-ta': 'info',
  'stray-joiner': 'info',
  zawgyi: 'warning',
};

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Scripts of the offending text (Unicode names, e.g. "Thai"). */
  readonly scripts: readonly string[];
  /** What the quick fix puts in place of the text, when there is a safe one. */
  readonly replacement?: string;
}

export interface AnalysisStats {
  /** Prose tokens holding at least one letter of some script. */
  readonly proseTokens: number;
  readonly foreignTokens: number;
  readonly latinTokens: number;
  readonly codeCorruptions: number;
  readonly foreignShare: number;
  readonly latinShare: number;
  /** The highest Zawgyi probability of any Burmese prose line (0 without Burmese). */
  readonly zawgyiProbability: number;
}

export interface Analysis {
  /** The prose language checked against; undefined when the text has no Burmese or Bangla. */
  readonly target: AnswerLanguage | undefined;
  readonly findings: Finding[];
  readonly stats: AnalysisStats;
}

const LATIN = scriptBit('Latin');
const TARGET_BITS: Record<AnswerLanguage, ScriptMask> = {
  my: scriptBit('Myanmar'),
  bn: scriptBit('Bengali'),
};
const NATIVE = TARGET_BITS.my | TARGET_BITS.bn;
const PYTHON_FENCES = new Set(['python', 'py', 'python3', '']);

interface Region {
  readonly kind: 'prose' | 'code';
  readonly start: number;
  readonly end: number;
}

function regionsOf(text: string, kind: DocumentKind): Region[] {
  const python = (start: number, end: number): Region[] =>
    tokenizePython(text, start, end).map((r) => ({
      kind: r.kind === 'code' ? 'code' : 'prose',
      start: r.start,
      end: r.end,
    }));
  if (kind === 'plaintext') return [{ kind: 'prose', start: 0, end: text.length }];
  if (kind === 'python') return python(0, text.length);
  return segmentMarkdown(text).flatMap((s): Region[] => {
    if (s.kind === 'prose') return [{ kind: 'prose', start: s.start, end: s.end }];
    if (s.kind === 'code' && PYTHON_FENCES.has(s.language ?? '')) return python(s.start, s.end);
    return []; // inline code, fences, other languages: not checked
  });
}

/** Burmese or Bangla, whichever has more letters; undefined when neither appears. */
export function detectTarget(text: string): AnswerLanguage | undefined {
  let my = 0;
  let bn = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    const set = scriptSetOf(cp);
    if (set === ALL_SCRIPTS) continue;
    if (set & TARGET_BITS.my) my++;
    if (set & TARGET_BITS.bn) bn++;
  }
  if (my === 0 && bn === 0) return undefined;
  return my >= bn ? 'my' : 'bn';
}

const isSpace = (cp: number) =>
  cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0xa0 || cp === 0x3000 || (cp >= 0x2000 && cp <= 0x200a);

/**
 * Reports each maximal run of code points matching `offending` in [start, end), extended over
 * Common/Inherited non-space characters between them (marks, joiners), never past whitespace.
 */
function offendingRuns(
  text: string,
  start: number,
  end: number,
  offending: (set: ScriptMask) => boolean,
  report: (s: number, e: number, set: ScriptMask) => void,
): void {
  let runStart = -1;
  let runEnd = -1;
  let runSet = ALL_SCRIPTS;
  const close = () => {
    if (runStart >= 0) report(runStart, runEnd, runSet);
    runStart = -1;
    runSet = ALL_SCRIPTS;
  };
  for (let i = start; i < end;) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const set = scriptSetOf(cp);
    if (offending(set)) {
      if (runStart < 0) runStart = i;
      runEnd = i + width;
      runSet &= set;
    } else if (set !== ALL_SCRIPTS || isSpace(cp)) {
      close();
    }
    i += width;
  }
  close();
}

export interface AnalyzeOptions {
  readonly kind: DocumentKind;
  readonly target: AnswerLanguageSetting;
}

const NAMES_BY_MASK = new Map<ScriptMask, readonly string[]>();
/** Script names per mask, computed once: there are few distinct masks and many findings. */
function namesOf(set: ScriptMask): readonly string[] {
  let names = NAMES_BY_MASK.get(set);
  if (!names) NAMES_BY_MASK.set(set, (names = scriptNames(set)));
  return names;
}

export function analyzeText(text: string, options: AnalyzeOptions): Analysis {
  const target = options.target === 'auto' ? detectTarget(text) : options.target;
  // NFC text stays NFC when cut at whitespace, so one check spares most per-token normalizing.
  const textIsNfc = text.normalize('NFC') === text;
  const findings: Finding[] = [];
  const add = (code: FindingCode, start: number, end: number, set: ScriptMask, replacement?: string) =>
    findings.push({
      code,
      severity: DEFAULT_SEVERITY[code],
      start,
      end,
      text: text.slice(start, end),
      scripts: namesOf(set),
      ...(replacement !== undefined && { replacement }),
    });
  let proseTokens = 0;
  let foreignTokens = 0;
  let latinTokens = 0;
  let maxZawgyi = 0;

  for (const region of regionsOf(text, options.kind)) {
    for (const run of strayInvisibles(text, region.start, region.end))
      add('stray-joiner', run.start, run.end, ALL_SCRIPTS, '');
    if (region.kind === 'code') {
      // Name only Burmese/Bangla: their digits are shared with Chakma and Tai Le, which would confuse.
      offendingRuns(
        text,
        region.start,
        region.end,
        (set) => set !== ALL_SCRIPTS && (set & NATIVE) !== 0,
        (s, e, set) => add('native-in-code', s, e, set & NATIVE, codeReplacement(text.slice(s, e))),
      );
      continue;
    }
    for (
      let at = text.indexOf(LEGACY_KHANDA_TA, region.start);
      at >= 0 && at + LEGACY_KHANDA_TA.length <= region.end;
    ) {
      add('legacy-khanda-ta', at, at + LEGACY_KHANDA_TA.length, TARGET_BITS.bn, KHANDA_TA);
      at = text.indexOf(LEGACY_KHANDA_TA, at + LEGACY_KHANDA_TA.length);
    }
    if (!target) continue;
    if (target === 'my') {
      forEachBurmeseLine(text, region.start, region.end, (start, end) => {
        const line = text.slice(start, end);
        const probability = zawgyiProbability(line);
        maxZawgyi = Math.max(maxZawgyi, probability);
        if (isZawgyi(line, probability)) add('zawgyi', start, end, TARGET_BITS.my, zawgyiToUnicode(line));
      });
    }
    const allowed = TARGET_BITS[target] | LATIN;
    forEachToken(text, region.start, region.end, (start, end) => {
      let hasLetter = false;
      let hasForeign = false;
      let latinStart = -1;
      let latinEnd = -1;
      for (let i = start; i < end;) {
        const cp = text.codePointAt(i)!;
        const width = cp > 0xffff ? 2 : 1;
        const set = scriptSetOf(cp);
        if (set !== ALL_SCRIPTS) {
          hasLetter = true;
          if ((set & allowed) === 0) hasForeign = true;
          if (set & LATIN) {
            if (latinStart < 0) latinStart = i;
            latinEnd = i + width;
          }
        }
        i += width;
      }
      if (!hasLetter) return;
      proseTokens++;
      if (hasForeign) {
        foreignTokens++;
        offendingRuns(
          text,
          start,
          end,
          (set) => set !== ALL_SCRIPTS && (set & allowed) === 0,
          (s, e, set) => add('foreign-script', s, e, set),
        );
      }
      if (latinStart >= 0) {
        latinTokens++;
        // "Mark as code" only makes sense in Markdown; elsewhere no replacement is built.
        const asCode = options.kind === 'markdown' ? `\`${text.slice(latinStart, latinEnd)}\`` : undefined;
        add('latin-in-prose', latinStart, latinEnd, LATIN, asCode);
      }
      if (!textIsNfc) {
        const token = text.slice(start, end);
        const normalized = token.normalize('NFC');
        if (normalized !== token) add('not-nfc', start, end, ALL_SCRIPTS, normalized);
      }
    });
  }

  const codeCorruptions = findings.filter((f) => f.code === 'native-in-code').length;
  const share = (n: number) => (proseTokens ? n / proseTokens : 0);
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return {
    target,
    findings,
    stats: {
      proseTokens,
      foreignTokens,
      latinTokens,
      codeCorruptions,
      foreignShare: share(foreignTokens),
      latinShare: share(latinTokens),
      zawgyiProbability: maxZawgyi,
    },
  };
}

/** Native digits become ASCII; sentence punctuation (။ ၊ । ॥) is removed; letters have no safe fix. */
function codeReplacement(run: string): string | undefined {
  if (/^[\u1040-\u1049\u09E6-\u09EF]+$/.test(run)) return toAsciiDigits(run);
  if (/^[\u104A\u104B\u0964\u0965]+$/.test(run)) return '';
  return undefined;
}

/** Each line's span from its first to its last Burmese character, within [start, end). */
function forEachBurmeseLine(
  text: string,
  start: number,
  end: number,
  visit: (start: number, end: number) => void,
): void {
  let first = -1;
  let last = -1;
  for (let i = start; i <= end; i++) {
    const code = i < end ? text.charCodeAt(i) : 0x0a;
    if (code === 0x0a) {
      if (first >= 0) visit(first, last + 1);
      first = last = -1;
    } else if (code >= 0x1000 && code <= 0x109f) {
      if (first < 0) first = i;
      last = i;
    }
  }
}

function forEachToken(
  text: string,
  start: number,
  end: number,
  visit: (start: number, end: number) => void,
): void {
  let tokenStart = -1;
  for (let i = start; i < end; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && tokenStart < 0) tokenStart = i;
    else if (space && tokenStart >= 0) {
      visit(tokenStart, i);
      tokenStart = -1;
    }
  }
  if (tokenStart >= 0) visit(tokenStart, end);
}
