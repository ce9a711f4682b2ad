/**
 * `akkhara lint FILE...`: mixed-script findings for Markdown, Python and plain-text files, as text
 * (like eslint) or JSON with LSP positions. Exit code 1 when any finding is an error.
 */
import { readFile, stat } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { SCRIPT_NAMES } from 'akkhara:script-data';
import { analyzeText, type DocumentKind } from '../core/analysis/findings';
import { toDiagnostics, type Diagnostic } from '../core/analysis/diagnostics';
import { resolveUiLanguage, type AnswerLanguageSetting, type UiLanguage } from '../core/languages';
import {
  noSuchFile,
  severityWord,
  skippedBecause,
  statsLine,
  summaryLine,
  type FileStats,
  type SkipReason,
} from './lintReport';

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

/** eslint-style report: errors, warnings and info per file (hints only counted), stats on request. */
export function printLintReport(results: FileResult[], showStats: boolean, language: UiLanguage): void {
  const counts = [0, 0, 0, 0, 0];
  for (const { file, diagnostics, stats } of results) {
    for (const d of diagnostics) counts[d.severity]++;
    const shown = diagnostics.filter((d) => d.severity < 4);
    if (shown.length || showStats) process.stdout.write(`\n${file}\n`);
    for (const d of shown) {
      const where = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
      const severity = severityWord(language, d.severity as 1 | 2 | 3);
      process.stdout.write(`  ${where.padEnd(8)} ${severity.padEnd(8)} ${d.message}  ${d.code}\n`);
    }
    if (showStats) process.stdout.write(`  ${statsLine(language, stats)}\n`);
  }
  const totals = { errors: counts[1], warnings: counts[2], info: counts[3], hints: counts[4] };
  process.stdout.write(`\n${summaryLine(language, totals)}\n`);
}

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
        },
      ) => {
        const uiLanguage = cliUiLanguage();
        const results: FileResult[] = [];
        let unreadable = false;
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
          const analysis = analyzeText(text, {
            kind: documentKindOf(file),
            target: options.lang,
            allowedScripts: options.allowScript ?? [],
          });
          results.push({
            file,
            diagnostics: toDiagnostics(text, analysis, uiLanguage),
            stats: { ...analysis.stats, target: analysis.target ?? null },
          });
        }
        if (options.format === 'json') process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        else printLintReport(results, Boolean(options.stats), uiLanguage);
        const hasError = results.some((r) => r.diagnostics.some((d) => d.severity === 1));
        process.exitCode = unreadable ? 2 : hasError ? 1 : 0;
      },
    );
}
