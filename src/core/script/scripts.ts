/**
 * Unicode script classification by Script_Extensions, as UTS #39 uses it: every code point maps to
 * a bitmask of its scripts; Common and Inherited map to all scripts; a token's resolved script set
 * is the intersection over its code points, and an empty set means the token mixes scripts.
 */
import { RANGES, SCRIPT_NAMES, UNICODE_VERSION } from 'akkhara:script-data';

export { UNICODE_VERSION };
export type ScriptMask = number;

/** Common/Inherited: belongs to every script. */
export const ALL_SCRIPTS: ScriptMask = 0x7fffffff;
/** A script Akkhara does not track by name (also unassigned code points and lone surrogates). */
export const OTHER_SCRIPT: ScriptMask = 1 << SCRIPT_NAMES.length;

const BMP_SIZE = 0x10000;
// Text is almost all BMP: a direct table makes the hot path one array read.
const bmpMasks = new Int32Array(BMP_SIZE);
/** The script set of every BMP code point, for scanners that index it directly. */
export const BMP_SCRIPT_MASKS: Readonly<Int32Array> = bmpMasks;
const astralStarts: number[] = [];
const astralMasks: number[] = [];
for (let i = 0; i < RANGES.length; i += 2) {
  const start = RANGES[i];
  const end = i + 2 < RANGES.length ? RANGES[i + 2] : 0x110000;
  if (start < BMP_SIZE) bmpMasks.fill(RANGES[i + 1], start, Math.min(end, BMP_SIZE));
  if (end > BMP_SIZE) {
    astralStarts.push(Math.max(start, BMP_SIZE));
    astralMasks.push(RANGES[i + 1]);
  }
}

/** The script set of one code point. */
export function scriptSetOf(codePoint: number): ScriptMask {
  if (codePoint < BMP_SIZE) return bmpMasks[codePoint];
  let low = 0;
  let high = astralStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (astralStarts[mid] <= codePoint) low = mid;
    else high = mid - 1;
  }
  return astralMasks[low];
}

/** The resolved script set of a string (UTS #39): the intersection of its code points' sets. */
export function resolvedScriptSet(text: string): ScriptMask {
  let set = ALL_SCRIPTS;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (next - 0xdc00) + BMP_SIZE;
        i++;
      }
    }
    set &= scriptSetOf(cp);
  }
  return set;
}

/** The bit of a tracked script, by its Unicode long name (e.g. "Myanmar", "Bengali"). */
export function scriptBit(name: string): ScriptMask {
  const index = SCRIPT_NAMES.indexOf(name);
  if (index < 0) throw new Error(`Unknown script ${name}; tracked: ${SCRIPT_NAMES.join(', ')}`);
  return 1 << index;
}

/** Names of the scripts in a set: "Common" for all scripts, "Other" for untracked ones. */
export function scriptNames(set: ScriptMask): string[] {
  if (set === ALL_SCRIPTS) return ['Common'];
  const names = SCRIPT_NAMES.filter((_, bit) => set & (1 << bit));
  if (set & OTHER_SCRIPT) names.push('Other');
  return names;
}
