/** Types for myanmar-tools 1.1.3 (Google's Zawgyi detector and converter), which ships none. */
declare module 'myanmar-tools' {
  export class ZawgyiDetector {
    /** Probability in [0, 1] that the text is Zawgyi; -Infinity when it holds no Burmese. */
    getZawgyiProbability(text: string): number;
  }
  export class ZawgyiConverter {
    zawgyiToUnicode(text: string): string;
    unicodeToZawgyi(text: string): string;
  }
}
