/**
 * .gitignore rules matched in time linear in the path. The patterns come from the repository being
 * checked (its .gitignore, .akkharaignore and configuration), so they are untrusted: a regular
 * expression built from `**\/**\/a*a*a*b` backtracks exponentially, while this matcher simulates
 * the pattern as an automaton (Thompson's construction), one step per character, whatever the
 * pattern. Semantics are git's (gitignore(5)): `#` comments, `!` negation (the last matching rule
 * wins), a trailing `/` for folders only, a `/` at the start or in the middle anchors the pattern to
 * the rules' folder, `*` `?` `[...]` within a name, `**` across folders; a path inside an ignored
 * folder is ignored (git never looks inside it).
 */

type Test = (c: string) => boolean;

type Node =
  | { readonly kind: 'char'; readonly test: Test; readonly next: number }
  | { readonly kind: 'split'; readonly a: number; readonly b: number }
  | { readonly kind: 'match' };

type Element =
  | { readonly kind: 'one'; readonly test: Test }
  | { readonly kind: 'star'; readonly test: Test }
  | { readonly kind: 'plus'; readonly test: Test }
  | { readonly kind: 'optional'; readonly elements: readonly Element[] };

const ANY: Test = () => true;
const NOT_SLASH: Test = (c) => c !== '/';
const literal = (ch: string): Element => ({ kind: 'one', test: (c) => c === ch });

/** `[...]` starting at `at` (the `[`): its test and the index after `]`, or undefined when unclosed. */
function bracket(segment: string, at: number): { test: Test; end: number } | undefined {
  let i = at + 1;
  const negated = segment[i] === '!' || segment[i] === '^';
  if (negated) i++;
  const ranges: [string, string][] = [];
  let first = true;
  for (; i < segment.length && (segment[i] !== ']' || first); first = false) {
    let low = segment[i++];
    if (low === '\\' && i < segment.length) low = segment[i++];
    let high = low;
    if (segment[i] === '-' && i + 1 < segment.length && segment[i + 1] !== ']') {
      high = segment[i + 1] === '\\' && i + 2 < segment.length ? segment[i + 2] : segment[i + 1];
      i += segment[i + 1] === '\\' ? 3 : 2;
    }
    ranges.push([low, high]);
  }
  if (i >= segment.length) return undefined;
  const inside = (c: string) => ranges.some(([low, high]) => c >= low && c <= high);
  return { test: (c) => c !== '/' && inside(c) !== negated, end: i + 1 };
}

/** One folder or file name's pattern: literals, `?`, `*` (any run of them is one), `[...]`, `\x`. */
function nameElements(segment: string): Element[] {
  const elements: Element[] = [];
  for (let i = 0; i < segment.length;) {
    const c = segment[i];
    if (c === '\\' && i + 1 < segment.length) {
      elements.push(literal(segment[i + 1]));
      i += 2;
    } else if (c === '*') {
      while (segment[i] === '*') i++;
      elements.push({ kind: 'star', test: NOT_SLASH });
    } else if (c === '?') {
      elements.push({ kind: 'one', test: NOT_SLASH });
      i++;
    } else if (c === '[' && bracket(segment, i)) {
      const { test, end } = bracket(segment, i)!;
      elements.push({ kind: 'one', test });
      i = end;
    } else {
      elements.push(literal(c));
      i++;
    }
  }
  return elements;
}

/** A whole pattern (already anchored: `**\/` in front of an unanchored one) as elements. */
function patternElements(pattern: string): Element[] {
  const segments = pattern.split('/');
  const elements: Element[] = [];
  let needSlash = false;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      if (last) {
        // Everything inside (not the folder itself); `**` alone: everything.
        if (needSlash) elements.push(literal('/'));
        elements.push({ kind: 'plus', test: ANY });
      } else {
        // Zero or more folders.
        if (needSlash) elements.push(literal('/'));
        elements.push({ kind: 'optional', elements: [{ kind: 'star', test: ANY }, literal('/')] });
      }
      needSlash = false;
      return;
    }
    if (needSlash) elements.push(literal('/'));
    elements.push(...nameElements(segment));
    needSlash = true;
  });
  return elements;
}

/** A pattern as an automaton; `matches` runs it over a path in O(path × pattern). */
class Automaton {
  private readonly nodes: Node[] = [{ kind: 'match' }];
  private readonly start: number;

  constructor(elements: readonly Element[]) {
    this.start = this.build(elements, 0);
  }

  private push(node: Node): number {
    this.nodes.push(node);
    return this.nodes.length - 1;
  }

  private build(elements: readonly Element[], next: number): number {
    for (let i = elements.length - 1; i >= 0; i--) next = this.buildOne(elements[i], next);
    return next;
  }

  private buildOne(element: Element, next: number): number {
    switch (element.kind) {
      case 'one':
        return this.push({ kind: 'char', test: element.test, next });
      case 'star': {
        const split = this.push({ kind: 'match' }); // replaced below, once the loop's char node exists
        const char = this.push({ kind: 'char', test: element.test, next: split });
        this.nodes[split] = { kind: 'split', a: char, b: next };
        return split;
      }
      case 'plus': {
        const split = this.push({ kind: 'match' });
        const char = this.push({ kind: 'char', test: element.test, next: split });
        this.nodes[split] = { kind: 'split', a: char, b: next };
        return char;
      }
      case 'optional':
        return this.push({ kind: 'split', a: this.build(element.elements, next), b: next });
    }
  }

  /** Adds `index` and what it reaches without reading a character. */
  private close(index: number, into: Set<number>): void {
    const stack = [index];
    while (stack.length) {
      const at = stack.pop()!;
      if (into.has(at)) continue;
      into.add(at);
      const node = this.nodes[at];
      if (node.kind === 'split') stack.push(node.a, node.b);
    }
  }

  matches(path: string): boolean {
    let current = new Set<number>();
    this.close(this.start, current);
    for (const c of path) {
      const next = new Set<number>();
      for (const at of current) {
        const node = this.nodes[at];
        if (node.kind === 'char' && node.test(c)) this.close(node.next, next);
      }
      if (next.size === 0) return false;
      current = next;
    }
    return current.has(0);
  }
}

interface Rule {
  readonly negated: boolean;
  readonly foldersOnly: boolean;
  readonly automaton: Automaton;
}

/** One .gitignore line as a rule, or undefined for a blank line or a comment. */
function parseLine(raw: string): Rule | undefined {
  let line = raw.replace(/\r$/, '');
  // Trailing spaces go, unless escaped with a backslash.
  line = line.replace(/(?<!\\) +$/, '');
  if (line === '' || line.startsWith('#')) return undefined;
  let negated = false;
  if (line.startsWith('!')) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
  let foldersOnly = false;
  if (line.endsWith('/')) {
    foldersOnly = true;
    line = line.replace(/\/+$/, '');
  }
  if (line === '') return undefined;
  const anchored = line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  const pattern = anchored ? line : `**/${line}`;
  return { negated, foldersOnly, automaton: new Automaton(patternElements(pattern)) };
}

/** The rules of one folder (its ignore files and its configuration's `ignores`), in order. */
export class IgnoreRules {
  private readonly rules: Rule[] = [];

  /** A .gitignore file's text, or a list of patterns. */
  add(input: string | readonly string[]): this {
    for (const line of typeof input === 'string' ? input.split('\n') : input) {
      const rule = parseLine(line);
      if (rule) this.rules.push(rule);
    }
    return this;
  }

  get size(): number {
    return this.rules.length;
  }

  /** Whether `relative` ('/'-separated; a trailing '/' marks a folder) is ignored. */
  ignores(relative: string): boolean {
    const folder = relative.endsWith('/');
    const parts = relative.replace(/\/+$/, '').split('/');
    for (let i = 1; i < parts.length; i++) if (this.decide(parts.slice(0, i).join('/'), true)) return true;
    return this.decide(parts.join('/'), folder);
  }

  private decide(path: string, folder: boolean): boolean {
    let ignored = false;
    for (const rule of this.rules) {
      if (rule.negated !== ignored) continue; // this rule could not change the verdict
      if (rule.foldersOnly && !folder) continue;
      if (rule.automaton.matches(path)) ignored = !rule.negated;
    }
    return ignored;
  }
}
