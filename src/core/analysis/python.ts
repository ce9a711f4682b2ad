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
}

const PREFIX_LETTERS = new Set('rRbBuUfFtT');
/** ASCII characters the code scanner must look at: comment, quotes, string prefixes, brackets. */
const MAY_MATTER = new Uint8Array(0x80);
for (const ch of '#"\'rRbBuUfFtT()[]{}') MAY_MATTER[ch.charCodeAt(0)] = 1;
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

  private push(kind: PythonRegionKind, start: number, end: number): void {
    if (end <= start) return;
    const last = this.regions.at(-1);
    if (last && last.kind === kind && last.end === start)
      this.regions[this.regions.length - 1] = { kind, start: last.start, end };
    else this.regions.push({ kind, start, end });
  }

  /** A string literal (with its prefix) starting at `i`, if one does. */
  private stringStartAt(i: number): StringStart | undefined {
    const text = this.text;
    let j = i;
    while (j - i < 2 && PREFIX_LETTERS.has(text[j])) j++;
    const quoteChar = text[j];
    if (quoteChar !== '"' && quoteChar !== "'") return undefined;
    if (j > i && isIdentifierChar(text[i - 1])) return undefined;
    const prefix = text.slice(i, j).toLowerCase();
    const quote = text.startsWith(quoteChar.repeat(3), j) ? quoteChar.repeat(3) : quoteChar;
    return { quote, bodyStart: j + quote.length, formatted: prefix.includes('f') || prefix.includes('t') };
  }

  /** Scans code from `i`; inside a replacement field, stops at its closing brace. */
  scanCode(i: number, inField: boolean): number {
    const text = this.text;
    let codeStart = i;
    let depth = 0;
    while (i < this.end) {
      const unit = text.charCodeAt(i);
      // Most code is identifiers and operators: skip anything that cannot start a comment, a string or a bracket.
      if (unit < 0x80 ? !MAY_MATTER[unit] : true) {
        i++;
        continue;
      }
      const ch = text[i];
      if (ch === '#') {
        this.push('code', codeStart, i);
        const newline = text.indexOf('\n', i);
        const commentEnd = newline < 0 || newline > this.end ? this.end : newline;
        this.push('comment', i, commentEnd);
        i = codeStart = commentEnd;
        continue;
      }
      const string = PREFIX_LETTERS.has(ch) || ch === '"' || ch === "'" ? this.stringStartAt(i) : undefined;
      if (string) {
        this.push('code', codeStart, i);
        i = codeStart = this.scanString(i, string);
        continue;
      }
      if (inField) {
        if (ch === '(' || ch === '[' || ch === '{') depth++;
        else if (ch === ')' || ch === ']') depth--;
        else if (ch === '}') {
          if (depth === 0) break;
          depth--;
        }
      }
      i++;
    }
    this.push('code', codeStart, i);
    return i;
  }

  private scanString(start: number, { quote, bodyStart, formatted }: StringStart): number {
    const text = this.text;
    const triple = quote.length === 3;
    let partStart = start;
    let j = bodyStart;
    while (j < this.end) {
      const ch = text[j];
      if (ch === '\\') {
        j += 2;
        continue;
      }
      if (!triple && ch === '\n') break; // unterminated: the string ends with its line
      if (text.startsWith(quote, j)) {
        this.push('string', partStart, j + quote.length);
        return j + quote.length;
      }
      if (formatted && ch === '{') {
        if (text[j + 1] === '{') {
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
