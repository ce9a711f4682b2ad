/**
 * The single-pass scanners behind analyzeText. Prose is read by an automaton (proseAutomaton.ts) that
 * hands any token it has no rule for to the per-character path, which looks up one script mask and
 * one flag byte per character; anything unusual (a token with foreign letters,
 * a word mixing scripts, an invisible character, a line with a Zawgyi-only spelling, a token that
 * may not be NFC) is handed to a slow path that runs only for that token, word or line.
 */
import { isProgrammingWord } from './programmingWords';
import type { AnswerLanguage } from '../languages';
import {
  CHAR_FLAGS,
  CHECK_PRECISELY,
  composes,
  COMPOSES_BACKWARD,
  ALWAYS_CHANGES,
  INHERITED,
  INVISIBLE,
  LOOKALIKE_DIGIT,
  mayCarryVowelE,
  ZAWGYI_SPELLING,
  NFC_INFO,
  NFC_RELEVANT,
  nfcInfoOf,
  RANK_MASK,
  RUN_COMPOSES,
  RUN_RANK,
  SCRIPT_PUNCTUATION,
  SPACE,
} from '../script/charTables';
import { ALL_SCRIPTS, BMP_SCRIPT_MASKS, scriptBit, scriptSetOf, type ScriptMask } from '../script/scripts';
import {
  CHARACTER_CLASSES,
  PAIR_CLASS_SHIFT,
  PAIR_COUNT_MASK,
  PAIR_FIRST_ENGLISH,
  PAIR_FIRST_NEEDS_WORK,
  PAIR_INFO,
  PAIR_NEEDS_WORK,
  PAIR_NEXT,
  PAIR_SECOND_ENGLISH,
  PAIR_SECOND_NEEDS_WORK,
  proseAutomaton,
  type ProseAutomaton,
} from './proseAutomaton';
import { isMeaningfulInvisible, KHANDA_TA } from './invisibles';
import { latinLookalikes } from './lookalikes';
import { isZawgyi, zawgyiProbability } from './zawgyi';

/** How much of a line the Zawgyi detector reads. */
const ZAWGYI_SAMPLE = 20_000;
import type { FindingCode } from './terms';

export const LATIN = scriptBit('Latin');
export const TARGET_BITS: Readonly<Record<AnswerLanguage, ScriptMask>> = {
  my: scriptBit('Myanmar'),
  bn: scriptBit('Bengali'),
};
const NATIVE = TARGET_BITS.my | TARGET_BITS.bn;
const LOOKALIKE_LETTER: Readonly<Record<number, string>> = { 0x1040: '\u101D', 0x1047: '\u101B' };
const MYANMAR_MARK =
  /^[\u102B-\u103E\u1056-\u1059\u105E-\u1060\u1062-\u1064\u1067-\u106D\u1071-\u1074\u1082-\u108D\u108F\u109A-\u109D]$/;

/** A finding's replacement that is its own text in backticks (an English term marked as code). */
export const AS_INLINE_CODE: unique symbol = Symbol('as inline code');
/** The finding's text converted from Zawgyi, worked out only when a fix is asked for. */
export const AS_UNICODE: unique symbol = Symbol('as unicode');
export type Replacement = string | typeof AS_INLINE_CODE | typeof AS_UNICODE | undefined;

/** Receives raw findings; offsets are into the scanned text. */
export interface FindingSink {
  add(code: FindingCode, start: number, end: number, scripts: ScriptMask, replacement?: Replacement): void;
}

/** Counts over prose, summed across regions into the analysis' stats. */
export interface ProseCounts {
  proseTokens: number;
  foreignTokens: number;
  latinTokens: number;
  mixedTokens: number;
  zawgyiLines: number;
  maxZawgyi: number;
}

export const emptyCounts = (): ProseCounts => ({
  proseTokens: 0,
  foreignTokens: 0,
  latinTokens: 0,
  mixedTokens: 0,
  zawgyiLines: 0,
  maxZawgyi: 0,
});

export interface ProseOptions {
  /** Undefined: the text has no Burmese or Bangla, so only encoding checks apply. */
  readonly target: AnswerLanguage | undefined;
  /** Scripts welcome in prose: the target, Latin, and any the user allowed. */
  readonly allowed: ScriptMask;
  /** Offer "mark as code" for English words (Markdown only). */
  readonly markdown: boolean;
}

/** The code point at `i`, reading a surrogate pair whole (a lone surrogate reads as itself). */
function codePointAt(text: string, i: number, end: number): number {
  const unit = text.charCodeAt(i);
  if ((unit & 0xfc00) !== 0xd800 || i + 1 >= end) return unit;
  const low = text.charCodeAt(i + 1);
  return (low & 0xfc00) === 0xdc00 ? ((unit - 0xd800) << 10) + (low - 0xdc00) + 0x10000 : unit;
}

/** The scripts a mixed word is written in: each letter's own script (for digits shared by several scripts, the lowest). */
function wordScripts(word: string): ScriptMask {
  let union = 0;
  for (const ch of word) {
    const set = scriptSetOf(ch.codePointAt(0)!);
    if (set !== ALL_SCRIPTS) union |= set & -set;
  }
  return union;
}

/**
 * An English term taking a Burmese/Bangla suffix ("nকে", "listကို"): Latin letters, then only
 * native ones. Writers do this on purpose; a model that garbles a word mixes them otherwise.
 */
function isTermWithSuffix(word: string): boolean {
  let phase: 'start' | 'latin' | 'native' = 'start';
  for (const ch of word) {
    const set = scriptSetOf(ch.codePointAt(0)!);
    if (set === ALL_SCRIPTS) continue;
    if (set & LATIN) {
      if (phase === 'native') return false;
      phase = 'latin';
    } else if (phase === 'start') return false;
    else phase = 'native';
  }
  return phase === 'native';
}

/** A Burmese or Bangla letter or sign (not a digit): inside Latin letters, it garbles the word. */
const isNativeLetter = (unit: number) =>
  (unit >= 0x1000 && unit <= 0x103f) ||
  (unit >= 0x104a && unit <= 0x108f) ||
  (unit >= 0x109a && unit <= 0x109f) ||
  (unit >= 0x0980 && unit <= 0x09e5) ||
  (unit >= 0x09f0 && unit <= 0x09ff);

/** Whether text[start, end) holds a native letter, read in place (English spans are many: no copies). */
function hasNativeLetter(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (isNativeLetter(text.charCodeAt(i))) return true;
  return false;
}

/** The Latin letter a Burmese or Bangla consonant is romanized with (a model swaps one for the other). */
const romanize = (letters: string, latin: string) => [...letters].map((ch, i) => [ch, latin[i]] as const);
const ROMANIZED: ReadonlyMap<string, string> = new Map([
  ...romanize('ကခဂငစဆဇညတထဒဓနပဖဗဘမယရလဝသဟ', 'kkgnssznttddnppbbmyrlwth'),
  ...romanize('কখগঘচছজঝটঠডঢতথদধনপফবভমযরলশষসহ', 'kkggccjjttddttddnppbbmyrlsssh'),
]);

/**
 * An English word with native letters inside it ("funcတion": Latin first and last, other letters
 * between, as a model that garbles a word writes it): the programming word it stands for, with the
 * native letters dropped or read as the Latin letter they are romanized with ("function"). Undefined
 * when neither is a known word, and for any other mix (a native word with Latin in it, a suffix).
 */
export function latinWithoutIntruders(word: string): string | undefined {
  const letters = [...word];
  const isLatin = (ch: string) => {
    const set = scriptSetOf(ch.codePointAt(0)!);
    return set !== ALL_SCRIPTS && (set & LATIN) !== 0;
  };
  if (!isLatin(letters[0]) || !isLatin(letters[letters.length - 1])) return undefined;
  const dropped = letters.filter(isLatin).join('');
  const romanized = letters.map((ch) => (isLatin(ch) ? ch : (ROMANIZED.get(ch) ?? ''))).join('');
  return [dropped, romanized].find(
    (candidate) => /^[A-Za-z]+$/.test(candidate) && isProgrammingWord(candidate),
  );
}

/** Whether `i` is in one of the [start, end) pairs listed flat in `ranges`. */
function isInRanges(ranges: readonly number[], i: number): boolean {
  for (let k = 0; k < ranges.length; k += 2) if (i >= ranges[k] && i < ranges[k + 1]) return true;
  return false;
}

const flagsOf = (cp: number) => (cp < 0x10000 ? CHAR_FLAGS[cp] : nfcInfoOf(cp) ? NFC_RELEVANT : 0);

/**
 * Scans prose (Markdown prose, plain text, Python strings and comments) in [start, end). Tokens are
 * whitespace-delimited; words are runs of script letters and marks inside a token (punctuation and
 * ASCII digits split them), and a word whose resolved script set is empty mixes scripts.
 */
export class ProseScanner {
  /** Words in the current token already reported as Latin written with look-alikes: not foreign too. */
  private lookalikeWords: number[] = [];
  private strayStart = -1;
  private strayEnd = -1;
  /** A line with a Zawgyi spelling, closed once the automaton has read past it. */
  private zawgyiLineStart = -1;
  private zawgyiLineEnd = -1;
  /** The target's automaton (none without a target). */
  private readonly automaton: ProseAutomaton | undefined;

  constructor(
    private readonly text: string,
    private readonly options: ProseOptions,
    private readonly sink: FindingSink,
    private readonly counts: ProseCounts,
  ) {
    this.automaton = options.target && proseAutomaton(options.target);
  }

  /** Scans [start, end): by the automaton where the text has a target language, else character by character. */
  scan(start: number, end: number): void {
    const automaton = this.automaton;
    if (automaton) this.scanByAutomaton(automaton, start, end);
    else this.scanEachCharacter(start, end);
  }

  /**
   * The reference path, which the automaton must agree with: every rule, character by character.
   * Used on its own for text without Burmese or Bangla, and by tests.
   */
  scanEachCharacter(start: number, end: number): void {
    const zawgyiLine = this.scanCharacters(start, end);
    if (zawgyiLine >= 0) this.closeLine(zawgyiLine, end);
    this.closeStray();
  }

  /**
   * The automaton reads the clean tokens (see proseAutomaton.ts) and stops only at a token's end:
   * to count it, to report its English span, or to hand the token to the per-character path.
   */
  private scanByAutomaton(automaton: ProseAutomaton, start: number, end: number): void {
    const { text } = this;
    const { table, counted } = automaton;
    const pairs = automaton.pairs;
    // The module's tables, taken into locals here: read through them, the engine reads the tables
    // at fixed addresses without checks (measured: read by name inside the loop, it checked each
    // array on each step).
    const classes = CHARACTER_CLASSES;
    const nextOf = PAIR_NEXT;
    const infoOf = PAIR_INFO;
    let tokens = 0;
    let pairState = pairs.start;
    let i = start;
    // Two units per step (PairSteps), then the odd one out with the one-step table.
    while (i + 1 < end) {
      let info = 0;
      // The inner loop makes no calls and holds no other loop, so the engine keeps its state in
      // registers (measured: with the token ends' work inside it, a tenth slower).
      for (; i + 1 < end; i += 2) {
        const at =
          pairState + ((classes[text.charCodeAt(i)] << PAIR_CLASS_SHIFT) + classes[text.charCodeAt(i + 1)]);
        pairState = nextOf[at];
        info = infoOf[at];
        // Counted without a branch: a token ends every few units, at places no predictor can guess
        // (measured: a third of the loop's time went to the branch).
        tokens += info & PAIR_COUNT_MASK;
        if (info >= PAIR_NEEDS_WORK) break;
      }
      if (i + 1 >= end) break;
      if (info & PAIR_FIRST_NEEDS_WORK) this.tokenEnded((info & PAIR_FIRST_ENGLISH) !== 0, start, i, end);
      if (info & PAIR_SECOND_NEEDS_WORK)
        this.tokenEnded((info & PAIR_SECOND_ENGLISH) !== 0, start, i + 1, end);
      i += 2;
    }
    let state = pairs.oneStepState(pairState);
    if (i < end) {
      state = table[state + CHARACTER_CLASSES[text.charCodeAt(i)]];
      tokens += +(state === counted);
      if (state > counted) this.tokenEnded(state === automaton.english, start, i, end);
    }
    state = table[state + automaton.spaceClass];
    tokens += +(state === counted);
    if (state > counted) this.tokenEnded(state === automaton.english, start, end, end);
    this.counts.proseTokens += tokens;
    this.closeZawgyiLine();
  }

  /** A token the automaton stopped at: an English one (its span reported here) or one it escaped. */
  private tokenEnded(english: boolean, regionStart: number, tokenEnd: number, regionEnd: number): void {
    if (this.zawgyiLineEnd >= 0 && tokenEnd > this.zawgyiLineEnd) this.closeZawgyiLine();
    if (english) this.englishTokenEnded(regionStart, tokenEnd);
    else this.escapedTokenEnded(regionStart, tokenEnd, regionEnd);
  }

  /** Back to the token's start, noting its first and last Latin letter (all of it is BMP). */
  private englishTokenEnded(regionStart: number, tokenEnd: number): void {
    const text = this.text;
    let latinStart = -1;
    let latinEnd = -1;
    for (let tokenStart = tokenEnd; tokenStart > regionStart; tokenStart--) {
      const unit = text.charCodeAt(tokenStart - 1);
      const set = BMP_SCRIPT_MASKS[unit];
      if (CHAR_FLAGS[unit] & SPACE) break;
      if (set !== ALL_SCRIPTS && set & LATIN) {
        if (latinEnd < 0) latinEnd = tokenStart;
        latinStart = tokenStart - 1;
      }
    }
    this.counts.proseTokens++;
    this.englishSpan(latinStart, latinEnd);
  }

  /** A token for the per-character scanner, which decides. */
  private escapedTokenEnded(regionStart: number, tokenEnd: number, regionEnd: number): void {
    const text = this.text;
    let tokenStart = tokenEnd;
    while (tokenStart > regionStart && !(CHAR_FLAGS[text.charCodeAt(tokenStart - 1)] & SPACE)) tokenStart--;
    const zawgyi = this.scanCharacters(tokenStart, tokenEnd) >= 0;
    this.closeStray();
    if (zawgyi && this.zawgyiLineEnd < 0) {
      // The line is closed (the detector asked) when the automaton has passed its end, as the
      // per-character path does at the line break.
      const lineBreak = text.indexOf('\n', tokenEnd);
      this.zawgyiLineStart = Math.max(regionStart, text.lastIndexOf('\n', tokenStart - 1) + 1);
      this.zawgyiLineEnd = lineBreak < 0 || lineBreak >= regionEnd ? regionEnd : lineBreak;
    }
  }

  /** A token's English letters, first to last: counted, and hinted (in Markdown with "mark as code"). */
  private englishSpan(start: number, end: number): void {
    this.counts.latinTokens++;
    // Native letters between the first and last Latin ones: not an English word but a garbled one
    // (its mixed-script-token says so and offers the plain spelling), so no "mark as code" hint.
    if (hasNativeLetter(this.text, start, end)) return;
    this.sink.add('latin-in-prose', start, end, LATIN, this.options.markdown ? AS_INLINE_CODE : undefined);
  }

  private closeZawgyiLine(): void {
    if (this.zawgyiLineEnd < 0) return;
    this.closeLine(this.zawgyiLineStart, this.zawgyiLineEnd);
    this.zawgyiLineStart = this.zawgyiLineEnd = -1;
  }

  /**
   * The per-character loop; returns where the last line starts if that line has a Zawgyi spelling
   * (-1 if not), for the caller to close. Its state lives in locals (fields cost a load and a store
   * per character); the close* methods get what they need as arguments, and run only when there is
   * something to report.
   */
  private scanCharacters(start: number, end: number): number {
    const { text, counts } = this;
    const allowed = this.options.allowed;
    const checkScripts = this.options.target !== undefined;
    const burmese = this.options.target === 'my';
    let previous = 0;
    // token
    let tokenStart = -1;
    let tokenLetters = false;
    let tokenForeign = false;
    let latinStart = -1;
    let latinEnd = -1;
    let nfcSuspect = false;
    let lastRank = 0;
    // word
    let wordStart = -1;
    let wordSet: ScriptMask = ALL_SCRIPTS;
    let wordForeign = false;
    let wordDigits = false;
    // line
    let lineStart = start;
    let lineZawgyi = false;
    for (let i = start; i < end; i++) {
      let cp = text.charCodeAt(i);
      let set: ScriptMask;
      let flags: number;
      if (cp < 0xd800 || (cp > 0xdfff && cp < 0x10000)) {
        set = BMP_SCRIPT_MASKS[cp];
        flags = CHAR_FLAGS[cp];
      } else {
        cp = codePointAt(text, i, end);
        set = scriptSetOf(cp);
        flags = flagsOf(cp);
      }
      const width = cp > 0xffff ? 2 : 1;
      // Common characters (spaces, punctuation, ASCII digits) and a script's own punctuation end a word.
      if (set === ALL_SCRIPTS ? !(flags & INHERITED) : flags & SCRIPT_PUNCTUATION) {
        if (wordStart >= 0) {
          if (checkScripts && (wordSet === 0 || wordDigits))
            this.checkWord(wordStart, i, wordSet, wordForeign, wordDigits);
          wordStart = -1;
          wordSet = ALL_SCRIPTS;
          wordForeign = wordDigits = false;
        }
        if (flags & SPACE) {
          if (tokenStart >= 0) {
            if (tokenLetters) counts.proseTokens++;
            if (tokenForeign || latinStart >= 0 || nfcSuspect || this.lookalikeWords.length !== 0)
              this.closeToken(tokenStart, i, tokenForeign, latinStart, latinEnd, nfcSuspect);
            tokenStart = latinStart = latinEnd = -1;
            tokenLetters = tokenForeign = nfcSuspect = false;
          }
          lastRank = 0;
          if (cp === 0x0a) {
            if (lineZawgyi) this.closeLine(lineStart, i);
            lineStart = i + 1;
            lineZawgyi = false;
          }
          previous = cp;
          continue;
        }
      }
      if (flags !== 0) {
        if (flags & INVISIBLE) this.invisible(i, cp);
        if (flags & NFC_RELEVANT) {
          const info = cp < 0x10000 ? NFC_INFO[cp] : nfcInfoOf(cp);
          const rank = info & RANK_MASK;
          if (
            info & (ALWAYS_CHANGES | CHECK_PRECISELY) ||
            (rank !== 0 && lastRank > rank) ||
            (info & COMPOSES_BACKWARD && (lastRank !== 0 || composes(previous, cp)))
          )
            nfcSuspect = true;
          lastRank = rank;
        } else lastRank = 0;
        // Zawgyi-only spellings: ေ stored before its consonant, or a Zawgyi stacked form (see zawgyi.ts).
        if (flags & ZAWGYI_SPELLING && burmese && (cp !== 0x1031 || !mayCarryVowelE(previous)))
          lineZawgyi = true;
        if (flags & LOOKALIKE_DIGIT) wordDigits = true;
      } else lastRank = 0;
      if (tokenStart < 0) tokenStart = i;
      if (set !== ALL_SCRIPTS) {
        if (checkScripts) {
          tokenLetters = true;
          if ((set & allowed) === 0) {
            tokenForeign = true;
            // A script's own punctuation ends words rather than belonging to one: it must not
            // leave the next word (of its token, or of the next) marked foreign.
            if (!(flags & SCRIPT_PUNCTUATION)) wordForeign = true;
          }
          if (set & LATIN) {
            if (latinStart < 0) latinStart = i;
            latinEnd = i + width;
          }
        }
        if (!(flags & SCRIPT_PUNCTUATION)) {
          if (wordStart < 0) wordStart = i;
          wordSet &= set;
        }
        if (width === 1 && !(flags & SCRIPT_PUNCTUATION)) {
          // Most of a word is letters and marks of its one script with nothing to check but their
          // combining order: the same state change as this character's, at two table reads each.
          let next = i + 1;
          for (; next < end; next++) {
            const unit = text.charCodeAt(next);
            const run = RUN_RANK[unit];
            if (run === 0 || BMP_SCRIPT_MASKS[unit] !== set) break;
            if (run < RUN_COMPOSES) {
              if (run !== 1 && lastRank >= run) nfcSuspect = true;
              lastRank = run - 1;
              continue;
            }
            const before = text.charCodeAt(next - 1);
            if (run === RUN_COMPOSES) {
              if (lastRank !== 0 || composes(before, unit)) nfcSuspect = true;
            } else if (burmese && !mayCarryVowelE(before)) lineZawgyi = true;
            lastRank = 0;
          }
          if (next > i + 1) {
            if (latinEnd === i + 1) latinEnd = next;
            i = next - 1;
            cp = text.charCodeAt(i);
          }
        }
      }
      previous = cp;
      if (width === 2) i++;
    }
    if (wordStart >= 0 && checkScripts && (wordSet === 0 || wordDigits))
      this.checkWord(wordStart, end, wordSet, wordForeign, wordDigits);
    if (tokenStart >= 0) {
      if (tokenLetters) counts.proseTokens++;
      if (tokenLetters || nfcSuspect)
        this.closeToken(tokenStart, end, tokenForeign, latinStart, latinEnd, nfcSuspect);
    }
    return lineZawgyi ? lineStart : -1;
  }

  private invisible(i: number, cp: number): void {
    const { text } = this;
    if (cp === 0x200d && text.charCodeAt(i - 1) === 0x09cd && text.charCodeAt(i - 2) === 0x09a4 && i >= 2)
      this.sink.add('legacy-khanda-ta', i - 2, i + 1, TARGET_BITS.bn, KHANDA_TA);
    if (isMeaningfulInvisible(text, i)) return;
    if (this.strayEnd === i) this.strayEnd = i + 1;
    else {
      this.closeStray();
      this.strayStart = i;
      this.strayEnd = i + 1;
    }
  }

  private closeStray(): void {
    if (this.strayStart >= 0)
      this.sink.add(
        'stray-joiner',
        this.strayStart,
        this.strayEnd,
        ALL_SCRIPTS,
        strayReplacement(this.text, this.strayStart, this.strayEnd),
      );
    this.strayStart = this.strayEnd = -1;
  }

  /** Slow path for a word that mixes scripts or holds a digit that looks like a letter. */
  private checkWord(
    start: number,
    end: number,
    wordSet: ScriptMask,
    foreign: boolean,
    digits: boolean,
  ): void {
    const { text, sink } = this;
    if (wordSet === 0) {
      const word = text.slice(start, end);
      const latin = latinLookalikes(word);
      if (latin !== undefined) {
        // Latin written with Cyrillic or Greek look-alikes (a homoglyph), e.g. "Pythоn".
        sink.add('mixed-script-token', start, end, wordScripts(word), latin);
        this.lookalikeWords.push(start, end);
        this.counts.mixedTokens++;
        return;
      }
      if (!foreign && !isTermWithSuffix(word)) {
        // Only welcome scripts, but in one word: e.g. Latin letters inside a Burmese word; an English
        // word with native letters inside is offered without them.
        sink.add('mixed-script-token', start, end, wordScripts(word), latinWithoutIntruders(word));
        this.counts.mixedTokens++;
        return;
      }
    }
    if (digits) this.lookalikeDigits(start, end);
  }

  /** Myanmar ၀/၇ written where the letters ဝ/ရ belong: after a letter, carrying a vowel sign, or closing a syllable. */
  private lookalikeDigits(start: number, end: number): void {
    const { text } = this;
    const isDigit = (unit: number) => unit >= 0x1040 && unit <= 0x1049;
    const isLetterOrMark = (unit: number) => unit >= 0x1000 && unit <= 0x109f && !isDigit(unit);
    for (let i = start; i < end; i++) {
      const letter = LOOKALIKE_LETTER[text.charCodeAt(i)];
      if (letter === undefined) continue;
      const before = i > start ? text.charCodeAt(i - 1) : -1;
      const after = i + 1 < end ? text.charCodeAt(i + 1) : -1;
      if (isDigit(before) || isDigit(after)) continue; // a number, e.g. ၁၀
      // Or its syllable closes with a killed consonant (ဝင်): digits take no final consonant.
      const closesSyllable = isLetterOrMark(after) && text.charCodeAt(i + 2) === 0x103a && i + 2 < end;
      if (isLetterOrMark(before) || MYANMAR_MARK.test(text.charAt(i + 1)) || closesSyllable) {
        this.sink.add('mixed-script-token', i, i + 1, TARGET_BITS.my, letter);
        this.counts.mixedTokens++;
      }
    }
  }

  /** A token with letters (or an NFC doubt) ends: foreign runs, the English span, NFC. */
  private closeToken(
    start: number,
    end: number,
    foreign: boolean,
    latinStart: number,
    latinEnd: number,
    nfcSuspect: boolean,
  ): void {
    const { text, sink, counts } = this;
    if (foreign && this.foreignRuns(start, end)) counts.foreignTokens++;
    if (latinStart >= 0) this.englishSpan(latinStart, latinEnd);
    if (nfcSuspect) {
      const token = text.slice(start, end);
      const normalized = token.normalize('NFC');
      if (normalized !== token) sink.add('not-nfc', start, end, ALL_SCRIPTS, normalized);
    }
    if (this.lookalikeWords.length) this.lookalikeWords = [];
  }

  /**
   * Reports each run of foreign letters in the token, extended over Common/Inherited characters
   * between them (marks, joiners), skipping words already reported as look-alikes. Returns whether
   * any run was reported.
   */
  private foreignRuns(start: number, end: number): boolean {
    const { text, options } = this;
    const skip = this.lookalikeWords;
    let reported = false;
    let runStart = -1;
    let runEnd = -1;
    let runSet = ALL_SCRIPTS;
    const close = () => {
      if (runStart >= 0) {
        this.sink.add('foreign-script', runStart, runEnd, runSet);
        reported = true;
      }
      runStart = -1;
      runSet = ALL_SCRIPTS;
    };
    for (let i = start; i < end;) {
      const cp = codePointAt(text, i, end);
      const width = cp > 0xffff ? 2 : 1;
      const set = scriptSetOf(cp);
      const inLookalike = skip.length !== 0 && isInRanges(skip, i);
      if (set !== ALL_SCRIPTS && (set & options.allowed) === 0 && !inLookalike) {
        if (runStart < 0) runStart = i;
        runEnd = i + width;
        runSet &= set;
      } else if (set !== ALL_SCRIPTS || inLookalike) close();
      i += width;
    }
    close();
    return reported;
  }

  /** A line with a Zawgyi-only spelling: ask the detector about its Burmese span. */
  private closeLine(lineStart: number, lineEnd: number): void {
    const { text } = this;
    const isMyanmar = (i: number) => text.charCodeAt(i) >= 0x1000 && text.charCodeAt(i) <= 0x109f;
    let first = lineStart;
    while (first < lineEnd && !isMyanmar(first)) first++;
    let last = lineEnd - 1;
    while (last > first && !isMyanmar(last)) last--;
    // The detector reads a bounded sample of a very long line: its verdict settles within a few
    // hundred characters, and a line of hundreds of thousands would cost time for nothing.
    const line = text.slice(first, Math.min(last + 1, first + ZAWGYI_SAMPLE));
    const probability = zawgyiProbability(line);
    this.counts.maxZawgyi = Math.max(this.counts.maxZawgyi, probability);
    if (isZawgyi(line, probability)) {
      this.counts.zawgyiLines++;
      // The conversion is only worked out for a quick fix (FindingList.replacement).
      this.sink.add('zawgyi', first, last + 1, TARGET_BITS.my, AS_UNICODE);
    }
  }
}

/**
 * Scans Python code (outside strings and comments): Burmese/Bangla characters there are errors.
 * Code is mostly ASCII, so ASCII takes one comparison.
 */
export function scanCode(text: string, start: number, end: number, sink: FindingSink): number {
  let corruptions = 0;
  let runStart = -1;
  let runEnd = -1;
  let runSet = ALL_SCRIPTS;
  let strayStart = -1;
  let strayEnd = -1;
  const closeRun = () => {
    if (runStart < 0) return;
    // Name only Burmese/Bangla: their digits are shared with Chakma and Tai Le, which would confuse.
    sink.add('native-in-code', runStart, runEnd, runSet & NATIVE, codeReplacement(text, runStart, runEnd));
    corruptions++;
    runStart = -1;
    runSet = ALL_SCRIPTS;
  };
  for (let i = start; i < end; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      // ASCII letters and whitespace end a run; ASCII punctuation between native characters joins it.
      if (runStart >= 0 && (unit <= 0x20 || BMP_SCRIPT_MASKS[unit] !== ALL_SCRIPTS)) closeRun();
      continue;
    }
    const cp = codePointAt(text, i, end);
    const set = scriptSetOf(cp);
    if (set !== ALL_SCRIPTS && (set & NATIVE) !== 0) {
      if (runStart < 0) runStart = i;
      runEnd = i + (cp > 0xffff ? 2 : 1);
      runSet &= set;
    } else if (set !== ALL_SCRIPTS || flagsOf(cp) & SPACE) closeRun();
    if (flagsOf(cp) & INVISIBLE && !isMeaningfulInvisible(text, i)) {
      if (strayEnd !== i) {
        if (strayStart >= 0)
          sink.add(
            'stray-joiner',
            strayStart,
            strayEnd,
            ALL_SCRIPTS,
            strayReplacement(text, strayStart, strayEnd),
          );
        strayStart = i;
      }
      strayEnd = i + 1;
    }
    if (cp > 0xffff) i++;
  }
  closeRun();
  if (strayStart >= 0)
    sink.add('stray-joiner', strayStart, strayEnd, ALL_SCRIPTS, strayReplacement(text, strayStart, strayEnd));
  return corruptions;
}

/**
 * The fix for native text in code: digits become ASCII digits (Myanmar ၀ U+1040 and Bengali ০
 * U+09E6 start their digit blocks), sentence punctuation (။ ၊ । ॥) is removed; letters, or digits
 * mixed with punctuation, have no safe fix.
 */
function codeReplacement(text: string, start: number, end: number): string | undefined {
  let digits = '';
  let punctuation = false;
  for (let i = start; i < end; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x1040 && unit <= 0x1049) digits += unit - 0x1040;
    else if (unit >= 0x09e6 && unit <= 0x09ef) digits += unit - 0x09e6;
    else if (unit === 0x104a || unit === 0x104b || unit === 0x0964 || unit === 0x0965) punctuation = true;
    else return undefined;
  }
  if (!punctuation) return digits;
  return digits === '' ? '' : undefined;
}

/**
 * What replaces a stray invisible run: nothing, unless removing it would join letters of two
 * scripts into one word (`ဤ\u200Bfunction` would become a mixed-script token): then a space.
 */
function strayReplacement(text: string, start: number, end: number): string {
  if (start === 0 || end >= text.length) return '';
  // The letter before: a surrogate pair read whole, a lone surrogate as itself.
  const pair =
    start >= 2 && isLowSurrogate(text.charCodeAt(start - 1)) && isHighSurrogate(text.charCodeAt(start - 2));
  const before = scriptSetOf(text.codePointAt(start - (pair ? 2 : 1))!);
  const after = scriptSetOf(text.codePointAt(end)!);
  return before !== ALL_SCRIPTS && after !== ALL_SCRIPTS && (before & after) === 0 ? ' ' : '';
}

const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;
const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
