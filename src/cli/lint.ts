/**
 * `akkhara lint [PATHS...]`: mixed-script findings in a course's files, folders and globs (ignore
 * files respected), as text (like eslint), JSON with LSP positions, SARIF, GitHub annotations or
 * JUnit. Exit code 1 when any finding is an error (or warnings pass --max-warnings), 2 when a path
 * does not exist or nothing could be checked.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { createTwoFilesPatch } from 'diff';
import { Command, Option } from 'commander';
import { SCRIPT_NAMES } from 'akkhara:script-data';
import { DEFAULT_CHECK_SETTINGS } from '../core/analysis/checkSettings';
import { confusionRates, confusionVerdict, type ConfusionCheck } from '../core/analysis/languageConfusion';
import { ConfigError, CourseConfigs, withCourseConfig } from '../core/course/config';
import { courseFiles, DEFAULT_EXTENSIONS, parseExtensions } from '../core/course/files';
import { fixText } from '../core/course/fix';
import { resolveUiLanguage, type AnswerLanguageSetting, type UiLanguage } from '../core/languages';
import { oneLine } from '../core/terminalText';
import { FixRefused, fixRoots, writeFixed } from './lintFix';
import {
  checkFile,
  documentKindOf,
  MAX_FILE_BYTES,
  readText,
  totalsOf,
  type FileJob,
  type FileOutcome,
  type LintFormat,
} from './lintFile';
import { junitReport, sarifLog, type LintedFile } from './lintFormats';
import {
  confusionLine,
  fixedLine,
  noFilesLine,
  noSuchFile,
  notFixed,
  skippedBecause,
  skippedCountLine,
  summaryLine,
  tooManyWarningsLine,
  type SkipReason,
} from './lintReport';
import { numberOption, UsageError } from './usage';

export { printLintReport } from './lintFile';

/** Problems go to stderr one line each: a file name cannot start a line of its own there (oneLine). */
const warn = (text: string) => process.stderr.write(oneLine(text));

/** Messages follow AKKHARA_UI_LANG, else the locale (my, bn), else English. */
export function cliUiLanguage(): UiLanguage {
  return resolveUiLanguage(
    'auto',
    process.env.AKKHARA_UI_LANG ?? process.env.LC_ALL ?? process.env.LANG ?? 'en',
  );
}

/** Default --max-findings: what the editor lists per file (akkhara.check.maxProblems). */
const DEFAULT_MAX_FINDINGS = 1000;

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
  fix?: boolean;
  fixDryRun?: boolean;
}

/**
 * Where the search for a course configuration stops (besides a repository's root): the current
 * folder, and each folder named that lies outside it. A configuration above them is not the course's.
 */
function configRoots(paths: readonly string[], cwd: string): string[] {
  const outside = paths
    .map((arg) => path.resolve(cwd, picomatch.scan(arg).base || arg))
    .filter((named) => path.relative(cwd, named).startsWith('..'))
    .map((named) => (statSync(named, { throwIfNoEntry: false })?.isFile() ? path.dirname(named) : named));
  return [cwd, ...outside];
}

/** What --fix and --fix-dry-run do to one file; the text to report afterwards, or why it was not checked. */
async function fixedText(
  file: string,
  check: FileJob['check'],
  options: LintOptions,
  paths: readonly string[],
  fixes: { count: number; files: number; failed: boolean; roots?: string[] },
  uiLanguage: UiLanguage,
): Promise<string | FileOutcome> {
  let text;
  try {
    text = readText(file);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? { kind: 'missing' }
      : { kind: 'skipped', reason: 'unreadable' };
  }
  if (typeof text !== 'string') return { kind: 'skipped', reason: text.skipped };
  const fixed = fixText(text, { kind: documentKindOf(file), ...check });
  if (!fixed.fixed) return text;
  if (options.fixDryRun) {
    process.stdout.write(createTwoFilesPatch(`a/${file}`, `b/${file}`, text, fixed.text));
    return fixed.text;
  }
  try {
    await writeFixed(file, text, fixed.text, (fixes.roots ??= await fixRoots(paths)));
    fixes.count += fixed.fixed;
    fixes.files++;
    return fixed.text; // what remains is reported
  } catch (error) {
    const why =
      error instanceof FixRefused
        ? notFixed(uiLanguage, error.why, error.where)
        : `${notFixed(uiLanguage, 'file-not-writable')} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    warn(`akkhara lint: ${file}: ${why}\n`);
    fixes.failed = true;
    return text;
  }
}

async function lintPaths(paths: string[], options: LintOptions): Promise<void> {
  const uiLanguage = cliUiLanguage();
  const maxFindings = numberOption(options.maxFindings, '--max-findings', 1, 10_000_000, true)!;
  const maxWarnings = numberOption(options.maxWarnings, '--max-warnings', 0, Number.MAX_SAFE_INTEGER, true);
  const extensions = options.ext ? parseExtensions(options.ext) : DEFAULT_EXTENSIONS;
  const { format } = options;
  const cwd = process.cwd();
  const configs = new CourseConfigs(configRoots(paths, cwd));
  if (options.fixDryRun && format !== 'text')
    throw new UsageError('--fix-dry-run prints a diff: use it with --format text');
  const fixes: { count: number; files: number; failed: boolean; roots?: string[] } = {
    count: 0,
    files: 0,
    failed: false,
  };
  const counts = [0, 0, 0, 0, 0];
  /** Each prose file's language-confusion counts: the files as answers, for --stats' closing line. */
  const confusions: ConfusionCheck[] = [];
  let checkedFiles = 0;
  let skippedFiles = 0;
  let missing = false;
  // SARIF and JUnit are one document each: their files are kept (findings capped per file) until the end.
  const kept: LintedFile[] = [];
  const skip = (file: string, reason: SkipReason) => {
    warn(`akkhara lint: ${file}: ${skippedBecause(uiLanguage, reason, MAX_FILE_BYTES / 1024 / 1024)}\n`);
    skippedFiles++;
  };
  // Each file's report is written as soon as it is checked (JSON: one array element per file), so a
  // folder of lessons never waits for, or holds, all of its findings at once. One thread: worker
  // threads were measured slower here (docs/BENCHMARKS.md), each paying its own start and compilation.
  if (format === 'json') process.stdout.write('[');
  const report = (file: string, done: FileOutcome) => {
    if (done.kind === 'missing') {
      warn(`akkhara lint: ${file}: ${noSuchFile(uiLanguage)}\n`);
      missing = true;
      return;
    }
    if (done.kind === 'skipped') return skip(file, done.reason);
    done.counts.forEach((n, i) => (counts[i] += n));
    if (done.confusion) confusions.push(done.confusion);
    if (format === 'json') process.stdout.write(`${checkedFiles ? ',' : ''}\n${done.report}`);
    else if (format === 'sarif' || format === 'junit')
      kept.push({ file, diagnostics: done.diagnostics ?? [] });
    else process.stdout.write(done.report);
    checkedFiles++;
  };
  for await (const walked of courseFiles(paths, { extensions })) {
    if (walked.skipped === 'no-such-path') {
      warn(`akkhara lint: ${walked.file}: ${noSuchFile(uiLanguage)}\n`);
      missing = true;
      continue;
    }
    if (walked.skipped) {
      skip(walked.file, walked.skipped);
      continue;
    }
    const { file } = walked;
    // The course configuration nearest the file, under what the command line says.
    let settings;
    try {
      settings = withCourseConfig(DEFAULT_CHECK_SETTINGS, (await configs.forFile(file))?.config);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // A broken configuration makes every verdict doubtful: stop, and say which file and key.
      if (format === 'json') process.stdout.write(checkedFiles ? '\n]\n' : ']\n');
      warn(`akkhara lint: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    const check = {
      target: options.lang ?? settings.target,
      allowedScripts: [...new Set([...settings.allowedScripts, ...(options.allowScript ?? [])])],
      severity: settings.severity,
      ...(settings.glossary && { glossary: settings.glossary }),
    };
    const job = {
      file,
      check,
      maxFindings,
      format,
      stats: Boolean(options.stats),
      quiet: Boolean(options.quiet),
      uiLanguage,
      cwd,
    };
    if (options.fix || options.fixDryRun) {
      // The report follows what was written.
      const text = await fixedText(file, check, options, paths, fixes, uiLanguage);
      report(file, typeof text === 'string' ? checkFile({ ...job, text }) : text);
    } else report(file, checkFile(job));
  }
  const totals = options.quiet ? { ...totalsOf(counts), warnings: 0, info: 0 } : totalsOf(counts);
  if (checkedFiles === 0 && !missing) {
    // A CI job that checked nothing must not pass: say what was looked for, and fail (no summary).
    if (format === 'json') process.stdout.write(']\n');
    warn(`akkhara lint: ${noFilesLine(uiLanguage, paths.length ? paths : ['.'], extensions)}\n`);
    process.exitCode = 2;
    return;
  }
  if (format === 'json') process.stdout.write(checkedFiles ? '\n]\n' : ']\n');
  else if (format === 'sarif') process.stdout.write(`${JSON.stringify(sarifLog(kept, cwd), null, 2)}\n`);
  else if (format === 'junit') process.stdout.write(junitReport(kept, cwd));
  else {
    // text and github: the closing line (GitHub shows it in the job's log beside the annotations)
    const skippedNote = skippedFiles ? `; ${skippedCountLine(uiLanguage, skippedFiles)}` : '';
    const fixedNote = fixes.count ? `; ${fixedLine(uiLanguage, fixes.count, fixes.files)}` : '';
    process.stdout.write(`\n${summaryLine(uiLanguage, totals)}${fixedNote}${skippedNote}\n`);
    if (options.stats && format === 'text' && confusions.length)
      process.stdout.write(
        `${confusionLine(uiLanguage, confusionRates(confusions.map(confusionVerdict)))}\n`,
      );
  }
  const warnings = counts[2];
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  if (tooManyWarnings) warn(`akkhara lint: ${tooManyWarningsLine(uiLanguage, warnings, maxWarnings)}\n`);
  process.exitCode = missing || fixes.failed ? 2 : counts[1] > 0 || tooManyWarnings ? 1 : 0;
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
    .option(
      '--fix',
      'apply the safe fixes in place (NFC, ৎ, stray joiners, ASCII digits in code, Zawgyi prose), then report what remains',
    )
    .option('--fix-dry-run', 'print the safe fixes as a unified diff instead of applying them')
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
