/**
 * Zawgyi, the legacy Burmese font encoding that reuses Myanmar code points with other meanings,
 * found with Google's detector (myanmar-tools; 1.1.3, since 1.2.0 on npm lacks its build output).
 * Conversion is offered for prose only: the converter turns the digit ၀ into the letter ဝ.
 */
import { ZawgyiConverter, ZawgyiDetector } from 'myanmar-tools';

/** Above this the detector is all but certain; real Unicode Burmese scores near 0. */
export const ZAWGYI_THRESHOLD = 0.95;

let detector: ZawgyiDetector | undefined;
let converter: ZawgyiConverter | undefined;

/**
 * Spellings only Zawgyi has: the vowel sign ေ stored before its consonant (Unicode stores it after
 * a consonant or medial), or Zawgyi's stacked forms in U+1060–U+1097. The detector alone scored a
 * degenerate but genuine Unicode line of the Burmese HumanEval (/117, "အသံတူ" repeated) at 1.0.
 */
const ZAWGYI_SPELLING = /(?:^|[^\u1000-\u102A\u103B-\u103E\u1039])\u1031|[\u1060-\u1097]/;

/** Whether a line of Burmese is Zawgyi: the detector is confident and a Zawgyi-only spelling occurs. */
export function isZawgyi(text: string, probability = zawgyiProbability(text)): boolean {
  return probability > ZAWGYI_THRESHOLD && ZAWGYI_SPELLING.test(text);
}

/**
 * myanmar-tools 1.1.3 decodes its model with the deprecated Buffer() constructor; Node's warning
 * would reach every `akkhara lint` user. Only that one call is silenced.
 */
function createDetector(): ZawgyiDetector {
  const previous = process.noDeprecation;
  process.noDeprecation = true;
  try {
    return new ZawgyiDetector();
  } finally {
    process.noDeprecation = previous;
  }
}

/** Probability that `text` is Zawgyi, 0 when it holds no Burmese. */
export function zawgyiProbability(text: string): number {
  detector ??= createDetector();
  const probability = detector.getZawgyiProbability(text);
  return Number.isFinite(probability) ? probability : 0;
}

/**
 * The converter's rules are regular expressions over the whole string, whose time grows with the
 * square of its length (measured: 64,000 marks take 1.1 s, 290,000 would take about 24 s). Each
 * rule works inside a syllable (or, for ၀ and ဝ, looks at the neighbours), so the text is converted
 * in pieces of at most PIECE units cut where no syllable spans and no digit is near: at white space,
 * else before a consonant that starts a syllable, else (a run of marks or digits with no such place,
 * which no one writes) anywhere.
 */
const PIECE = 512;

/** Where a piece of `text` starting at `from` may end (exclusive), at most `from + PIECE`. */
function pieceEnd(text: string, from: number): number {
  const limit = from + PIECE;
  if (limit >= text.length) return text.length;
  let syllableCut = -1;
  for (let i = limit; i > from; i--) {
    const code = text.charCodeAt(i);
    // Not next to a Burmese digit: whether ၀ is the digit or the letter ဝ depends on its neighbours.
    if (nearDigit(text, i)) continue;
    if (code === 0x20 || code === 0x0a || code === 0x09 || code === 0x3000) return i;
    if (syllableCut < 0 && startsSyllable(text, i)) syllableCut = i;
  }
  return syllableCut > from ? syllableCut : limit;
}

function nearDigit(text: string, i: number): boolean {
  for (let j = Math.max(0, i - 2); j <= i + 2 && j < text.length; j++) {
    const code = text.charCodeAt(j);
    if (code >= 0x1040 && code <= 0x1049) return true;
  }
  return false;
}

/**
 * A consonant not joined to what is before it: not after a Zawgyi vowel or medial that is stored
 * before its consonant (ေ, ျ and its forms), not followed by the sign that makes it a final (္, ်).
 */
function startsSyllable(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 0x1000 || code > 0x1021) return false;
  const before = text.charCodeAt(i - 1);
  const after = text.charCodeAt(i + 1);
  const storedBefore = before === 0x1031 || before === 0x103b || (before >= 0x107e && before <= 0x1084);
  return !storedBefore && after !== 0x1039 && after !== 0x103a;
}

/** Zawgyi text in Unicode, in time linear in its length. */
export function zawgyiToUnicode(text: string): string {
  converter ??= new ZawgyiConverter();
  if (text.length <= PIECE) return converter.zawgyiToUnicode(text);
  let converted = '';
  for (let from = 0; from < text.length;) {
    const end = pieceEnd(text, from);
    converted += converter.zawgyiToUnicode(text.slice(from, end));
    from = end;
  }
  return converted;
}
