/**
 * Findings as LSP-shaped diagnostics (positions in UTF-16 code units, zero-based), shared by the
 * CLI's JSON output and the language server.
 */
import type { UiLanguage } from '../languages';
import type { Analysis } from './findings';
import type { Finding, Severity } from './terms';
import { INVISIBLE_NAMES } from './invisibles';
import { findingMessage, fixTitle, scriptLabel } from './messages';
import { LineIndex, type Range } from './positions';

/** LSP DiagnosticSeverity numbers. */
export const SEVERITY_NUMBER: Readonly<Record<Severity, 1 | 2 | 3 | 4>> = {
  error: 1,
  warning: 2,
  info: 3,
  hint: 4,
};

/**
 * A quick fix: replace the diagnostic's range with `newText`, or, for Zawgyi when fixes are lazy,
 * with the range's text converted to Unicode when the fix is asked for (`convert`).
 */
export type DiagnosticFix =
  | { readonly title: string; readonly newText: string }
  | { readonly title: string; readonly convert: 'zawgyi' };

export interface Diagnostic {
  readonly range: Range;
  readonly severity: 1 | 2 | 3 | 4;
  readonly code: string;
  readonly source: 'akkhara';
  readonly message: string;
  /** LSP keeps `data` from diagnostic to code-action request: the fix travels with it. */
  readonly data?: { readonly fix: DiagnosticFix };
}

/**
 * The diagnostics of `findings` (all of an analysis', or the ones a caller kept), in their order.
 * `analysis` gives the target language the messages name.
 */
export function toDiagnostics(
  text: string,
  analysis: Pick<Analysis, 'target'> & { readonly findings: Iterable<Finding> },
  language: UiLanguage,
  options: { readonly lazyFixes?: boolean } = {},
): Diagnostic[] {
  const lines = new LineIndex(text);
  const target = analysis.target === 'bn' ? 'Bengali' : 'Myanmar';
  const MAX_NAMES = 2;
  return Array.from(analysis.findings, (finding): Diagnostic => {
    // A Zawgyi line is converted only when its fix is asked for (a long line costs time).
    const lazy = options.lazyFixes === true && finding.code === 'zawgyi' && 'replacement' in finding;
    const replacement = lazy ? undefined : finding.replacement;
    const named = finding.scripts.filter((s) => s !== 'Other' && s !== 'Common');
    const shown = (named.length ? named : finding.scripts)
      .slice(0, MAX_NAMES)
      .map((s) => scriptLabel(language, s));
    const more = named.length > MAX_NAMES ? '…' : '';
    return {
      range: lines.rangeOf(finding.start, finding.end),
      severity: SEVERITY_NUMBER[finding.severity],
      code: finding.code,
      source: 'akkhara',
      message: findingMessage(language, finding.code, {
        // Invisible characters are named, not shown.
        text: finding.code === 'stray-joiner' ? describeInvisibles(finding.text) : finding.text,
        scripts: shown.join('/') + more,
        target: scriptLabel(language, target),
        ...(replacement !== undefined && { suggestion: replacement }),
      }),
      ...(lazy && {
        data: {
          fix: { title: fixTitle(language, finding.code, finding.text, ''), convert: 'zawgyi' as const },
        },
      }),
      ...(replacement !== undefined && {
        data: {
          fix: {
            title: fixTitle(language, finding.code, finding.text, replacement),
            newText: replacement,
          },
        },
      }),
    };
  });
}

function describeInvisibles(text: string): string {
  const names = [...new Set(text)].map((ch) => INVISIBLE_NAMES[ch] ?? ch);
  return text.length > 1 ? `${names.join(', ')} (×${text.length})` : names.join(', ');
}
