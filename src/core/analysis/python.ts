/**
 * A Python tokenizer that splits source into code, string and comment regions — enough to tell
 * native text in docstrings and comments (fine) from native text in code (a SyntaxError or worse).
 * Handles string prefixes, triple quotes, escapes, unterminated strings, and f-/t-strings whose
 * replacement fields are code again (nested strings included, PEP 701).
 */
export type PythonRegionKind = 'code' | 'string' | 'comment';

export interface PythonRegion {
  readonly kind: PythonRegionKind;
  /** UTF-16 offsets into the text, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** Code only: every unit is ASCII, so no Burmese or Bangla can be in it (the code check is skipped). */
  readonly asciiOnly: boolean;
}

const PREFIX_LETTERS = new Set('rRbBuUfFtT');
/** ASCII characters the code scanner must look at: comment, quotes, brackets. */
const MAY_MATTER = new Uint8Array(0x80);
for (const ch of '#"\'()[]{}') MAY_MATTER[ch.charCodeAt(0)] = 1;
/** ASCII identifier characters, and (2) those that may be a string prefix. */
const IDENTIFIER = new Uint8Array(0x80);
for (const ch of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_')
  IDENTIFIER[ch.charCodeAt(0)] = 1;
for (const ch of PREFIX_LETTERS) IDENTIFIER[ch.charCodeAt(0)] = 2;
const isQuote = (unit: number) => unit === 0x22 || unit === 0x27;
const isIdentifierChar = (ch: string | undefined) =>
  ch !== undefined && /[\p{L}\p{N}_\p{Mn}\p{Mc}]/u.test(ch);

interface StringStart {
  readonly quote: string;
  readonly bodyStart: number;
  readonly formatted: boolean;
}

class PythonScanner {
  readonly regions: PythonRegion[] = [];

  constructor(
    private readonly text: string,
    private readonly end: number,
  ) {}

  private push(kind: PythonRegionKind, start: number, end: number, asciiOnly = false): void {
    if (end <= start) return;
    const last = this.regions.at(-1);
    if (last && last.kind === kind && last.end === start)
      this.regions[this.regions.length - 1] = {
        kind,
        start: last.start,
        end,
        asciiOnly: last.asciiOnly && asciiOnly,
      };
    else this.regions.push({ kind, start, end, asciiOnly });
  }

  /** A string literal (with its prefix) starting at `i`, if one does. */
  private stringStartAt(i: number): StringStart | undefined {
    const text = this.text;
    let j = i;
    let formatted = false;
    for (; j - i < 2 && IDENTIFIER[text.charCodeAt(j)] === 2; j++) {
      const letter = text.charCodeAt(j) | 0x20; // lower case
      if (letter === 0x66 || letter === 0x74) formatted = true; // f-string or t-string
    }
    const quoteUnit = text.charCodeAt(j);
    if (!isQuote(quoteUnit)) return undefined;
    if (j > i && isIdentifierChar(text[i - 1])) return undefined;
    const triple = text.charCodeAt(j + 1) === quoteUnit && text.charCodeAt(j + 2) === quoteUnit;
    const quote = quoteUnit === 0x22 ? (triple ? '"""' : '"') : triple ? "'''" : "'";
    return { quote, bodyStart: j + quote.length, formatted };
  }

  /** Scans code from `i`; inside a replacement field, stops at its closing brace. */
  scanCode(i: number, inField: boolean): number {
    const text = this.text;
    let codeStart = i;
    let depth = 0;
    let asciiOnly = true;
    while (i < this.end) {
      const unit = text.charCodeAt(i);
      if (unit < 0x80 && IDENTIFIER[unit]) {
        // A name or number, skipped whole; only one or two prefix letters before a quote start a string.
        let next = i + 1;
        while (next < this.end && text.charCodeAt(next) < 0x80 && IDENTIFIER[text.charCodeAt(next)]) next++;
        const prefix =
          isQuote(text.charCodeAt(next)) &&
          IDENTIFIER[unit] === 2 &&
          (next === i + 1 || (next === i + 2 && IDENTIFIER[text.charCodeAt(i + 1)] === 2));
        const string = prefix ? this.stringStartAt(i) : undefined;
        if (string) {
          this.push('code', codeStart, i, asciiOnly);
          asciiOnly = true;
          i = codeStart = this.scanString(i, string);
        } else i = next;
        continue;
      }
      // Most of the rest is operators and spaces: skip anything that cannot start a comment, a string or a bracket.
      if (unit >= 0x80 || !MAY_MATTER[unit]) {
        if (unit >= 0x80) asciiOnly = false;
        i++;
        continue;
      }
      if (unit === 0x23) {
        // A comment (#) runs to the end of its line.
        this.push('code', codeStart, i, asciiOnly);
        asciiOnly = true;
        const newline = text.indexOf('\n', i);
        const commentEnd = newline < 0 || newline > this.end ? this.end : newline;
        this.push('comment', i, commentEnd);
        i = codeStart = commentEnd;
        continue;
      }
      const string = isQuote(unit) ? this.stringStartAt(i) : undefined;
      if (string) {
        this.push('code', codeStart, i, asciiOnly);
        asciiOnly = true;
        i = codeStart = this.scanString(i, string);
        continue;
      }
      if (inField) {
        // Brackets nest inside a replacement field; a } at depth 0 closes it.
        if (unit === 0x28 || unit === 0x5b || unit === 0x7b) depth++;
        else if (unit === 0x29 || unit === 0x5d) depth--;
        else if (unit === 0x7d) {
          if (depth === 0) break;
          depth--;
        }
      }
      i++;
    }
    this.push('code', codeStart, i, asciiOnly);
    return i;
  }

  private scanString(start: number, { quote, bodyStart, formatted }: StringStart): number {
    const text = this.text;
    const triple = quote.length === 3;
    const quoteUnit = quote.charCodeAt(0);
    let partStart = start;
    let j = bodyStart;
    while (j < this.end) {
      const unit = text.charCodeAt(j);
      if (unit === 0x5c) {
        j += 2; // a backslash escapes the next character
        continue;
      }
      if (!triple && unit === 0x0a) break; // unterminated: the string ends with its line
      if (unit === quoteUnit && (!triple || text.startsWith(quote, j))) {
        this.push('string', partStart, j + quote.length);
        return j + quote.length;
      }
      if (formatted && unit === 0x7b) {
        if (text.charCodeAt(j + 1) === 0x7b) {
          j += 2;
          continue;
        }
        this.push('string', partStart, j + 1);
        j = this.scanCode(j + 1, true);
        partStart = j;
        if (j < this.end) j++; // the closing brace
        continue;
      }
      j++;
    }
    const end = Math.min(j, this.end);
    this.push('string', partStart, end);
    return end;
  }
}

/** Splits `text[start, end)` into code, string and comment regions, in order, covering it all. */
export function tokenizePython(text: string, start = 0, end = text.length): PythonRegion[] {
  const scanner = new PythonScanner(text, end);
  scanner.scanCode(start, false);
  return scanner.regions;
}
