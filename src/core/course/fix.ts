/**
 * `akkhara lint --fix`: the quick fixes that cannot change what a text means, applied in place —
 * NFC, ৎ for the legacy khanda ta, stray zero-width joiners removed, ASCII digits for native ones and
 * sentence marks removed in code, Zawgyi lines converted to Unicode (prose only: the analysis offers
 * that fix only there). Other findings (a look-alike letter, an English word in prose, a foreign
 * fragment) need a person. Fixes never overlap: a fix that touches another is left for the next
 * pass, and each pass analyses the text again, until nothing fixable is left.
 */
import { analyzeText, type AnalyzeOptions } from '../analysis/findings';
import type { FindingCode } from '../analysis/terms';

/** The checks whose fixes `--fix` applies. */
export const SAFE_FIXES: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'not-nfc',
  'legacy-khanda-ta',
  'stray-joiner',
  'native-in-code',
  'zawgyi',
]);

/** A fix that makes another fixable spot is taken in the next pass; more passes mean a loop. */
const MAX_PASSES = 10;

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function safeEdits(text: string, options: AnalyzeOptions): Edit[] {
  const { findings } = analyzeText(text, options);
  const edits: Edit[] = [];
  for (let i = 0; i < findings.length; i++) {
    if (!SAFE_FIXES.has(findings.code(i))) continue;
    const replacement = findings.replacement(i);
    if (replacement === undefined) continue;
    edits.push({ start: findings.start(i), end: findings.end(i), text: replacement });
  }
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  // Two fixes of one span, or overlapping ones: the first only; the rest wait for the next pass.
  const kept: Edit[] = [];
  for (const edit of edits) if (!kept.length || edit.start >= kept[kept.length - 1].end) kept.push(edit);
  return kept;
}

export interface FixResult {
  readonly text: string;
  /** How many fixes were applied, over all passes. */
  readonly fixed: number;
}

export function fixText(text: string, options: AnalyzeOptions): FixResult {
  let fixed = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const edits = safeEdits(text, options);
    if (edits.length === 0) break;
    let out = '';
    let at = 0;
    for (const edit of edits) {
      out += text.slice(at, edit.start) + edit.text;
      at = edit.end;
    }
    const next = out + text.slice(at);
    if (next === text) break; // a fix that changes nothing would loop
    text = next;
    fixed += edits.length;
  }
  return { text, fixed };
}
