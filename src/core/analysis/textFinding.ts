/**
 * The findings analyzeText returns. A long document has tens of thousands of them, mostly hints
 * that no one reads one by one, and copying out each one's text and quick-fix text was most of the
 * analysis' allocation (and of its garbage collection once results are kept). So a finding keeps
 * where its text lies in the analysed string and reads it when asked.
 */
import type { Finding, FindingCode, Severity } from './findings';
import { AS_INLINE_CODE, type Replacement } from './scanner';

export class TextFinding implements Finding {
  constructor(
    readonly code: FindingCode,
    readonly severity: Severity,
    readonly start: number,
    readonly end: number,
    readonly scripts: readonly string[],
    /** The analysed string (or the chunk of it) holding the text, and where the text starts in it. */
    private readonly source: string,
    private readonly sourceStart: number,
    private readonly fix: Replacement,
  ) {}

  get text(): string {
    return this.source.slice(this.sourceStart, this.sourceStart + this.end - this.start);
  }

  get replacement(): string | undefined {
    return this.fix === AS_INLINE_CODE ? `\`${this.text}\`` : this.fix;
  }

  /** The same finding `offset` units further on, at `severity` (cached chunk results are chunk-relative). */
  moved(offset: number, severity: Severity): TextFinding {
    const { code, start, end, scripts, source, sourceStart, fix } = this;
    return new TextFinding(code, severity, start + offset, end + offset, scripts, source, sourceStart, fix);
  }

  /** As a plain object, for JSON and structured clones (getters live on the prototype). */
  toJSON(): Finding {
    const { code, severity, start, end, text, scripts, replacement } = this;
    return replacement === undefined
      ? { code, severity, start, end, text, scripts }
      : { code, severity, start, end, text, scripts, replacement };
  }
}
