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

/** Receives the regions in order, adjacent ones of a kind merged; `asciiOnly` is for code only. */
export type PythonRegionSink = (
  kind: PythonRegionKind,
  start: number,
  end: number,
  asciiOnly: boolean,
) => void;

const PREFIX_LETTERS = 'rRbBuUfFtT';
/** ASCII identifier characters, and (2) those that may be a string prefix. */
const IDENTIFIER = new Uint8Array(0x80);
for (const ch of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_')
  IDENTIFIER[ch.charCodeAt(0)] = 1;
for (const ch of PREFIX_LETTERS) IDENTIFIER[ch.charCodeAt(0)] = 2;
const isAsciiIdentifier = (unit: number) => unit < 0x80 && IDENTIFIER[unit] !== 0;
const isQuote = (unit: number) => unit === 0x22 || unit === 0x27;
const isIdentifierChar = (ch: string | undefined) =>
  ch !== undefined && /[\p{L}\p{N}_\p{Mn}\p{Mc}]/u.test(ch);

/** What the reader of an f-string's replacement field stops at: a comment, a quote, a bracket. */
const FIELD_STOPS = new Uint8Array(0x80);
for (const ch of '#"\'()[]{}') FIELD_STOPS[ch.charCodeAt(0)] = 1;

/** Whether text[start, end) is all ASCII. */
function isAscii(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** The next occurrence of one character at or after an offset, remembered until the reader passes it. */
class NextOf {
  private at = -1;

  constructor(
    private readonly text: string,
    private readonly char: string,
  ) {}

  from(offset: number): number {
    if (this.at < offset) {
      const found = this.text.indexOf(this.char, offset);
      this.at = found < 0 ? Infinity : found;
    }
    return this.at;
  }
}

/** Tokenizes the Python blocks of one text. */
export class PythonTokenizer {
  private end = 0;
  private sink: PythonRegionSink = () => {};
  /** The region not yet handed on, so that the next one can extend it. */
  private pendingKind: PythonRegionKind | undefined;
  private pendingStart = 0;
  private pendingEnd = 0;
  private pendingAscii = true;
  /** Code ends only at a comment or a string: searching for them beats reading each character. */
  private readonly hashes: NextOf;
  private readonly doubleQuotes: NextOf;
  private readonly singleQuotes: NextOf;

  constructor(private readonly text: string) {
    this.hashes = new NextOf(text, '#');
    this.doubleQuotes = new NextOf(text, '"');
    this.singleQuotes = new NextOf(text, "'");
  }

  /** Hands the regions of text[start, end) — code, string and comment, covering it all — to `sink`. */
  tokenize(start: number, end: number, sink: PythonRegionSink): void {
    this.end = end;
    this.sink = sink;
    this.scanCode(start);
    this.flush();
  }

  private push(kind: PythonRegionKind, start: number, end: number, asciiOnly = false): void {
    if (end <= start) return;
    if (this.pendingKind === kind && this.pendingEnd === start) {
      this.pendingEnd = end;
      this.pendingAscii &&= asciiOnly;
      return;
    }
    this.flush();
    this.pendingKind = kind;
    this.pendingStart = start;
    this.pendingEnd = end;
    this.pendingAscii = asciiOnly;
  }

  private flush(): void {
    if (this.pendingKind === undefined) return;
    this.sink(this.pendingKind, this.pendingStart, this.pendingEnd, this.pendingAscii);
    this.pendingKind = undefined;
  }

  /**
   * Where the string whose quote is at `quote` starts: at its prefix when one or two prefix letters
   * stand alone before it (not the end of a longer name), else at the quote. `codeStart`: where
   * the code being read began (a name starts there at the earliest).
   */
  private stringStart(quote: number, codeStart: number): number {
    const text = this.text;
    let start = quote;
    while (start > codeStart && quote - start < 3 && isAsciiIdentifier(text.charCodeAt(start - 1))) start--;
    if (start === quote || quote - start > 2) return quote;
    for (let i = start; i < quote; i++) if (IDENTIFIER[text.charCodeAt(i)] !== 2) return quote;
    return isIdentifierChar(text[start - 1]) ? quote : start;
  }

  /** Code from `i` to the end: up to each comment or string, found by searching for `#` and quotes. */
  private scanCode(i: number): void {
    const text = this.text;
    const end = this.end;
    let codeStart = i;
    while (codeStart < end) {
      const stop = Math.min(
        this.hashes.from(codeStart),
        this.doubleQuotes.from(codeStart),
        this.singleQuotes.from(codeStart),
      );
      if (stop >= end) break;
      if (text.charCodeAt(stop) === 0x23) {
        this.push('code', codeStart, stop, isAscii(text, codeStart, stop));
        codeStart = this.scanComment(stop);
      } else {
        const start = this.stringStart(stop, codeStart);
        this.push('code', codeStart, start, isAscii(text, codeStart, start));
        codeStart = this.scanString(start, stop);
      }
    }
    this.push('code', codeStart, end, isAscii(text, codeStart, end));
  }

  /** A comment (#) runs to the end of its line; returns where it ends. */
  private scanComment(hash: number): number {
    const newline = this.text.indexOf('\n', hash);
    const commentEnd = newline < 0 || newline > this.end ? this.end : newline;
    this.push('comment', hash, commentEnd);
    return commentEnd;
  }

  /**
   * An f-string's replacement field from `i`, up to its closing brace (returned): read character by
   * character, as brackets nest there and a } at depth 0 closes it.
   */
  private scanField(i: number): number {
    const text = this.text;
    const end = this.end;
    let codeStart = i;
    let depth = 0;
    let asciiOnly = true;
    for (; i < end; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0x80) asciiOnly = false;
      else if (!FIELD_STOPS[unit]) continue;
      else if (unit === 0x23 || isQuote(unit)) {
        const start = unit === 0x23 ? i : this.stringStart(i, codeStart);
        this.push('code', codeStart, start, asciiOnly);
        asciiOnly = true;
        codeStart = unit === 0x23 ? this.scanComment(i) : this.scanString(start, i);
        i = codeStart - 1;
      } else if (unit === 0x28 || unit === 0x5b || unit === 0x7b) depth++;
      else if (unit === 0x29 || unit === 0x5d || depth !== 0) depth--;
      else break; // the field's closing brace
    }
    this.push('code', codeStart, i, asciiOnly);
    return i;
  }

  /** The string from `start` (its prefix), quote at `quote`; returns where it ends. */
  private scanString(start: number, quote: number): number {
    const text = this.text;
    const quoteUnit = text.charCodeAt(quote);
    const triple = text.charCodeAt(quote + 1) === quoteUnit && text.charCodeAt(quote + 2) === quoteUnit;
    let formatted = false;
    for (let i = start; i < quote; i++) {
      const letter = text.charCodeAt(i) | 0x20; // lower case
      if (letter === 0x66 || letter === 0x74) formatted = true; // f-string or t-string
    }
    let partStart = start;
    let j = triple ? quote + 3 : quote + 1;
    while (j < this.end) {
      const unit = text.charCodeAt(j);
      if (unit === 0x5c) {
        j += 2; // a backslash escapes the next character
        continue;
      }
      if (!triple && unit === 0x0a) break; // unterminated: the string ends with its line
      if (
        unit === quoteUnit &&
        (!triple || (text.charCodeAt(j + 1) === quoteUnit && text.charCodeAt(j + 2) === quoteUnit))
      ) {
        const stringEnd = triple ? j + 3 : j + 1;
        this.push('string', partStart, stringEnd);
        return stringEnd;
      }
      if (formatted && unit === 0x7b) {
        if (text.charCodeAt(j + 1) === 0x7b) {
          j += 2;
          continue;
        }
        this.push('string', partStart, j + 1);
        j = this.scanField(j + 1);
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
  const regions: PythonRegion[] = [];
  new PythonTokenizer(text).tokenize(start, end, (kind, regionStart, regionEnd, asciiOnly) =>
    regions.push({ kind, start: regionStart, end: regionEnd, asciiOnly }),
  );
  return regions;
}
