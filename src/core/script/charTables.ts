/**
 * Per-character tables for the analysis scanner, so its hot loop reads one flag byte per UTF-16
 * unit and takes a slow path only for the few characters that need one. Built once at load from the
 * generated Unicode data (see scripts/scriptData.mjs).
 */
import {
  CLASS_RANKS,
  COMPOSING_PAIRS,
  INHERITED_RANGES,
  NOT_NFC,
  SCRIPT_PUNCTUATION_RANGES,
} from 'akkhara:script-data';

const BMP_SIZE = 0x10000;

/** Whitespace: tokens end here. */
export const SPACE = 1;
/** ZWSP, ZWNJ, ZWJ, BOM: meaningful only in some contexts. */
export const INVISIBLE = 2;
/** Inherited (combining marks, ZWJ, ZWNJ): part of the word around it. */
export const INHERITED = 4;
/** May make the text other than NFC: look up NFC_INFO. */
export const NFC_RELEVANT = 8;
/** ေ (U+1031) and U+1060–U+1097: where Zawgyi-only spellings show (see zawgyi.ts). */
export const ZAWGYI_SPELLING = 16;
/** Myanmar digits that look like letters: ၀ (zero, letter ဝ) and ၇ (seven, letter ရ). */
export const LOOKALIKE_DIGIT = 32;

/** Punctuation of a particular script (danda, ။ ၊): ends a word although it has a script. */
export const SCRIPT_PUNCTUATION = 64;

/** NFC_INFO bits: the low byte is the combining-class rank (0 for starters). */
export const RANK_MASK = 0xff;
export const ALWAYS_CHANGES = 0x100;
/** Second half of a composing pair: composes with the character before it. */
export const COMPOSES_BACKWARD = 0x200;
/** Composes by an algorithm rather than a pair (Hangul jamo): always worth the precise check. */
export const CHECK_PRECISELY = 0x400;

export const CHAR_FLAGS = new Uint8Array(BMP_SIZE);
export const NFC_INFO = new Uint16Array(BMP_SIZE);
const astralNfcInfo = new Map<number, number>();
/** Second → the characters it composes with (few each): small integer keys, no large-number hashing. */
const composingFirsts = new Map<number, number[]>();

function setNfcInfo(cp: number, bits: number): void {
  if (cp < BMP_SIZE) {
    NFC_INFO[cp] |= bits;
    CHAR_FLAGS[cp] |= NFC_RELEVANT;
  } else astralNfcInfo.set(cp, (astralNfcInfo.get(cp) ?? 0) | bits);
}

/** The whitespace characters: tokens end at them. */
export const SPACE_CODE_POINTS: readonly number[] = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
  0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
];
for (const cp of SPACE_CODE_POINTS) CHAR_FLAGS[cp] |= SPACE;
for (const cp of [0x200b, 0x200c, 0x200d, 0xfeff]) CHAR_FLAGS[cp] |= INVISIBLE;
function flagRanges(ranges: readonly number[], flag: number): void {
  for (let i = 0; i < ranges.length; i += 2) {
    for (let cp = ranges[i]; cp < Math.min(ranges[i + 1], BMP_SIZE); cp++) CHAR_FLAGS[cp] |= flag;
  }
}
flagRanges(INHERITED_RANGES, INHERITED);
flagRanges(SCRIPT_PUNCTUATION_RANGES, SCRIPT_PUNCTUATION);
CHAR_FLAGS[0x1031] |= ZAWGYI_SPELLING;
for (let cp = 0x1060; cp <= 0x1097; cp++) CHAR_FLAGS[cp] |= ZAWGYI_SPELLING;
CHAR_FLAGS[0x1040] |= LOOKALIKE_DIGIT;
CHAR_FLAGS[0x1047] |= LOOKALIKE_DIGIT;

for (const cp of NOT_NFC) setNfcInfo(cp, ALWAYS_CHANGES);
for (let i = 0; i < CLASS_RANKS.length; i += 2) setNfcInfo(CLASS_RANKS[i], CLASS_RANKS[i + 1]);
for (let i = 0; i < COMPOSING_PAIRS.length; i += 2) {
  const [first, second] = [COMPOSING_PAIRS[i], COMPOSING_PAIRS[i + 1]];
  setNfcInfo(second, COMPOSES_BACKWARD);
  const firsts = composingFirsts.get(second);
  if (firsts) firsts.push(first);
  else composingFirsts.set(second, [first]);
}
// Hangul jamo vowels and trailing consonants compose with the syllable before them (algorithmically).
for (let cp = 0x1161; cp <= 0x1175; cp++) setNfcInfo(cp, CHECK_PRECISELY);
for (let cp = 0x11a8; cp <= 0x11c2; cp++) setNfcInfo(cp, CHECK_PRECISELY);

/** NFC information of any code point (see the bits above). */
export function nfcInfoOf(cp: number): number {
  return cp < BMP_SIZE ? NFC_INFO[cp] : (astralNfcInfo.get(cp) ?? 0);
}

/** Whether NFC composes `first` and `second` (adjacent) into one code point; Hangul is not covered. */
/** For a BMP second character of composing pairs: its only first character, or MANY_FIRSTS. */
const ONLY_FIRST = new Uint16Array(BMP_SIZE);
const MANY_FIRSTS = 0xffff;
for (const [second, firsts] of composingFirsts) {
  if (second < BMP_SIZE)
    ONLY_FIRST[second] = firsts.length === 1 && firsts[0] < BMP_SIZE ? firsts[0] : MANY_FIRSTS;
}

/** Whether `first` + `second` compose under NFC (া after ে in Bangla: a hot path, so a table first). */
export function composes(first: number, second: number): boolean {
  const only = second < BMP_SIZE ? ONLY_FIRST[second] : MANY_FIRSTS;
  if (only === 0) return false;
  if (only !== MANY_FIRSTS) return only === first;
  return composingFirsts.get(second)?.includes(first) ?? false;
}

/** Whether ေ may follow this character in Unicode Burmese (in Zawgyi it is typed before its consonant). */
export function mayCarryVowelE(previous: number): boolean {
  return (
    (previous >= 0x1000 && previous <= 0x102a) ||
    (previous >= 0x103b && previous <= 0x103e) ||
    previous === 0x1039
  );
}

/** RUN_RANK values above the ranks: characters the fast run checks against the one before them. */
export const RUN_COMPOSES = 254;
export const RUN_VOWEL_E = 255;

/**
 * For the scanner's fast run over a word: 0 where a character needs the full per-character path
 * (and for surrogates); 1 + its combining-class rank where only its order matters; RUN_COMPOSES for
 * a starter that may compose with the character before it (া, ী); RUN_VOWEL_E for ေ.
 */
export const RUN_RANK = new Uint8Array(BMP_SIZE);
for (let cp = 0; cp < BMP_SIZE; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  const flags = CHAR_FLAGS[cp];
  const info = NFC_INFO[cp];
  if (flags === 0) RUN_RANK[cp] = 1;
  else if (flags === NFC_RELEVANT && (info & ~RANK_MASK) === 0) RUN_RANK[cp] = 1 + info;
  else if (flags === NFC_RELEVANT && info === COMPOSES_BACKWARD) RUN_RANK[cp] = RUN_COMPOSES;
}
RUN_RANK[0x1031] = CHAR_FLAGS[0x1031] === ZAWGYI_SPELLING ? RUN_VOWEL_E : 0;
if (Math.max(...CLASS_RANKS.filter((_, i) => i % 2 === 1)) + 1 >= RUN_COMPOSES)
  throw new Error('combining-class ranks no longer fit the fast-run table');
