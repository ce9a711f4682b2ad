/**
 * One file of `akkhara lint`: read, checked and reported (text, JSON or GitHub annotations, or the
 * diagnostics SARIF and JUnit gather), apart from the command line's parsing and walking.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { analyzeText, type DocumentKind } from '../core/analysis/findings';
import { limitFindings, type CheckSettings } from '../core/analysis/checkSettings';
import { languageConfusion, type ConfusionCheck } from '../core/analysis/languageConfusion';
import { withGlossaryFindings, type Glossary } from '../core/analysis/glossary';
import { toDiagnostics, type Diagnostic } from '../core/analysis/diagnostics';
import type { AnswerLanguageSetting, UiLanguage } from '../core/languages';
import { githubAnnotations } from './lintFormats';
import {
  severityWord,
  statsLine,
  summaryLine,
  unlistedLine,
  type FileStats,
  type SkipReason,
} from './lintReport';

/** Larger files are skipped with a message rather than analysed. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export function documentKindOf(file: string): DocumentKind {
  const lower = file.toLowerCase();
  if (/\.(md|markdown|mdx)$/.test(lower)) return 'markdown';
  if (/\.(py|pyw|pyi)$/.test(lower)) return 'python';
  return 'plaintext';
}

export interface FileResult {
  readonly file: string;
  readonly diagnostics: Diagnostic[];
  readonly stats: FileStats;
  /** Findings found but not listed (beyond --max-findings): counted, never held as objects. */
  readonly unlisted?: number;
  /** Every finding's severity, listed or not (LSP numbers 1–4 → count). */
  readonly counts?: readonly [number, number, number, number, number];
}

/**
 * The text of a file, or why it was skipped. One open file for the check and the read: a FIFO is
 * opened without waiting for a writer (O_NONBLOCK) and skipped, never read. Synchronous: a course
 * is thousands of small files, and each asynchronous call costs a trip through libuv's thread pool
 * (open, fstat, read, close: three quarters of lint's time went there), while the analysis, not the
 * disk, is what lint waits on.
 */
export function readText(file: string): string | { skipped: SkipReason } {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { skipped: 'not-a-file' };
    if (info.size > MAX_FILE_BYTES) return { skipped: 'too-large' };
    const bytes = Buffer.allocUnsafe(info.size);
    let length = 0;
    while (length < bytes.length) {
      const read = readSync(fd, bytes, length, bytes.length - length, null);
      if (read === 0) break;
      length += read;
    }
    const content = bytes.subarray(0, length);
    if (content.subarray(0, 8192).includes(0)) return { skipped: 'binary' };
    // isUtf8 (simdutf) then a plain decode: several times faster than a fatal TextDecoder.
    if (!isUtf8(content)) return { skipped: 'not-utf8' };
    const text = content.toString('utf8');
    // A byte-order mark is not text (editors leave it out too); --fix puts it back.
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } finally {
    closeSync(fd);
  }
}

const SEVERITY_NUMBER = { error: 1, warning: 2, info: 3, hint: 4 } as const;

/**
 * One file's diagnostics: at most `maxFindings` of them (the most severe first), the rest only
 * counted, so memory stays a small multiple of the file whatever it holds.
 */
export function lintText(
  file: string,
  text: string,
  options: {
    target: AnswerLanguageSetting;
    allowedScripts: readonly string[];
    /** Severities a course configuration sets (`off` turns a check off). */
    severity?: CheckSettings['severity'];
    /** A course configuration's glossary (inconsistent-term findings). */
    glossary?: Glossary;
    maxFindings: number;
    /** The text report shows no fixes: Zawgyi lines are not converted for it. */
    lazyFixes?: boolean;
    /** Hints are listed (JSON); else only counted, never made into diagnostics. */
    hints?: boolean;
    /** The language-confusion counts are shown (--stats, JSON): only then are they worked out. */
    confusion?: boolean;
  },
  uiLanguage: UiLanguage,
): FileResult {
  const kind = documentKindOf(file);
  const analysis = analyzeText(text, {
    kind,
    target: options.target,
    allowedScripts: options.allowedScripts,
    ...(options.severity && { severity: options.severity }),
  });
  const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (let i = 0; i < analysis.findings.length; i++) counts[SEVERITY_NUMBER[analysis.findings.severity(i)]]++;
  const limited = limitFindings(analysis.findings, options.maxFindings, { hints: options.hints !== false });
  // A course glossary's findings join them (counted, and listed unless they are hints a report leaves out).
  const listed = withGlossaryFindings(limited, text, kind, analysis.target, options);
  let inconsistentTerms = 0;
  for (let i = 0; i < listed.length; i++) {
    if (listed[i].code !== 'inconsistent-term') continue;
    inconsistentTerms++;
    counts[SEVERITY_NUMBER[listed[i].severity]]++;
  }
  const shownList = options.hints === false ? listed.filter((f) => f.severity !== 'hint') : listed;
  return {
    file,
    diagnostics: toDiagnostics(text, { ...analysis, findings: shownList }, uiLanguage, {
      lazyFixes: options.lazyFixes === true,
    }),
    stats: {
      ...analysis.stats,
      target: analysis.target ?? null,
      ...(options.glossary && { inconsistentTerms }),
      // The field's language-confusion counts, for prose documents in Burmese or Bangla.
      ...(options.confusion !== false &&
        kind !== 'python' &&
        (analysis.target === 'my' || analysis.target === 'bn') && {
          confusion: languageConfusion(text, analysis.target),
        }),
    },
    // Hints left out of a report that does not show them are counted, not "not listed".
    unlisted: analysis.findings.length - (options.hints === false ? counts[4] : 0) - limited.length,
    counts,
  };
}

/** The text report of one file. */
export function fileReport(result: FileResult, showStats: boolean, language: UiLanguage): string {
  const shown = result.diagnostics.filter((d) => d.severity < 4);
  let out = shown.length || showStats || result.unlisted ? `\n${result.file}\n` : '';
  for (const d of shown) {
    const where = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
    const severity = severityWord(language, d.severity as 1 | 2 | 3);
    out += `  ${where.padEnd(8)} ${severity.padEnd(8)} ${d.message}  ${d.code}\n`;
  }
  if (result.unlisted) out += `  ${unlistedLine(language, result.unlisted)}\n`;
  if (showStats) out += `  ${statsLine(language, result.stats)}\n`;
  return out;
}

/** Severity counts of a result: all its findings when it was capped, else its diagnostics. */
export function countsOf(result: FileResult): readonly number[] {
  if (result.counts) return result.counts;
  const counts = [0, 0, 0, 0, 0];
  for (const d of result.diagnostics) counts[d.severity]++;
  return counts;
}

export function totalsOf(counts: readonly number[]) {
  return { errors: counts[1], warnings: counts[2], info: counts[3], hints: counts[4] };
}

/** eslint-style report: errors, warnings and info per file (hints only counted), stats on request. */
export function printLintReport(results: FileResult[], showStats: boolean, language: UiLanguage): void {
  const counts = [0, 0, 0, 0, 0];
  for (const result of results) {
    countsOf(result).forEach((n, i) => (counts[i] += n));
    process.stdout.write(fileReport(result, showStats, language));
  }
  process.stdout.write(`\n${summaryLine(language, totalsOf(counts))}\n`);
}

/** With --quiet: only the errors are reported (warnings still count for --max-warnings). */
export function errorsOnly(result: FileResult): FileResult {
  return { ...result, diagnostics: result.diagnostics.filter((d) => d.severity === 1) };
}

export type LintFormat = 'text' | 'json' | 'sarif' | 'github' | 'junit';

/** What one file is checked with, and how its report is written. */
export interface FileJob {
  readonly file: string;
  /** The text when the caller already has it (after --fix); else the file is read. */
  readonly text?: string;
  readonly check: {
    readonly target: AnswerLanguageSetting;
    readonly allowedScripts: readonly string[];
    readonly severity?: CheckSettings['severity'];
    readonly glossary?: Glossary;
  };
  readonly maxFindings: number;
  readonly format: LintFormat;
  readonly stats: boolean;
  readonly quiet: boolean;
  readonly uiLanguage: UiLanguage;
  readonly cwd: string;
}

export type FileOutcome =
  | { readonly kind: 'skipped'; readonly reason: SkipReason }
  | { readonly kind: 'missing' }
  | {
      readonly kind: 'checked';
      /** The file's report as written (text, JSON element, annotations); '' for SARIF and JUnit. */
      readonly report: string;
      /** For SARIF and JUnit, gathered until the end. */
      readonly diagnostics?: Diagnostic[];
      readonly counts: readonly number[];
      readonly confusion?: ConfusionCheck;
    };

export function checkFile(job: FileJob): FileOutcome {
  let text = job.text;
  if (text === undefined) {
    let read;
    try {
      read = readText(job.file);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? { kind: 'missing' }
        : { kind: 'skipped', reason: 'unreadable' };
    }
    if (typeof read !== 'string') return { kind: 'skipped', reason: read.skipped };
    text = read;
  }
  const { format } = job;
  const linted = lintText(
    job.file,
    text,
    {
      ...job.check,
      maxFindings: job.maxFindings,
      lazyFixes: format !== 'json',
      hints: format === 'json',
      confusion: job.stats || format === 'json',
    },
    job.uiLanguage,
  );
  const result = job.quiet ? errorsOnly(linted) : linted;
  const { counts: _counts, ...listed } = result;
  const report =
    format === 'json'
      ? JSON.stringify(listed, null, 2)
      : format === 'github'
        ? githubAnnotations(result, job.cwd)
        : format === 'text'
          ? fileReport(result, job.stats, job.uiLanguage)
          : '';
  return {
    kind: 'checked',
    report,
    ...((format === 'sarif' || format === 'junit') && { diagnostics: result.diagnostics }),
    counts: countsOf(linted),
    ...(linted.stats.confusion && { confusion: linted.stats.confusion }),
  };
}
