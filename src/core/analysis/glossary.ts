/**
 * A course's glossary, checked without a judge (the Burmese-Coder-4B rubric's "Terminology": one
 * consistent native term per programming concept). The teacher lists, per concept and language, the
 * preferred term(s) — the first is what a quick fix writes — and the variants to avoid. In prose, a
 * variant to avoid is an `inconsistent-term` finding, and so is a second preferred term for a concept
 * after the document used another (the one used first is the document's). Akkhara ships no glossary
 * of its own: terms are a course's choice.
 *
 * Burmese is written without spaces, and both languages add suffixes to a word, so a term is found
 * where it starts a word (the character before it is not a letter or mark of the same script) and may
 * run on into a suffix.
 */
import type { AnswerLanguage } from '../languages';
import { segmentMarkdown } from './markdown';
import { DEFAULT_SEVERITY, type DocumentKind, type Finding, type Severity } from './terms';

export interface GlossaryEntry {
  readonly preferred: readonly string[];
  readonly avoid?: readonly string[];
}

/** Concept (any name) → language → its terms. */
export type Glossary = Readonly<Record<string, Partial<Record<AnswerLanguage, GlossaryEntry>>>>;

interface Term {
  readonly text: string;
  readonly concept: string;
  /** Undefined for a preferred term; the replacement for a variant to avoid. */
  readonly avoidFor?: string;
}

const SCRIPT_OF: Readonly<Record<AnswerLanguage, RegExp>> = {
  my: /[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]/,
  bn: /[\u0980-\u09ff]/,
};

/** A trie of the terms of one language: each node's children by the next UTF-16 unit. */
interface TrieNode {
  readonly next: Map<string, TrieNode>;
  /** The term that ends here (the first listed, if two concepts share its text). */
  term?: Term;
}

/**
 * The terms of one language as a trie, built in time linear in their total length. Matching walks
 * it from each word start for at most the longest term's length: the cost is linear in the text
 * whatever the glossary (the schema caps a term at 64 characters), and the longest term wins.
 */
function trieOf(glossary: Glossary, language: AnswerLanguage): TrieNode | undefined {
  const root: TrieNode = { next: new Map() };
  let any = false;
  const insert = (term: Term) => {
    let node = root;
    for (const unit of term.text) {
      for (let i = 0; i < unit.length; i++) {
        let child = node.next.get(unit[i]);
        if (!child) node.next.set(unit[i], (child = { next: new Map() }));
        node = child;
      }
    }
    node.term ??= term;
    any = true;
  };
  for (const [concept, byLanguage] of Object.entries(glossary)) {
    const entry = byLanguage[language];
    if (!entry?.preferred.length) continue;
    for (const text of entry.preferred) insert({ text: text.normalize('NFC'), concept });
    for (const text of entry.avoid ?? [])
      insert({ text: text.normalize('NFC'), concept, avoidFor: entry.preferred[0].normalize('NFC') });
  }
  return any ? root : undefined;
}

/** The longest term of the trie that starts at `at` and ends by `end`. */
function longestAt(root: TrieNode, text: string, at: number, end: number): Term | undefined {
  let node: TrieNode | undefined = root;
  let found: Term | undefined;
  for (let i = at; i < end && node; i++) {
    node = node.next.get(text[i]);
    if (node?.term) found = node.term;
  }
  return found;
}

/** The prose of a document as ranges: Markdown outside code, or the whole of a plain-text file. */
function proseRanges(text: string, kind: DocumentKind): [number, number][] {
  if (kind === 'plaintext') return [[0, text.length]];
  if (kind !== 'markdown') return []; // Python: its comments and strings are not checked for terms
  return segmentMarkdown(text)
    .filter((segment) => segment.kind === 'prose')
    .map((segment) => [segment.start, segment.end]);
}

/**
 * The `inconsistent-term` findings of `text` in `language`, in document order, each with its quick
 * fix (the preferred term, or the term the document used first for that concept).
 */
export function glossaryFindings(
  text: string,
  kind: DocumentKind,
  language: AnswerLanguage | undefined,
  glossary: Glossary | undefined,
  severity: Severity = 'info',
): Finding[] {
  if (!glossary || !language) return [];
  const trie = trieOf(glossary, language);
  if (!trie) return [];
  const script = SCRIPT_OF[language];
  const used = new Map<string, string>(); // concept → the preferred term the document used first
  const findings: Finding[] = [];
  for (const [start, end] of proseRanges(text, kind)) {
    for (let at = start; at < end; at++) {
      if (!trie.next.has(text[at])) continue;
      // A term starts a word: not in the middle of one of the same script.
      if (at > start && script.test(text[at - 1]) && /[\p{L}\p{M}]/u.test(text[at - 1])) continue;
      const term = longestAt(trie, text, at, end);
      if (!term) continue;
      const replacement = term.avoidFor ?? used.get(term.concept);
      if (term.avoidFor === undefined && !used.has(term.concept)) used.set(term.concept, term.text);
      if (replacement !== undefined && replacement !== term.text)
        findings.push({
          code: 'inconsistent-term',
          severity,
          start: at,
          end: at + term.text.length,
          text: term.text,
          scripts: [language === 'my' ? 'Myanmar' : 'Bengali'],
          replacement,
        });
      at += term.text.length - 1;
    }
  }
  return findings;
}

/**
 * The glossary's findings under the settings' severity for them (none when it is `off`), merged
 * into `findings` in document order: what the editor, `akkhara lint` and the chat show.
 */
export function withGlossaryFindings(
  findings: readonly Finding[],
  text: string,
  kind: DocumentKind,
  language: AnswerLanguage | undefined,
  settings: { readonly glossary?: Glossary; readonly severity?: Readonly<Partial<Record<string, string>>> },
): Finding[] {
  const level = (settings.severity?.['inconsistent-term'] ?? DEFAULT_SEVERITY['inconsistent-term']) as
    Severity | 'off';
  if (level === 'off' || !settings.glossary) return [...findings];
  const terms = glossaryFindings(text, kind, language, settings.glossary, level);
  if (terms.length === 0) return [...findings];
  return [...findings, ...terms].sort((a, b) => a.start - b.start || a.end - b.end);
}
