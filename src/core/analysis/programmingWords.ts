/**
 * English words a programming lesson or answer writes in Burmese or Bangla prose: Python's keywords
 * and builtins and the terms of a first course. Only used to repair a word a model garbled with a
 * native letter ("funcတion"): a spelling is offered when it is one of these, never a guess.
 */
const PYTHON = `False None True and as assert async await break class continue def del elif else except
finally for from global if import in is lambda nonlocal not or pass raise return try while with yield
abs all any bin bool bytes callable chr dict dir divmod enumerate eval filter float format frozenset
getattr hasattr hash hex id input int isinstance issubclass iter len list map max min next object oct
open ord pow print range repr reversed round set slice sorted str sum super tuple type zip self
append extend insert remove pop clear index count sort reverse copy keys values items get update split
join strip lower upper replace find startswith endswith isdigit isalpha`;

const TERMS = `function functions variable variables value values argument arguments parameter parameters
string strings integer integers number numbers float list lists tuple tuples dictionary dictionaries
set sets array arrays index indexes element elements item items key keys loop loops condition
conditions statement statements expression expressions operator operators method methods class
classes object objects module modules package library program programs programming code python
return returns input output error errors exception exceptions test tests testing assert debug
recursion recursive algorithm algorithms sort sorting search searching boolean true false null
character characters text line lines file files data type types syntax compile compiler interpreter
iterate iteration counter sum average maximum minimum length size even odd prime factor digit digits
vowel vowels palindrome reverse format print import variable scope global local lambda generator
stack queue graph tree node matrix grid string substring prefix suffix pattern regex`;

const WORDS: ReadonlySet<string> = new Set(
  `${PYTHON} ${TERMS}`
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase()),
);

export function isProgrammingWord(word: string): boolean {
  return WORDS.has(word.toLowerCase());
}
