/**
 * Encoding-level findings: text not in NFC, the legacy khanda-ta sequence, and zero-width
 * characters where they do nothing (or worse: break search and code).
 */
import { ALL_SCRIPTS, scriptBit, scriptSetOf } from '../script/scripts';

const MYANMAR = scriptBit('Myanmar');
const BENGALI = scriptBit('Bengali');
const NATIVE = MYANMAR | BENGALI;

export const INVISIBLE_NAMES: Readonly<Record<string, string>> = {
  '\u200B': 'U+200B ZERO WIDTH SPACE',
  '\u200C': 'U+200C ZERO WIDTH NON-JOINER',
  '\u200D': 'U+200D ZERO WIDTH JOINER',
  '\uFEFF': 'U+FEFF ZERO WIDTH NO-BREAK SPACE',
};

/** Viramas (Bengali hasanta, Devanagari virama, Myanmar virama and asat), beside which joiners shape conjuncts. */
const VIRAMAS = new Set(['\u09CD', '\u094D', '\u1039', '\u103A']);
const EMOJI = /\p{Extended_Pictographic}/u;
const isVirama = (unit: number) => unit === 0x09cd || unit === 0x094d || unit === 0x1039 || unit === 0x103a;

function hasScript(ch: string | undefined, mask: number): boolean {
  if (ch === undefined) return false;
  const set = scriptSetOf(ch.codePointAt(0)!);
  return set !== ALL_SCRIPTS && (set & mask) !== 0;
}

/** Whether the zero-width character at `i` does something where it stands. */
export function isMeaningfulInvisible(text: string, i: number): boolean {
  // The common case first, without building strings: a joiner beside a virama (র‍্য in Bangla).
  if (text.charCodeAt(i) === 0x200d && (isVirama(text.charCodeAt(i - 1)) || isVirama(text.charCodeAt(i + 1))))
    return true;
  const ch = text[i];
  const before = codePointBefore(text, i);
  const after = codePointAfter(text, i);
  switch (ch) {
    case '\u200D': // shapes conjuncts (র‍্য) and emoji sequences
      return (
        VIRAMAS.has(before ?? '') ||
        VIRAMAS.has(after ?? '') ||
        EMOJI.test(before ?? '') ||
        EMOJI.test(after ?? '')
      );
    case '\u200C': // breaks a conjunct or ligature between two letters of the script
      return VIRAMAS.has(before ?? '') || (hasScript(before, NATIVE) && hasScript(after, NATIVE));
    case '\u200B': // a word boundary in Burmese, which writes no spaces between words
      return hasScript(before, MYANMAR) && hasScript(after, MYANMAR);
    case '\uFEFF': // a byte-order mark at the very start
      return i === 0;
    default:
      return true;
  }
}

/** The whole code point ending just before `i` (both halves of a surrogate pair), if any. */
function codePointBefore(text: string, i: number): string | undefined {
  if (i <= 0) return undefined;
  const low = text.charCodeAt(i - 1);
  return low >= 0xdc00 && low <= 0xdfff && i >= 2 ? text.slice(i - 2, i) : text[i - 1];
}

function codePointAfter(text: string, i: number): string | undefined {
  const cp = text.codePointAt(i + 1);
  return cp === undefined ? undefined : String.fromCodePoint(cp);
}

/** ৎ, which replaced ত + hasanta + ZWJ (how khanda ta was written before Unicode 4.1). */
export const KHANDA_TA = '\u09CE';
