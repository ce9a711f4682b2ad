// Builds the script table behind src/core/script/scripts.ts from the running Node's Unicode data
// (`\p{Script_Extensions=…}`), so classification always follows current Unicode rather than a
// stale copy (unicode-properties stops at Unicode 12). Output: code-point ranges, each with a
// bitmask of the scripts in its Script_Extensions.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Scripts with their own bit. Chakma, Tai Le and Syloti Nagri share digits with Myanmar or Bengali. */
export const TRACKED_SCRIPTS = [
  'Latin',
  'Myanmar',
  'Bengali',
  'Thai',
  'Devanagari',
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
  'Cyrillic',
  'Greek',
  'Arabic',
  'Hebrew',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Gujarati',
  'Gurmukhi',
  'Oriya',
  'Sinhala',
  'Khmer',
  'Lao',
  'Tibetan',
  'Georgian',
  'Armenian',
  'Ethiopic',
  'Chakma',
  'Tai_Le',
  'Syloti_Nagri',
];
/** Bit 30: any script not tracked above (also unassigned code points and lone surrogates). */
export const OTHER_BIT = 1 << TRACKED_SCRIPTS.length;
/** Common and Inherited characters belong to every script (UTS #39). */
export const ALL_SCRIPTS = 0x7fffffff;
const MAX_CODE_POINT = 0x10ffff;

export function computeScriptRanges() {
  const masks = new Int32Array(MAX_CODE_POINT + 1);
  const text = (cp) => (cp >= 0xd800 && cp <= 0xdfff ? '' : String.fromCodePoint(cp));
  TRACKED_SCRIPTS.forEach((name, bit) => {
    const re = new RegExp(`^\\p{scx=${name}}$`, 'u');
    for (let cp = 0; cp <= MAX_CODE_POINT; cp++) if (re.test(text(cp))) masks[cp] |= 1 << bit;
  });
  const commonOrInherited = /^[\p{scx=Zyyy}\p{scx=Zinh}]$/u;
  const trackedScript = new RegExp(
    `^[${TRACKED_SCRIPTS.map((s) => `\\p{sc=${s}}`).join('')}\\p{sc=Zyyy}\\p{sc=Zinh}]$`,
    'u',
  );
  for (let cp = 0; cp <= MAX_CODE_POINT; cp++) {
    const ch = text(cp);
    if (commonOrInherited.test(ch)) masks[cp] = ALL_SCRIPTS;
    else if (!trackedScript.test(ch)) masks[cp] |= OTHER_BIT;
  }
  const ranges = [];
  for (let cp = 0; cp <= MAX_CODE_POINT; cp++) {
    if (cp === 0 || masks[cp] !== masks[cp - 1]) ranges.push(cp, masks[cp]);
  }
  return ranges;
}

/** Ranges [start, end) of the code points matching `pattern`. */
function rangesMatching(pattern) {
  const ranges = [];
  let open = -1;
  for (let cp = 0; cp <= MAX_CODE_POINT + 1; cp++) {
    const hit =
      cp <= MAX_CODE_POINT && (cp < 0xd800 || cp > 0xdfff) && pattern.test(String.fromCodePoint(cp));
    if (hit && open < 0) open = cp;
    else if (!hit && open >= 0) {
      ranges.push(open, cp);
      open = -1;
    }
  }
  return ranges;
}

/** Inherited characters (combining marks, ZWJ/ZWNJ) never split a word. */
export const computeInheritedRanges = () => rangesMatching(/^\p{sc=Zinh}$/u);
/** Punctuation of a particular script (danda, Burmese ။ ၊) splits words as Common punctuation does. */
export const computeScriptPunctuationRanges = () => rangesMatching(/^(?!\p{scx=Zyyy})\p{P}$/u);

const HANGUL_SYLLABLES = [0xac00, 0xd7a3];

/**
 * What an NFC quick check needs, derived from String.prototype.normalize so it follows the same
 * Unicode version: canonical combining classes as ranks (only their order matters), the code
 * points that never survive NFC, and the pairs that compose. Hangul composes algorithmically and is
 * left to the caller.
 */
export function computeNfcData() {
  const chars = [];
  for (let cp = 0; cp <= MAX_CODE_POINT; cp++) if (cp < 0xd800 || cp > 0xdfff) chars.push(cp);
  const str = (cp) => String.fromCodePoint(cp);
  // Two marks swap under NFD exactly when the first has the higher non-zero combining class.
  const swaps = (a, b) => ('a' + str(a) + str(b)).normalize('NFD') === 'a' + str(b) + str(a);
  const isMark = /^\p{M}$/u;
  const notNfc = [];
  const marks = [];
  for (const cp of chars) {
    const ch = str(cp);
    if (ch.normalize('NFC') !== ch) notNfc.push(cp);
    else if (isMark.test(ch) && ch.normalize('NFD') === ch) {
      const acute = 0x301; // class 230
      const graveBelow = 0x316; // class 220
      if (swaps(cp, acute) || swaps(acute, cp) || swaps(cp, graveBelow) || swaps(graveBelow, cp))
        marks.push(cp);
    }
  }
  marks.sort((a, b) => (swaps(a, b) ? 1 : swaps(b, a) ? -1 : a - b));
  const classRanks = [];
  let rank = 0;
  marks.forEach((cp, i) => {
    if (i === 0 || swaps(cp, marks[i - 1])) rank++;
    classRanks.push(cp, rank);
  });
  const pairs = [];
  for (const cp of chars) {
    if (cp >= HANGUL_SYLLABLES[0] && cp <= HANGUL_SYLLABLES[1]) continue;
    const ch = str(cp);
    const decomposed = ch.normalize('NFD');
    if (decomposed === ch || ch.normalize('NFC') !== ch) continue;
    const parts = [...decomposed];
    const first = parts.slice(0, -1).join('').normalize('NFC');
    if ([...first].length === 1) pairs.push(first.codePointAt(0), parts.at(-1).codePointAt(0));
  }
  return { notNfc, classRanks, pairs };
}

/** The module source, cached per Unicode version under node_modules/.cache. */
export function scriptDataModule(cacheDir) {
  const key = `${process.versions.unicode}-${TRACKED_SCRIPTS.length}-v3`;
  const cacheFile = path.join(cacheDir, `script-data-${key}.json`);
  let data;
  if (existsSync(cacheFile)) data = JSON.parse(readFileSync(cacheFile, 'utf8'));
  else {
    data = {
      ranges: computeScriptRanges(),
      inherited: computeInheritedRanges(),
      punctuation: computeScriptPunctuationRanges(),
      nfc: computeNfcData(),
    };
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(data));
  }
  return [
    `export const UNICODE_VERSION = ${JSON.stringify(process.versions.unicode)};`,
    `export const SCRIPT_NAMES = ${JSON.stringify(TRACKED_SCRIPTS)};`,
    `export const RANGES = ${JSON.stringify(data.ranges)};`,
    `export const INHERITED_RANGES = ${JSON.stringify(data.inherited)};`,
    `export const SCRIPT_PUNCTUATION_RANGES = ${JSON.stringify(data.punctuation)};`,
    `export const NOT_NFC = ${JSON.stringify(data.nfc.notNfc)};`,
    `export const CLASS_RANKS = ${JSON.stringify(data.nfc.classRanks)};`,
    `export const COMPOSING_PAIRS = ${JSON.stringify(data.nfc.pairs)};`,
  ].join('\n');
}
