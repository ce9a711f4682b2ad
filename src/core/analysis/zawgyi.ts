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

export function zawgyiToUnicode(text: string): string {
  converter ??= new ZawgyiConverter();
  return converter.zawgyiToUnicode(text);
}
