/**
 * Splits Markdown into prose, inline code spans and fenced code blocks (CommonMark fences: three
 * or more backticks or tildes, closed by the same character at least as long; an unclosed fence
 * runs to the end). Offsets are UTF-16, end exclusive; the segments cover the whole text.
 */
export type MarkdownSegmentKind = 'prose' | 'inlineCode' | 'code' | 'fence';

export interface MarkdownSegment {
  readonly kind: MarkdownSegmentKind;
  readonly start: number;
  readonly end: number;
  /** For code blocks: the first word of the info string, lower-cased ('' when bare). */
  readonly language?: string;
}

/** Receives the segments in order, empty ones left out; `language` comes with code blocks only. */
export type MarkdownSink = (kind: MarkdownSegmentKind, start: number, end: number, language?: string) => void;

export function segmentMarkdown(text: string): MarkdownSegment[] {
  const segments: MarkdownSegment[] = [];
  scanMarkdown(text, (kind, start, end, language) =>
    segments.push(language === undefined ? { kind, start, end } : { kind, start, end, language }),
  );
  return segments;
}

/**
 * Hands the segments of `text` to `sink` as they are found: the analysis reads them once, so they
 * are not kept (as objects they were most of what analysing a document allocated).
 */
export function scanMarkdown(text: string, sink: MarkdownSink): void {
  const emit: MarkdownSink = (kind, start, end, language) => {
    if (end > start) sink(kind, start, end, language);
  };
  const backtickLines = new FenceLines(text, '`');
  const tildeLines = new FenceLines(text, '~');
  let proseStart = 0;
  let offset = 0;
  while (offset < text.length) {
    // Only a line that starts like a fence can open a code block: find the next one, not every line.
    const lineStart = Math.min(backtickLines.from(offset), tildeLines.from(offset));
    if (lineStart === Infinity) break;
    const lineEnd = lineEndAt(text, lineStart);
    const open = openingFenceAt(text, lineStart, lineEnd);
    if (!open) {
      offset = lineEnd + 1;
      continue;
    }
    scanProse(text, emit, proseStart, lineStart, backtickLines.firstCharFrom(proseStart));
    const bodyStart = Math.min(lineEnd + 1, text.length);
    emit('fence', lineStart, bodyStart);
    const fenceLines = open.fenceChar === 0x60 ? backtickLines : tildeLines;
    let closeAt = -1;
    for (let cursor = bodyStart; cursor < text.length;) {
      const candidate = fenceLines.from(cursor);
      if (candidate === Infinity) break;
      if (closesFence(text, candidate, open)) {
        closeAt = candidate;
        break;
      }
      cursor = lineEndAt(text, candidate) + 1;
    }
    const bodyEnd = closeAt < 0 ? text.length : closeAt;
    emit('code', bodyStart, bodyEnd, open.language);
    if (closeAt < 0) return;
    const closeEnd = Math.min(lineEndAt(text, closeAt) + 1, text.length);
    emit('fence', closeAt, closeEnd);
    offset = proseStart = closeEnd;
  }
  scanProse(text, emit, proseStart, text.length, backtickLines.firstCharFrom(proseStart));
}

/**
 * The lines that start (after up to three spaces) with three of one fence character, found by
 * searching for that character rather than reading every line.
 */
class FenceLines {
  private readonly fenceChar: number;
  private readonly fenceString: string;
  /** The last answer and the offset it was asked from: searches move forward. */
  private askedFrom = -1;
  private found = -1;
  /** The first fence character at or after `askedFrom` (Infinity: none). */
  private firstChar = Infinity;

  constructor(
    private readonly text: string,
    fenceChar: '`' | '~',
  ) {
    this.fenceChar = fenceChar.charCodeAt(0);
    this.fenceString = fenceChar;
  }

  /** The start of the first such line at or after `offset` (a line start); Infinity when none. */
  from(offset: number): number {
    if (this.askedFrom >= 0 && this.askedFrom <= offset && this.found >= offset) return this.found;
    const { text, fenceChar, fenceString } = this;
    this.askedFrom = offset;
    // One character at a time: a search for one character is the fastest the engine has.
    let at = text.indexOf(fenceString, offset);
    this.firstChar = at < 0 ? Infinity : at;
    while (at >= 0) {
      let runEnd = at + 1;
      while (text.charCodeAt(runEnd) === fenceChar) runEnd++;
      if (runEnd - at >= 3) {
        let lineStart = at;
        while (lineStart > offset && at - lineStart < 3 && text.charCodeAt(lineStart - 1) === 0x20)
          lineStart--;
        if (lineStart === 0 || text.charCodeAt(lineStart - 1) === 0x0a) return (this.found = lineStart);
      }
      at = text.indexOf(fenceString, runEnd);
    }
    return (this.found = Infinity);
  }

  /**
   * Where to start looking for the fence character at or after `offset`: the first one the last
   * search met when that search covered `offset` (so prose without one is not searched again).
   */
  firstCharFrom(offset: number): number {
    return this.askedFrom >= 0 && this.askedFrom <= offset ? Math.max(offset, this.firstChar) : offset;
  }
}

interface OpeningFence {
  readonly fenceChar: number;
  readonly length: number;
  /** The first word of the info string, lower-cased ('' when bare). */
  readonly language: string;
}

/**
 * The opening fence of the line [offset, lineEnd), read in place: up to three spaces, three or more
 * backticks or tildes, spaces or tabs, the info word (up to whitespace or a backtick). A backtick
 * fence whose info string holds a backtick is not one.
 */
function openingFenceAt(text: string, offset: number, lineEnd: number): OpeningFence | undefined {
  let i = offset;
  while (i < offset + 3 && text.charCodeAt(i) === 0x20) i++;
  const fenceChar = text.charCodeAt(i);
  if (fenceChar !== 0x60 && fenceChar !== 0x7e) return undefined;
  let fenceEnd = i;
  while (text.charCodeAt(fenceEnd) === fenceChar) fenceEnd++;
  if (fenceEnd - i < 3) return undefined;
  // Read, not searched: a search would run on to the block's closing fence.
  if (fenceChar === 0x60)
    for (let k = fenceEnd; k < lineEnd; k++) if (text.charCodeAt(k) === 0x60) return undefined;
  let wordStart = fenceEnd;
  while (text.charCodeAt(wordStart) === 0x20 || text.charCodeAt(wordStart) === 0x09) wordStart++;
  let wordEnd = wordStart;
  let capitals = false;
  for (; wordEnd < text.length; wordEnd++) {
    const unit = text.charCodeAt(wordEnd);
    if (isWhiteSpace(unit) || unit === 0x60) break;
    if (unit >= 0x41 && unit <= 0x5a) capitals = true;
  }
  return { fenceChar, length: fenceEnd - i, language: infoWord(text, wordStart, wordEnd, capitals) };
}

/** Info words common enough to be compared in place rather than copied out of the text. */
const COMMON_INFO_WORDS = ['python', 'py', ''];

function infoWord(text: string, start: number, end: number, capitals: boolean): string {
  if (!capitals)
    for (const word of COMMON_INFO_WORDS)
      if (end - start === word.length && text.startsWith(word, start)) return word;
  const word = text.slice(start, end);
  // Lower-cased only when it has ASCII capitals: a copy of a piece of a two-byte string is slow.
  return capitals ? word.toLowerCase() : word;
}

/** JavaScript's `\s`: ECMAScript white space and line terminators. */
function isWhiteSpace(unit: number): boolean {
  if (unit <= 0x20) return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d);
  if (unit < 0xa0) return false;
  return (
    unit === 0xa0 ||
    unit === 0x1680 ||
    (unit >= 0x2000 && unit <= 0x200a) ||
    unit === 0x2028 ||
    unit === 0x2029 ||
    unit === 0x202f ||
    unit === 0x205f ||
    unit === 0x3000 ||
    unit === 0xfeff
  );
}

/**
 * Whether the line at `lineStart` closes the fence `open`: up to three spaces, at least as many of
 * its character, then only spaces or tabs to the end of the line (a CRLF line ends in \r\n).
 */
function closesFence(text: string, lineStart: number, { fenceChar, length }: OpeningFence): boolean {
  let i = lineStart;
  while (i < lineStart + 3 && text.charCodeAt(i) === 0x20) i++;
  const runStart = i;
  while (text.charCodeAt(i) === fenceChar) i++;
  if (i - runStart < length) return false;
  while (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09) i++;
  if (text.charCodeAt(i) === 0x0d) i++;
  return i >= text.length || text.charCodeAt(i) === 0x0a;
}

function lineEndAt(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline;
}

/**
 * Prose with its inline code spans: a run of n backticks up to the next run of exactly n in the
 * same block. A code span is inline (CommonMark): it ends with its paragraph at a blank line, and a
 * heading line is a block of its own, so a stray backtick never turns the next paragraph into code.
 * `start` is a line start.
 */
function scanProse(
  text: string,
  emit: MarkdownSink,
  start: number,
  end: number,
  firstBacktick: number,
): void {
  let proseStart = start;
  let i = firstBacktick;
  // The end of the block that holds `i`, once a search has needed it (most closers are on their
  // opener's line, where no block can end): while i < blockEnd it still holds.
  let blockEnd = start;
  // Run length → where a search for its closer already failed in that block: keeps many lone
  // backticks linear.
  let noCloserAfter: Map<number, number> | undefined;
  while (i < end) {
    if (text.charCodeAt(i) !== 0x60) i = text.indexOf('`', i);
    if (i < 0 || i >= end) break;
    if (blockEnd <= i) noCloserAfter = undefined;
    let runEnd = i;
    while (runEnd < end && text.charCodeAt(runEnd) === 0x60) runEnd++;
    const run = runEnd - i;
    let closeAt = -1;
    if (runEnd < (noCloserAfter?.get(run) ?? end)) {
      // Blocks end only at line starts: a closer on the opener's line needs no block check. The
      // line's end is looked for only up to each candidate (most closers are a word away).
      let lineEnd = Infinity;
      let checkedTo = runEnd;
      for (let search = runEnd; ;) {
        const next = text.indexOf('`', search);
        if (next < 0 || next >= end) break;
        if (lineEnd === Infinity) {
          while (checkedTo < next && text.charCodeAt(checkedTo) !== 0x0a) checkedTo++;
          if (checkedTo < next) lineEnd = checkedTo;
        }
        if (next > lineEnd) {
          if (blockEnd <= i) blockEnd = blockEndAfter(text, i, end);
          if (next >= blockEnd) break;
        }
        let nextEnd = next;
        while (nextEnd < end && text.charCodeAt(nextEnd) === 0x60) nextEnd++;
        if (nextEnd - next === run) {
          closeAt = next;
          break;
        }
        search = nextEnd;
      }
    }
    if (closeAt < 0) {
      if (blockEnd <= i) blockEnd = blockEndAfter(text, i, end);
      noCloserAfter ??= new Map();
      if (!noCloserAfter.has(run)) noCloserAfter.set(run, runEnd);
      i = runEnd; // a lone backtick run is literal text
      continue;
    }
    emit('prose', proseStart, i);
    emit('inlineCode', i, closeAt + run);
    i = proseStart = closeAt + run;
  }
  emit('prose', proseStart, end);
}

/**
 * Where the block of prose holding `offset` ends (before `end`): after a blank line, or around a
 * heading line, which is a block of its own.
 */
function blockEndAfter(text: string, offset: number, end: number): number {
  for (let line = text.lastIndexOf('\n', offset - 1) + 1; line < end;) {
    const next = Math.min(lineEndAt(text, line) + 1, end);
    if (isHeadingLine(text, line, next)) return line > offset ? line : next;
    if (isBlankLine(text, line, next)) return next;
    line = next;
  }
  return end;
}

/** Only spaces, tabs and the line break. */
function isBlankLine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const unit = text.charCodeAt(i);
    if (unit !== 0x20 && unit !== 0x09 && unit !== 0x0d && unit !== 0x0a) return false;
  }
  return true;
}

/** An ATX heading: up to three spaces, one to six #, then a space, a tab or the end of the line. */
const HEADING = /( {0,3})#{1,6}(?=[ \t\r\n]|$)/y;
function isHeadingLine(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  if (first !== 0x23 && first !== 0x20) return false; // neither # nor an indent: no regex needed
  HEADING.lastIndex = start;
  return HEADING.test(text) && HEADING.lastIndex <= end;
}
