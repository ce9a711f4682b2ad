/**
 * `akkhara lint FILE...`: mixed-script findings for Markdown, Python and plain-text files, as text
 * (like eslint) or JSON with LSP positions. Exit code 1 when any finding is an error.
 */
import { readFile, stat } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { SCRIPT_NAMES } from 'akkhara:script-data';
import { analyzeText, type DocumentKind } from '../core/analysis/findings';
import { limitFindings } from '../core/analysis/checkSettings';
import { toDiagnostics, type Diagnostic } from '../core/analysis/diagnostics';
import { resolveUiLanguage, type AnswerLanguageSetting, type UiLanguage } from '../core/languages';
import {
  noSuchFile,
  severityWord,
  skippedBecause,
  statsLine,
  summaryLine,
  unlistedLine,
  type FileStats,
  type SkipReason,
} from './lintReport';
import { numberOption } from './usage';

/** Messages follow AKKHARA_UI_LANG, else the locale (my, bn), else English. */
export function cliUiLanguage(): UiLanguage {
  return resolveUiLanguage(
    'auto',
    process.env.AKKHARA_UI_LANG ?? process.env.LC_ALL ?? process.env.LANG ?? 'en',
  );
}

/** Larger files are skipped with a message rather than analysed. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

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

/** The text of a file, or why it was skipped. */
async function readText(file: string): Promise<string | { skipped: SkipReason }> {
  const info = await stat(file);
  if (!info.isFile()) return { skipped: 'not-a-file' };
  if (info.size > MAX_FILE_BYTES) return { skipped: 'too-large' };
  const bytes = await readFile(file);
  if (bytes.subarray(0, 8192).includes(0)) return { skipped: 'binary' };
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { skipped: 'not-utf8' };
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
    maxFindings: number;
    /** The text report shows no fixes: Zawgyi lines are not converted for it. */
    lazyFixes?: boolean;
  },
  uiLanguage: UiLanguage,
): FileResult {
  const analysis = analyzeText(text, {
    kind: documentKindOf(file),
    target: options.target,
    allowedScripts: options.allowedScripts,
  });
  const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (let i = 0; i < analysis.findings.length; i++) counts[SEVERITY_NUMBER[analysis.findings.severity(i)]]++;
  const listed = limitFindings(analysis.findings, options.maxFindings);
  return {
    file,
    diagnostics: toDiagnostics(text, { ...analysis, findings: listed }, uiLanguage, {
      lazyFixes: options.lazyFixes === true,
    }),
    stats: { ...analysis.stats, target: analysis.target ?? null },
    unlisted: analysis.findings.length - listed.length,
    counts,
  };
}

/** The text report of one file, written as soon as the file is checked. */
function printFile(result: FileResult, showStats: boolean, language: UiLanguage): void {
  const shown = result.diagnostics.filter((d) => d.severity < 4);
  let out = shown.length || showStats || result.unlisted ? `\n${result.file}\n` : '';
  for (const d of shown) {
    const where = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
    const severity = severityWord(language, d.severity as 1 | 2 | 3);
    out += `  ${where.padEnd(8)} ${severity.padEnd(8)} ${d.message}  ${d.code}\n`;
  }
  if (result.unlisted) out += `  ${unlistedLine(language, result.unlisted)}\n`;
  if (showStats) out += `  ${statsLine(language, result.stats)}\n`;
  process.stdout.write(out);
}

/** Severity counts of a result: all its findings when it was capped, else its diagnostics. */
function countsOf(result: FileResult): readonly number[] {
  if (result.counts) return result.counts;
  const counts = [0, 0, 0, 0, 0];
  for (const d of result.diagnostics) counts[d.severity]++;
  return counts;
}

function totalsOf(counts: readonly number[]) {
  return { errors: counts[1], warnings: counts[2], info: counts[3], hints: counts[4] };
}

/** eslint-style report: errors, warnings and info per file (hints only counted), stats on request. */
export function printLintReport(results: FileResult[], showStats: boolean, language: UiLanguage): void {
  const counts = [0, 0, 0, 0, 0];
  for (const result of results) {
    countsOf(result).forEach((n, i) => (counts[i] += n));
    printFile(result, showStats, language);
  }
  process.stdout.write(`\n${summaryLine(language, totalsOf(counts))}\n`);
}

/** Default --max-findings: what the editor lists per file (akkhara.check.maxProblems). */
const DEFAULT_MAX_FINDINGS = 1000;

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('check Markdown, Python and text files for mixed-script mistakes in Burmese or Bangla')
    .argument('<files...>', 'files to check')
    .addOption(
      new Option('--lang <language>', 'language of the prose').choices(['my', 'bn', 'auto']).default('auto'),
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--stats', 'print per-file statistics (text format; JSON always has them)')
    .option(
      '--max-findings <n>',
      'list at most N findings per file, the most severe first; the rest are counted',
      String(DEFAULT_MAX_FINDINGS),
    )
    .addOption(
      new Option(
        '--allow-script <scripts...>',
        'scripts welcome in prose besides the language and Latin',
      ).choices(SCRIPT_NAMES.filter((name) => name !== 'Latin')),
    )
    .action(
      async (
        files: string[],
        options: {
          lang: AnswerLanguageSetting;
          format: 'text' | 'json';
          stats?: boolean;
          allowScript?: string[];
          maxFindings: string;
        },
      ) => {
        const uiLanguage = cliUiLanguage();
        const maxFindings = numberOption(options.maxFindings, '--max-findings', 1, 10_000_000, true)!;
        const counts = [0, 0, 0, 0, 0];
        let checkedFiles = 0;
        let unreadable = false;
        // Each file's report is written as soon as it is checked (JSON: one array element per file),
        // so a folder of lessons never waits for, or holds, all of its findings at once.
        const json = options.format === 'json';
        if (json) process.stdout.write('[');
        for (const file of files) {
          let text: string | { skipped: SkipReason };
          try {
            text = await readText(file);
          } catch (error) {
            process.stderr.write(
              `akkhara lint: ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? noSuchFile(uiLanguage) : String(error)}\n`,
            );
            unreadable = true;
            continue;
          }
          if (typeof text !== 'string') {
            process.stderr.write(
              `akkhara lint: ${file}: ${skippedBecause(uiLanguage, text.skipped, MAX_FILE_BYTES / 1024 / 1024)}\n`,
            );
            continue;
          }
          const result = lintText(
            file,
            text,
            {
              target: options.lang,
              allowedScripts: options.allowScript ?? [],
              maxFindings,
              lazyFixes: !json,
            },
            uiLanguage,
          );
          countsOf(result).forEach((n, i) => (counts[i] += n));
          if (json) {
            const { counts: _counts, ...listed } = result;
            process.stdout.write(`${checkedFiles ? ',' : ''}\n${JSON.stringify(listed, null, 2)}`);
          } else printFile(result, Boolean(options.stats), uiLanguage);
          checkedFiles++;
        }
        if (json) process.stdout.write(checkedFiles ? '\n]\n' : ']\n');
        else process.stdout.write(`\n${summaryLine(uiLanguage, totalsOf(counts))}\n`);
        process.exitCode = unreadable ? 2 : counts[1] > 0 ? 1 : 0;
      },
    );
}
