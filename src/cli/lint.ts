/**
 * `akkhara lint [PATHS...]`: mixed-script findings in a course's files, folders and globs (ignore
 * files respected), as text (like eslint), JSON with LSP positions, SARIF, GitHub annotations or
 * JUnit. Exit code 1 when any finding is an error (or warnings pass --max-warnings), 2 when a path
 * does not exist or nothing could be checked.
 */
import { readFile, stat } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { SCRIPT_NAMES } from 'akkhara:script-data';
import { analyzeText, type DocumentKind } from '../core/analysis/findings';
import { DEFAULT_CHECK_SETTINGS, limitFindings, type CheckSettings } from '../core/analysis/checkSettings';
import { ConfigError, CourseConfigs, withCourseConfig } from '../core/course/config';
import { toDiagnostics, type Diagnostic } from '../core/analysis/diagnostics';
import { resolveUiLanguage, type AnswerLanguageSetting, type UiLanguage } from '../core/languages';
import { courseFiles, DEFAULT_EXTENSIONS, parseExtensions } from '../core/course/files';
import { githubAnnotations, junitReport, sarifLog, type LintedFile } from './lintFormats';
import {
  noFilesLine,
  noSuchFile,
  severityWord,
  skippedBecause,
  skippedCountLine,
  statsLine,
  summaryLine,
  tooManyWarningsLine,
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
    /** Severities a course configuration sets (`off` turns a check off). */
    severity?: CheckSettings['severity'];
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
    ...(options.severity && { severity: options.severity }),
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

type LintFormat = 'text' | 'json' | 'sarif' | 'github' | 'junit';

interface LintOptions {
  /** Given on the command line: wins over a course configuration's `language`. */
  lang?: AnswerLanguageSetting;
  format: LintFormat;
  stats?: boolean;
  allowScript?: string[];
  maxFindings: string;
  ext?: string[];
  quiet?: boolean;
  maxWarnings?: string;
}

/** With --quiet: only the errors are reported (warnings still count for --max-warnings). */
function errorsOnly(result: FileResult): FileResult {
  return { ...result, diagnostics: result.diagnostics.filter((d) => d.severity === 1) };
}

async function lintPaths(paths: string[], options: LintOptions): Promise<void> {
  const uiLanguage = cliUiLanguage();
  const maxFindings = numberOption(options.maxFindings, '--max-findings', 1, 10_000_000, true)!;
  const maxWarnings = numberOption(options.maxWarnings, '--max-warnings', 0, Number.MAX_SAFE_INTEGER, true);
  const extensions = options.ext ? parseExtensions(options.ext) : DEFAULT_EXTENSIONS;
  const { format } = options;
  const cwd = process.cwd();
  const configs = new CourseConfigs();
  const counts = [0, 0, 0, 0, 0];
  let checkedFiles = 0;
  let skippedFiles = 0;
  let missing = false;
  // SARIF and JUnit are one document each: their files are kept (findings capped per file) until the end.
  const kept: LintedFile[] = [];
  const skip = (file: string, reason: SkipReason) => {
    process.stderr.write(
      `akkhara lint: ${file}: ${skippedBecause(uiLanguage, reason, MAX_FILE_BYTES / 1024 / 1024)}\n`,
    );
    skippedFiles++;
  };
  // Each file's report is written as soon as it is checked (JSON: one array element per file),
  // so a folder of lessons never waits for, or holds, all of its findings at once.
  if (format === 'json') process.stdout.write('[');
  for await (const walked of courseFiles(paths, { extensions })) {
    if (walked.skipped === 'no-such-path') {
      process.stderr.write(`akkhara lint: ${walked.file}: ${noSuchFile(uiLanguage)}\n`);
      missing = true;
      continue;
    }
    if (walked.skipped) {
      skip(walked.file, walked.skipped);
      continue;
    }
    const { file } = walked;
    let text: string | { skipped: SkipReason };
    try {
      text = await readText(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        process.stderr.write(`akkhara lint: ${file}: ${noSuchFile(uiLanguage)}\n`);
        missing = true;
      } else skip(file, 'unreadable');
      continue;
    }
    if (typeof text !== 'string') {
      skip(file, text.skipped);
      continue;
    }
    // The course configuration nearest the file, under what the command line says.
    let settings;
    try {
      settings = withCourseConfig(DEFAULT_CHECK_SETTINGS, (await configs.forFile(file))?.config);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // A broken configuration makes every verdict doubtful: stop, and say which file and key.
      if (format === 'json') process.stdout.write(checkedFiles ? '\n]\n' : ']\n');
      process.stderr.write(`akkhara lint: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    const linted = lintText(
      file,
      text,
      {
        target: options.lang ?? settings.target,
        allowedScripts: [...new Set([...settings.allowedScripts, ...(options.allowScript ?? [])])],
        severity: settings.severity,
        maxFindings,
        lazyFixes: format !== 'json',
      },
      uiLanguage,
    );
    countsOf(linted).forEach((n, i) => (counts[i] += n));
    const result = options.quiet ? errorsOnly(linted) : linted;
    if (format === 'json') {
      const { counts: _counts, ...listed } = result;
      process.stdout.write(`${checkedFiles ? ',' : ''}\n${JSON.stringify(listed, null, 2)}`);
    } else if (format === 'github') process.stdout.write(githubAnnotations(result, cwd));
    else if (format === 'sarif' || format === 'junit') kept.push({ file, diagnostics: result.diagnostics });
    else printFile(result, Boolean(options.stats), uiLanguage);
    checkedFiles++;
  }
  const totals = options.quiet ? { ...totalsOf(counts), warnings: 0, info: 0 } : totalsOf(counts);
  if (checkedFiles === 0 && !missing) {
    // A CI job that checked nothing must not pass: say what was looked for, and fail (no summary).
    if (format === 'json') process.stdout.write(']\n');
    process.stderr.write(
      `akkhara lint: ${noFilesLine(uiLanguage, paths.length ? paths : ['.'], extensions)}\n`,
    );
    process.exitCode = 2;
    return;
  }
  if (format === 'json') process.stdout.write(checkedFiles ? '\n]\n' : ']\n');
  else if (format === 'sarif') process.stdout.write(`${JSON.stringify(sarifLog(kept, cwd), null, 2)}\n`);
  else if (format === 'junit') process.stdout.write(junitReport(kept, cwd));
  else {
    // text and github: the closing line (GitHub shows it in the job's log beside the annotations)
    const skippedNote = skippedFiles ? `; ${skippedCountLine(uiLanguage, skippedFiles)}` : '';
    process.stdout.write(`\n${summaryLine(uiLanguage, totals)}${skippedNote}\n`);
  }
  const warnings = counts[2];
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  if (tooManyWarnings)
    process.stderr.write(`akkhara lint: ${tooManyWarningsLine(uiLanguage, warnings, maxWarnings)}\n`);
  process.exitCode = missing ? 2 : counts[1] > 0 || tooManyWarnings ? 1 : 0;
}

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('check lessons, exercises and answers for mixed-script mistakes in Burmese or Bangla')
    .argument(
      '[paths...]',
      'files, folders (recursive, ignore files respected) and globs; default: the current folder',
    )
    .addOption(
      new Option(
        '--lang <language>',
        'language of the prose (default: the course configuration’s, else auto)',
      ).choices(['my', 'bn', 'auto']),
    )
    .addOption(
      new Option(
        '--format <format>',
        'output format: text, json, sarif (code scanning), github (annotations), junit',
      )
        .choices(['text', 'json', 'sarif', 'github', 'junit'])
        .default('text'),
    )
    .option(
      '--ext <extensions...>',
      `file extensions to check in folders (default: ${DEFAULT_EXTENSIONS.join(',')})`,
    )
    .option('--quiet', 'report errors only')
    .option('--max-warnings <n>', 'exit 1 when there are more than N warnings')
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
    .action((paths: string[], options: LintOptions) => lintPaths(paths, options));
}
