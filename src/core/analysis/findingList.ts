/**
 * The findings of an analysis, kept as numbers. A long document has tens of thousands of findings,
 * mostly English-word hints that no one reads one by one; as objects they were most of the
 * analysis' allocation and, once kept (the language server caches every chunk's findings), most of
 * its garbage-collection time. Here each finding is six integers in one typed array; its text is
 * read from the analysed string, its script names and quick-fix text are worked out only when asked
 * (`at`, iteration), and consumers that show a few hundred (the language server) build only those.
 */
import { scriptNames, type ScriptMask } from '../script/scripts';
import { CHECK_CODES } from '../settings';
import type { Finding, FindingCode, Severity } from './terms';
import { AS_INLINE_CODE, AS_UNICODE, type Replacement } from './scanner';
import { zawgyiToUnicode } from './zawgyi';

/** Every finding code (the settings' list), in the order a record stores its index. */
export const FINDING_CODES: readonly FindingCode[] = CHECK_CODES;
/** Every severity, in the order a record stores its index. */
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];
const CODE_INDEX = new Map(FINDING_CODES.map((code, i) => [code, i]));
/**
 * The last code looked up, and its index: findings come in runs of one code (English words above
 * all), and `add`, which sees every code, would otherwise pay a keyed lookup each time.
 */
let lastCode: FindingCode | undefined;
let lastCodeIndex = -1;
function codeIndexOf(code: FindingCode): number {
  if (code !== lastCode) {
    lastCode = code;
    lastCodeIndex = CODE_INDEX.get(code)!;
  }
  return lastCodeIndex;
}
const SEVERITY_INDEX = new Map(SEVERITIES.map((severity, i) => [severity, i]));

// A record: start, end, code | severity << 4, script mask, fix, source.
const STRIDE = 6;
const START = 0;
const END = 1;
const META = 2;
const SCRIPTS = 3;
const FIX = 4;
const SOURCE = 5;
/** FIX values below zero: no quick fix, or the finding's own text in backticks. */
const NO_FIX = -1;
const INLINE_CODE_FIX = -2;
const UNICODE_FIX = -3;

/** Per code index, the index of the severity findings get, or OFF: drop them. */
export type SeverityTable = Readonly<Int8Array>;
const OFF = -1;

/** The severities findings are added at: the defaults, except where the settings say otherwise. */
export function severityTable(
  defaults: Readonly<Record<FindingCode, Severity>>,
  overrides: Readonly<Partial<Record<FindingCode, Severity | 'off'>>> = {},
): SeverityTable {
  return Int8Array.from(FINDING_CODES, (code) => {
    const level = overrides[code] ?? defaults[code];
    return level === 'off' ? OFF : SEVERITY_INDEX.get(level)!;
  });
}

const NAMES_BY_MASK = new Map<ScriptMask, readonly string[]>();
/** Script names per mask, computed once: there are few distinct masks and many findings. */
function namesOf(set: ScriptMask): readonly string[] {
  let names = NAMES_BY_MASK.get(set);
  if (!names) NAMES_BY_MASK.set(set, (names = scriptNames(set)));
  return names;
}

/** Whether the record at `at` comes after a finding at [start, end). */
function isAfter(records: Int32Array, at: number, start: number, end: number): boolean {
  return records[at + START] > start || (records[at + START] === start && records[at + END] > end);
}

/**
 * Typed arrays that lists were built in, free again: the next list builds in one of them, and a
 * list that is kept holds only an exact copy (`compact`).
 */
const spareBuilders: Int32Array[] = [];
/** A few, and none larger than this: a huge document's builder is not kept for later. */
const MAX_SPARE_BUILDERS = 4;
const MAX_SPARE_UNITS = 64 * 1024 * STRIDE;
const DEFAULT_CAPACITY = 1024;

export class FindingList implements Iterable<Finding> {
  private records: Int32Array;
  private count = 0;
  /** Whether `records` is a builder, to be handed back by `compact`. */
  private building = true;
  /** Quick-fix texts, for the records whose FIX is an index. */
  private readonly fixes: string[] = [];
  /** The strings findings read their text from, and where each one's first unit lies in the analysed text. */
  private readonly sources: string[] = [];
  private readonly sourceStarts: number[] = [];

  /** `capacity`: findings to make room for at first (a reused builder when not given). */
  constructor(capacity?: number) {
    const spare = capacity === undefined ? spareBuilders.pop() : undefined;
    this.records = spare ?? new Int32Array(Math.max(1, capacity ?? DEFAULT_CAPACITY) * STRIDE);
  }

  get length(): number {
    return this.count;
  }

  /**
   * Findings added from now on read their text from `source`, whose first unit is at offset 0 of
   * this list (the text, or a chunk for chunk-relative findings; `append` moves it with them).
   */
  readFrom(source: string): void {
    const last = this.sources.length - 1;
    if (last >= 0 && this.sources[last] === source && this.sourceStarts[last] === 0) return;
    this.sources.push(source);
    this.sourceStarts.push(0);
  }

  /** Adds a finding at the severity `severities` gives its code (none when that is "off"). */
  add(
    code: FindingCode,
    severities: SeverityTable,
    start: number,
    end: number,
    scripts: ScriptMask,
    fix: Replacement,
  ): void {
    const codeIndex = codeIndexOf(code);
    const level = severities[codeIndex];
    if (level === OFF) return;
    let at = this.reserve(1);
    const records = this.records;
    // The scanners report almost in document order (a word's or line's finding comes at its end, a
    // foreign run inside a token before the token's English span): the few that come late move back
    // into place, after any at the same position, so the list is always in order.
    const last = at;
    while (at > 0 && isAfter(records, at - STRIDE, start, end)) at -= STRIDE;
    if (at !== last) records.copyWithin(at + STRIDE, at, last);
    records[at + START] = start;
    records[at + END] = end;
    records[at + META] = codeIndex | (level << 4);
    records[at + SCRIPTS] = scripts;
    records[at + FIX] =
      fix === undefined
        ? NO_FIX
        : fix === AS_INLINE_CODE
          ? INLINE_CODE_FIX
          : fix === AS_UNICODE
            ? UNICODE_FIX
            : this.fixes.push(fix) - 1;
    records[at + SOURCE] = this.sources.length - 1;
  }

  /**
   * Appends `other`'s findings `offset` units further on, each at the severity `severities` gives
   * its code ("off" drops it). Cached chunk results are chunk-relative; the analysis is not. They
   * must come after this list's findings (chunks are appended in order).
   */
  append(other: FindingList, offset: number, severities: SeverityTable): void {
    const fixBase = this.fixes.length;
    const sourceBase = this.sources.length;
    for (const fix of other.fixes) this.fixes.push(fix);
    for (let s = 0; s < other.sources.length; s++) {
      this.sources.push(other.sources[s]);
      this.sourceStarts.push(other.sourceStarts[s] + offset);
    }
    let at = this.reserve(other.count);
    const from = other.records;
    const to = this.records;
    for (let i = 0; i < other.count * STRIDE; i += STRIDE) {
      const codeIndex = from[i + META] & 0xf;
      const level = severities[codeIndex];
      if (level === OFF) continue;
      to[at + START] = from[i + START] + offset;
      to[at + END] = from[i + END] + offset;
      to[at + META] = codeIndex | (level << 4);
      to[at + SCRIPTS] = from[i + SCRIPTS];
      to[at + FIX] = from[i + FIX] >= 0 ? from[i + FIX] + fixBase : from[i + FIX];
      to[at + SOURCE] = from[i + SOURCE] + sourceBase;
      at += STRIDE;
    }
    this.count = at / STRIDE;
  }

  /** Room for `more` records; returns where the first of them goes. */
  private reserve(more: number): number {
    const needed = (this.count + more) * STRIDE;
    if (needed > this.records.length) {
      const grown = new Int32Array(Math.max(needed, this.records.length * 2));
      grown.set(this.records.subarray(0, this.count * STRIDE));
      this.handBack();
      this.records = grown;
    }
    const at = this.count * STRIDE;
    this.count += more;
    return at;
  }

  /** The same findings in no more memory than they need (for results that are kept). */
  compact(): this {
    if (this.records.length > this.count * STRIDE) {
      const exact = this.records.slice(0, this.count * STRIDE);
      this.handBack();
      this.records = exact;
    }
    this.building = false;
    return this;
  }

  /** Hands the builder on to a later list, while this one has one. */
  private handBack(): void {
    const builder = this.records;
    if (this.building && spareBuilders.length < MAX_SPARE_BUILDERS && builder.length <= MAX_SPARE_UNITS)
      spareBuilders.push(builder);
  }

  code(i: number): FindingCode {
    return FINDING_CODES[this.records[i * STRIDE + META] & 0xf];
  }

  severity(i: number): Severity {
    return SEVERITIES[this.records[i * STRIDE + META] >> 4];
  }

  start(i: number): number {
    return this.records[i * STRIDE + START];
  }

  end(i: number): number {
    return this.records[i * STRIDE + END];
  }

  text(i: number): string {
    const record = i * STRIDE;
    const source = this.records[record + SOURCE];
    const from = this.records[record + START] - this.sourceStarts[source];
    return this.sources[source].slice(from, from + this.records[record + END] - this.records[record + START]);
  }

  scripts(i: number): readonly string[] {
    return namesOf(this.records[i * STRIDE + SCRIPTS]);
  }

  replacement(i: number): string | undefined {
    const fix = this.records[i * STRIDE + FIX];
    if (fix === NO_FIX) return undefined;
    if (fix === UNICODE_FIX) return zawgyiToUnicode(this.text(i));
    return fix === INLINE_CODE_FIX ? `\`${this.text(i)}\`` : this.fixes[fix];
  }

  /** Finding `i` as a plain object (what JSON and structured clones carry). */
  at(i: number): Finding {
    const finding = {
      code: this.code(i),
      severity: this.severity(i),
      start: this.start(i),
      end: this.end(i),
      text: this.text(i),
      scripts: this.scripts(i),
    };
    if (this.records[i * STRIDE + FIX] === UNICODE_FIX) {
      // Converted when read, not when the finding is made: most Zawgyi findings are never fixed.
      const text = finding.text;
      return Object.defineProperty(finding, 'replacement', {
        get: () => zawgyiToUnicode(text),
        enumerable: true,
      });
    }
    const replacement = this.replacement(i);
    return replacement === undefined ? finding : { ...finding, replacement };
  }

  *[Symbol.iterator](): Iterator<Finding> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }

  toArray(): Finding[] {
    return Array.from({ length: this.count }, (_, i) => this.at(i));
  }

  toJSON(): Finding[] {
    return this.toArray();
  }
}
