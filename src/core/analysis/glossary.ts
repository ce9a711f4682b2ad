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

/** The terms of one language, longest first (so a longer term wins where two start together). */
function termsOf(glossary: Glossary, language: AnswerLanguage): Term[] {
  const terms: Term[] = [];
  for (const [concept, byLanguage] of Object.entries(glossary)) {
    const entry = byLanguage[language];
    if (!entry?.preferred.length) continue;
    for (const text of entry.preferred) terms.push({ text: text.normalize('NFC'), concept });
    for (const text of entry.avoid ?? [])
      terms.push({ text: text.normalize('NFC'), concept, avoidFor: entry.preferred[0].normalize('NFC') });
  }
  return terms.sort((a, b) => b.text.length - a.text.length);
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
  const terms = termsOf(glossary, language);
  if (terms.length === 0) return [];
  const script = SCRIPT_OF[language];
  // Terms by their first unit: most positions start no term and are passed over at once.
  const byFirst = new Map<string, Term[]>();
  for (const term of terms) byFirst.set(term.text[0], [...(byFirst.get(term.text[0]) ?? []), term]);
  const used = new Map<string, string>(); // concept → the preferred term the document used first
  const findings: Finding[] = [];
  for (const [start, end] of proseRanges(text, kind)) {
    for (let at = start; at < end; at++) {
      const candidates = byFirst.get(text[at]);
      if (!candidates) continue;
      // A term starts a word: not in the middle of one of the same script.
      if (at > start && script.test(text[at - 1]) && /[\p{L}\p{M}]/u.test(text[at - 1])) continue;
      const term = candidates.find((t) => text.startsWith(t.text, at) && at + t.text.length <= end);
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
