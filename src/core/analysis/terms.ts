/**
 * The analysis' shared terms: what a finding is, its codes, severities and the kinds of document.
 * A leaf file: the scanner, the chunker and the finding list use these without importing the
 * analysis that uses them (no import circles).
 */
import type { CHECK_CODES } from '../settings';

/** A finding's stable code (the list lives with the settings that set each one's severity). */
export type FindingCode = (typeof CHECK_CODES)[number];
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type DocumentKind = 'markdown' | 'python' | 'plaintext';

export const DEFAULT_SEVERITY: Readonly<Record<FindingCode, Severity>> = {
  'foreign-script': 'warning',
  'latin-in-prose': 'hint',
  'mixed-script-token': 'warning',
  'native-in-code': 'error',
  'not-nfc': 'info',
  'legacy-khanda-ta': 'info',
  'stray-joiner': 'info',
  zawgyi: 'warning',
  // Only with a course glossary (akkhara.config.json): a teacher's choice of words, never an error by default.
  'inconsistent-term': 'info',
};

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Scripts of the offending text (Unicode names, e.g. "Thai"). */
  readonly scripts: readonly string[];
  /** What the quick fix puts in place of the text, when there is a safe one. */
  readonly replacement?: string;
}
