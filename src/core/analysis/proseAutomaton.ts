/**
 * A table-driven automaton that reads prose two UTF-16 units at a time — two class reads and one
 * transition read per pair (PairSteps; a one-step table for an odd unit) — and stops only where a
 * token ends. It follows the per-character
 * scanner's rules (scanner.ts) for the tokens that need nothing reported but their counts and
 * English span: words of the target script in canonical order, English words, punctuation and
 * digits between them, র‍্য. Anything else (another script, a word mixing scripts, a mark out of
 * order, a character that may compose with the one before it, a Zawgyi spelling, an invisible
 * character other than a joiner before a virama, a surrogate) sends its token to the per-character
 * scanner, which decides.
 *
 * The tables are built on first use (once per process, a few milliseconds) from the same Unicode
 * tables the scanner reads, by running `step` (the rules, written out) over every reachable state
 * and character class; the pair table composes two rows of the one-step table.
 */
import type { AnswerLanguage } from '../languages';
import {
  CHAR_FLAGS,
  composes,
  mayCarryVowelE,
  NFC_INFO,
  NFC_RELEVANT,
  RANK_MASK,
  RUN_COMPOSES,
  RUN_RANK,
  RUN_VOWEL_E,
  SCRIPT_PUNCTUATION,
  SPACE,
  SPACE_CODE_POINTS,
} from '../script/charTables';
import { ALL_SCRIPTS, BMP_SCRIPT_MASKS, scriptBit } from '../script/scripts';

const LATIN = scriptBit('Latin');
const SCRIPT_OF: Readonly<Record<AnswerLanguage, number>> = {
  my: scriptBit('Myanmar'),
  bn: scriptBit('Bengali'),
};
const LANGUAGES = ['my', 'bn'] as const;

/** What the automaton needs to know of a character. */
interface CharClass {
  readonly kind: 'space' | 'common' | 'latin' | 'native' | 'punctuation' | 'joiner' | 'escape';
  /** For native letters and marks, and script punctuation: whose. */
  readonly language?: AnswerLanguage;
  /** Canonical-combining-class rank (0 for starters). */
  readonly rank: number;
  /** Burmese ေ may follow it (mayCarryVowelE). */
  readonly carriesVowelE: boolean;
  /** Composes under NFC with a following native character (ে before া, ဥ before ီ). */
  readonly composesForward: boolean;
  /** Composes under NFC with the character before it (া, ী). */
  readonly composesBackward: boolean;
  /** Burmese ေ: a Zawgyi spelling unless it follows a character that carries it. */
  readonly vowelE: boolean;
  /** Hasanta, virama, asat: a joiner before one shapes a conjunct (র‍্য). */
  readonly virama: boolean;
}

const ESCAPE: CharClass = {
  kind: 'escape',
  rank: 0,
  carriesVowelE: false,
  composesForward: false,
  composesBackward: false,
  vowelE: false,
  virama: false,
};

/** Where the automaton classifies characters rather than escaping them all: the scripts it knows. */
const CLASSIFIED_RANGES: readonly (readonly [number, number])[] = [
  [0x0000, 0x024f], // ASCII, Latin-1, Latin Extended-A/B
  [0x0964, 0x0965], // danda, double danda
  [0x0980, 0x09ff], // Bengali
  [0x1000, 0x109f], // Myanmar
  [0x2000, 0x206f], // General Punctuation
  [0xa9e0, 0xa9ff], // Myanmar Extended-B
  [0xaa60, 0xaa7f], // Myanmar Extended-A
];

const ZWJ = 0x200d;
const VIRAMAS = [0x09cd, 0x1039, 0x103a];

/** Native characters that compose with the one before them, found in the classified ranges. */
function nativeSeconds(): number[] {
  const seconds: number[] = [];
  for (const [first, last] of CLASSIFIED_RANGES)
    for (let cp = first; cp <= last; cp++)
      if (BMP_SCRIPT_MASKS[cp] & (SCRIPT_OF.my | SCRIPT_OF.bn) && RUN_RANK[cp] === RUN_COMPOSES)
        seconds.push(cp);
  return seconds;
}

function classify(cp: number, seconds: readonly number[]): CharClass {
  const flags = CHAR_FLAGS[cp];
  if (flags & SPACE) return { ...ESCAPE, kind: 'space' };
  if (cp >= 0xd800 && cp <= 0xdfff) return ESCAPE;
  const mask = BMP_SCRIPT_MASKS[cp];
  const info = NFC_INFO[cp];
  const base = {
    rank: 0,
    carriesVowelE: mayCarryVowelE(cp),
    composesForward: seconds.some((second) => composes(cp, second)),
    composesBackward: false,
    vowelE: false,
    virama: VIRAMAS.includes(cp),
  };
  if (cp === ZWJ) return { ...base, kind: 'joiner' };
  if (mask === ALL_SCRIPTS) return flags === 0 ? { ...base, kind: 'common' } : ESCAPE;
  if (mask === LATIN) return flags === 0 ? { ...base, kind: 'latin' } : ESCAPE;
  const languages = LANGUAGES.filter((language) => mask & SCRIPT_OF[language]);
  if (languages.length !== 1) return ESCAPE;
  const language = languages[0];
  if (flags === SCRIPT_PUNCTUATION) return { ...base, kind: 'punctuation', language };
  if (flags === 0) return { ...base, kind: 'native', language };
  if (flags === NFC_RELEVANT && (info & ~RANK_MASK) === 0)
    return { ...base, kind: 'native', language, rank: info & RANK_MASK };
  if (flags === NFC_RELEVANT && RUN_RANK[cp] === RUN_COMPOSES)
    return { ...base, kind: 'native', language, composesBackward: true };
  if (RUN_RANK[cp] === RUN_VOWEL_E) return { ...base, kind: 'native', language, vowelE: true };
  return ESCAPE;
}

/** A token's state: what it holds so far and what the last character was. */
interface TokenState {
  readonly kind: 'token';
  readonly latin: boolean;
  /** Any character with a script (a letter, a mark, script punctuation): the token counts. */
  readonly letters: boolean;
  /** In an English word, in a native word, or between words (after punctuation or a digit). */
  readonly word: 'latin' | 'native' | 'none';
  readonly lastRank: number;
  readonly carriesVowelE: boolean;
  readonly composesForward: boolean;
  /** After a joiner that means something only if a virama follows. */
  readonly joinerPending: boolean;
}

/** Between tokens; `ended` says what the token that just ended needs (an action). */
type State =
  | TokenState
  | { readonly kind: 'space'; readonly ended?: 'counted' | 'english' | 'escaped' }
  | { readonly kind: 'escape' };

const BETWEEN: TokenState = {
  kind: 'token',
  latin: false,
  letters: false,
  word: 'none',
  lastRank: 0,
  carriesVowelE: false,
  composesForward: false,
  joinerPending: false,
};

/** The scanner's rules for one character, for a clean token; 'escape' where it has more to say. */
function step(state: State, c: CharClass, target: AnswerLanguage): State {
  if (c.kind === 'space') {
    if (state.kind === 'escape') return { kind: 'space', ended: 'escaped' };
    if (state.kind === 'space') return { kind: 'space' };
    if (state.joinerPending) return { kind: 'space', ended: 'escaped' };
    if (state.latin) return { kind: 'space', ended: 'english' };
    return state.letters ? { kind: 'space', ended: 'counted' } : { kind: 'space' };
  }
  if (state.kind === 'escape' || c.kind === 'escape') return { kind: 'escape' };
  const token = state.kind === 'space' ? BETWEEN : state;
  if (token.joinerPending && !(c.kind === 'native' && c.virama && c.language === target))
    return { kind: 'escape' };
  const after = {
    lastRank: c.rank,
    carriesVowelE: c.carriesVowelE,
    composesForward: c.composesForward,
    joinerPending: false,
  };
  switch (c.kind) {
    case 'common':
      return { ...token, ...after, word: 'none' };
    case 'latin':
      // An English word running into a native one is one word mixing scripts.
      if (token.word === 'native') return { kind: 'escape' };
      return { ...token, ...after, latin: true, word: 'latin' };
    case 'punctuation':
      if (c.language !== target) return { kind: 'escape' };
      return { ...token, ...after, letters: true, word: 'none' };
    case 'native': {
      // An English word with a native suffix ("listကို") is one word of two scripts written on
      // purpose: nothing to report but its English span.
      if (c.language !== target) return { kind: 'escape' };
      const outOfOrder = c.rank !== 0 && token.lastRank > c.rank;
      const mayCompose = c.composesBackward && (token.lastRank !== 0 || token.composesForward);
      const zawgyiSpelling = c.vowelE && !token.carriesVowelE;
      if (outOfOrder || mayCompose || zawgyiSpelling) return { kind: 'escape' };
      return { ...token, ...after, letters: true, word: 'native' };
    }
    case 'joiner':
      // A joiner before a virama inside a word (র‍্য) shapes it; after a virama it may be the old
      // khanda ta (ত্‍), and anywhere else it is stray: the per-character path reports those.
      if (token.word !== 'native' || token.lastRank !== 0) return { kind: 'escape' };
      return { ...token, ...after, joinerPending: true };
  }
}

const stateKey = (state: State) => JSON.stringify(state);

/**
 * One language's automaton. States are numbered premultiplied by the class count, so a step is
 * `state = table[state + classes[unit]]`. Three states end a token: `counted`, the most common,
 * and above it the two that need more work, `english` and `escaped`.
 */
export interface ProseAutomaton {
  /** Every BMP unit's class (the same for both languages): CHARACTER_CLASSES. */
  readonly classes: Uint8Array;
  /** A space's class: feeding it ends the token at the end of a region. */
  readonly spaceClass: number;
  readonly table: Uint16Array;
  readonly start: number;
  /** Ends: a token to count, one with an English span, one for the per-character scanner. */
  readonly counted: number;
  readonly english: number;
  readonly escaped: number;
  readonly pairs: PairSteps;
}

/**
 * The same automaton stepping two units at a time: a step is one table read that depends on the
 * one before, so reading two units per step halves the chain of dependent reads that bounds the
 * loop. With `at = state + (classes[a] << PAIR_CLASS_SHIFT) + classes[b]`, `PAIR_NEXT[at]` is the
 * state after both units (premultiplied by PAIR_STRIDE, both languages' states numbered in one range) and
 * `PAIR_INFO[at]` what they ended: the tokens to count (PAIR_COUNT_MASK), and whether the first or
 * the second unit ended a token that needs work, and an English one.
 */
export interface PairSteps {
  /** The start state; this language's states are `start` + k × PAIR_STRIDE. */
  readonly start: number;
  /** The one-step table's state number for a pair state (both are premultiplied). */
  oneStepState(pairState: number): number;
}

/** The tokens a pair of units ended that need nothing more than counting (0–2). */
export const PAIR_COUNT_MASK = 3;
/** The first unit ended a token that needs work (PAIR_INFO values from here on do), an English one. */
export const PAIR_FIRST_NEEDS_WORK = 4;
export const PAIR_FIRST_ENGLISH = 8;
/** The same for the second unit. */
export const PAIR_SECOND_NEEDS_WORK = 16;
export const PAIR_SECOND_ENGLISH = 32;
export const PAIR_NEEDS_WORK = PAIR_FIRST_NEEDS_WORK;

/**
 * The tables the scanner's loop reads, as module constants rather than fields of an automaton: the
 * engine then reads them at fixed addresses, without checking what they are on each step (measured:
 * the analysis 6–8% faster). They are filled as the automata are built; both languages' pair tables
 * share the PAIR_ arrays, one after the other.
 */
export const CHARACTER_CLASSES = new Uint8Array(0x10000);
// Uint16 state numbers: both languages' states (about 40) in 64 × PAIR_STRIDE entries.
const PAIR_CAPACITY = 1 << 16;
export const PAIR_NEXT = new Uint16Array(PAIR_CAPACITY);
export const PAIR_INFO = new Uint8Array(PAIR_CAPACITY);
/** Pair entries taken by the automata built so far. */
let pairEntriesUsed = 0;

/** Room for every class in a table row: a row of a pair table is CLASS_COUNT rows of CLASS_COUNT. */
const CLASS_COUNT = 32;
export const PAIR_CLASS_SHIFT = 5;
/**
 * A pair state's rows: a shift, not a multiplication by the number of classes, finds the entry, and
 * each (state, first class) row fills one cache line of PAIR_NEXT (rows of the classes in use would
 * straddle lines as often).
 */
const PAIR_STRIDE = CLASS_COUNT * CLASS_COUNT;
const KINDS: readonly CharClass['kind'][] = [
  'space',
  'common',
  'latin',
  'native',
  'punctuation',
  'joiner',
  'escape',
];

/** A number that tells classes apart (cheaper than a JSON key for the thousand characters classified). */
function classKey(c: CharClass): number {
  const flags =
    +c.carriesVowelE |
    (+c.composesForward << 1) |
    (+c.composesBackward << 2) |
    (+c.vowelE << 3) |
    (+c.virama << 4);
  const language = c.language ? LANGUAGES.indexOf(c.language) + 1 : 0;
  return ((KINDS.indexOf(c.kind) * 4 + language) * 256 + c.rank) * 32 + flags;
}

let classList: readonly CharClass[] | undefined;

/** The classes of the characters the automaton knows (the rest escape), worked out once into CHARACTER_CLASSES. */
function characterClassesOnce(): readonly CharClass[] {
  if (classList) return classList;
  const byUnit = CHARACTER_CLASSES;
  const list: CharClass[] = [ESCAPE];
  const seconds = nativeSeconds();
  const indexByKey = new Map<number, number>([[classKey(ESCAPE), 0]]);
  const classifyUnit = (cp: number) => {
    const c = classify(cp, seconds);
    const key = classKey(c);
    let index = indexByKey.get(key);
    if (index === undefined) {
      index = list.push(c) - 1;
      indexByKey.set(key, index);
    }
    byUnit[cp] = index;
  };
  for (const [first, last] of CLASSIFIED_RANGES) for (let cp = first; cp <= last; cp++) classifyUnit(cp);
  for (const cp of SPACE_CODE_POINTS) classifyUnit(cp);
  if (list.length > CLASS_COUNT) throw new Error(`the prose automaton has ${list.length} character classes`);
  return (classList = list);
}

const ENDS = ['counted', 'english', 'escaped'] as const;

function build(target: AnswerLanguage): ProseAutomaton {
  const list = characterClassesOnce();
  // Plain states first (numbered as they are reached), the action states last (numbered -1, -2, -3
  // until the plain ones are counted).
  const plain: State[] = [{ kind: 'space' }, { kind: 'escape' }];
  const ids = new Map<string, number>(plain.map((state, id) => [stateKey(state), id]));
  ENDS.forEach((ended, k) => ids.set(stateKey({ kind: 'space', ended }), -1 - k));
  const rows: number[][] = [];
  for (let id = 0; id < plain.length; id++)
    rows[id] = list.map((c) => {
      const next = step(plain[id], c, target);
      const key = stateKey(next);
      let nextId = ids.get(key);
      if (nextId === undefined) {
        nextId = plain.push(next) - 1;
        ids.set(key, nextId);
      }
      return nextId;
    });
  const numbered = (id: number) => (id < 0 ? plain.length - 1 - id : id) * CLASS_COUNT;
  const stateCount = plain.length + ENDS.length;
  const table = new Uint16Array(stateCount * CLASS_COUNT);
  for (let id = 0; id < stateCount; id++) {
    // An action state goes on as the space state: the next character starts afresh.
    const row = rows[id < plain.length ? id : 0];
    for (let c = 0; c < row.length; c++) table[id * CLASS_COUNT + c] = numbered(row[c]);
  }
  return {
    classes: CHARACTER_CLASSES,
    spaceClass: CHARACTER_CLASSES[0x20],
    table,
    start: 0,
    counted: numbered(-1),
    english: numbered(-2),
    escaped: numbered(-3),
    pairs: pairTable(rows, plain.length, list.length),
  };
}

/**
 * Two steps at once (see PairSteps): for each plain state and pair of classes, the state after both
 * units and what they ended, written into PAIR_NEXT and PAIR_INFO after the automata built before.
 */
function pairTable(rows: readonly (readonly number[])[], plainCount: number, classCount: number): PairSteps {
  const stride = PAIR_STRIDE;
  const base = pairEntriesUsed;
  if (base + plainCount * stride > PAIR_CAPACITY)
    throw new Error(`the prose automata's pair tables need ${base + plainCount * stride} entries`);
  pairEntriesUsed += plainCount * stride;
  // An action state goes on as the space state (0): what ended is in PAIR_INFO.
  const plainOf = (id: number) => (id < 0 ? 0 : id);
  // PAIR_INFO bits for a token end at the first or the second unit, by end (ENDS order: counted,
  // English, escaped; 0 none).
  const firstEndBits = [0, 1, PAIR_FIRST_NEEDS_WORK | PAIR_FIRST_ENGLISH, PAIR_FIRST_NEEDS_WORK];
  const secondEndBits = [0, 1, PAIR_SECOND_NEEDS_WORK | PAIR_SECOND_ENGLISH, PAIR_SECOND_NEEDS_WORK];
  const endOf = (id: number) => (id < 0 ? -id : 0);
  for (let id = 0; id < plainCount; id++)
    for (let first = 0; first < classCount; first++) {
      const middle = rows[id][first];
      for (let second = 0; second < classCount; second++) {
        const after = rows[plainOf(middle)][second];
        const at = base + id * stride + (first << PAIR_CLASS_SHIFT) + second;
        PAIR_NEXT[at] = base + plainOf(after) * stride;
        PAIR_INFO[at] = firstEndBits[endOf(middle)] + secondEndBits[endOf(after)];
      }
    }
  return {
    start: base,
    oneStepState: (pairState) => ((pairState - base) / stride) * CLASS_COUNT,
  };
}

const automata: Partial<Record<AnswerLanguage, ProseAutomaton>> = {};

/** The automaton for prose in `target`, built on first use (a few milliseconds, once per process). */
export function proseAutomaton(target: AnswerLanguage): ProseAutomaton {
  return (automata[target] ??= build(target));
}
