/**
 * Cyrillic and Greek letters that look like Latin ones (a subset of Unicode's confusables,
 * UTS #39, limited to whole letters a reader cannot tell apart in common fonts). "Pythоn" with a
 * Cyrillic о reads as Python and fails every search, import and test.
 */
const LATIN_FOR: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a',
  в: 'B',
  е: 'e',
  к: 'k',
  м: 'M',
  н: 'H',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 'T',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ј: 'j',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  ӏ: 'l',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  Ѕ: 'S',
  І: 'I',
  Ј: 'J',
  Ԛ: 'Q',
  Ԝ: 'W',
  У: 'Y',
  // Greek
  ο: 'o',
  ν: 'v',
  α: 'a',
  ι: 'i',
  κ: 'k',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};

const LATIN_LETTER = /\p{scx=Latin}/u;

/**
 * The word spelt in Latin letters, when it is a Latin word with some letters written as Cyrillic or
 * Greek look-alikes; undefined otherwise (no Latin letter, or a letter with no look-alike).
 */
export function latinLookalikes(word: string): string | undefined {
  let sawLatin = false;
  let sawLookalike = false;
  let latin = '';
  for (const ch of word) {
    const replacement = LATIN_FOR[ch];
    if (replacement !== undefined) {
      sawLookalike = true;
      latin += replacement;
    } else if (LATIN_LETTER.test(ch)) {
      sawLatin = true;
      latin += ch;
    } else if (/[\p{L}\p{N}]/u.test(ch)) return undefined;
    else latin += ch;
  }
  return sawLatin && sawLookalike ? latin : undefined;
}
