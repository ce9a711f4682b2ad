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

/** The module source, cached per Unicode version under node_modules/.cache. */
export function scriptDataModule(cacheDir) {
  const key = `${process.versions.unicode}-${TRACKED_SCRIPTS.length}-v1`;
  const cacheFile = path.join(cacheDir, `script-data-${key}.json`);
  let ranges;
  if (existsSync(cacheFile)) ranges = JSON.parse(readFileSync(cacheFile, 'utf8'));
  else {
    ranges = computeScriptRanges();
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(ranges));
  }
  return [
    `export const UNICODE_VERSION = ${JSON.stringify(process.versions.unicode)};`,
    `export const SCRIPT_NAMES = ${JSON.stringify(TRACKED_SCRIPTS)};`,
    `export const RANGES = ${JSON.stringify(ranges)};`,
  ].join('\n');
}
