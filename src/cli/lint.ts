/**
 * `akkhara lint [PATHS...]`: mixed-script findings in a course's files, folders and globs (ignore
 * files respected), as text (like eslint), JSON with LSP positions, SARIF, GitHub annotations or
 * JUnit. Exit code 1 when any finding is an error (or warnings pass --max-warnings), 2 when a path
 * does not exist or nothing could be checked.
 */
import { isUtf8 } from 'node:buffer';
import { constants, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { createTwoFilesPatch } from 'diff';
import { oneLine } from '../core/terminalText';
import { Command, Option } from 'commander';
import { SCRIPT_NAMES } from 'akkhara:script-data';
import { analyzeText, type DocumentKind } from '../core/analysis/findings';
import { DEFAULT_CHECK_SETTINGS, limitFindings, type CheckSettings } from '../core/analysis/checkSettings';
import {
  confusionRates,
  confusionVerdict,
  languageConfusion,
  type ConfusionCheck,
} from '../core/analysis/languageConfusion';
import { withGlossaryFindings, type Glossary } from '../core/analysis/glossary';
import { ConfigError, CourseConfigs, withCourseConfig } from '../core/course/config';
import { toDiagnostics, type Diagnostic } from '../core/analysis/diagnostics';
import { resolveUiLanguage, type AnswerLanguageSetting, type UiLanguage } from '../core/languages';
import { courseFiles, DEFAULT_EXTENSIONS, parseExtensions, type Walked } from '../core/course/files';
import { fixText } from '../core/course/fix';
import { githubAnnotations, junitReport, sarifLog, type LintedFile } from './lintFormats';
import {
  fixedLine,
  noFilesLine,
  noSuchFile,
  notFixed,
  severityWord,
  skippedBecause,
  skippedCountLine,
  statsLine,
  confusionLine,
  summaryLine,
  tooManyWarningsLine,
  unlistedLine,
  type FileStats,
  type SkipReason,
} from './lintReport';
import { numberOption, UsageError } from './usage';
import { FixRefused, fixRoots, writeFixed } from './lintFix';

/** Problems go to stderr one line each: a file name cannot start a line of its own there (oneLine). */
const warn = (text: string) => process.stderr.write(oneLine(text));

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

/**
 * The text of a file, why it was skipped, or `later` when it is larger than `readNowBytes` (the
 * read-ahead leaves big files for their turn). One open file for the check and the read: a FIFO is
 * opened without waiting for a writer (O_NONBLOCK) and skipped, never read.
 */
async function readText(
  file: string,
  readNowBytes = Infinity,
): Promise<string | { skipped: SkipReason } | 'later'> {
  const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { skipped: 'not-a-file' };
    if (info.size > MAX_FILE_BYTES) return { skipped: 'too-large' };
    if (info.size > readNowBytes) return 'later';
    const bytes = await handle.readFile();
    if (bytes.subarray(0, 8192).includes(0)) return { skipped: 'binary' };
    // isUtf8 (simdutf) then a plain decode: several times faster than a fatal TextDecoder.
    if (!isUtf8(bytes)) return { skipped: 'not-utf8' };
    const text = bytes.toString('utf8');
    // A byte-order mark is not text (editors leave it out too); --fix puts it back.
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } finally {
    await handle.close();
  }
}

const SEVERITY_NUMBER = { error: 1, warning: 2, info: 3, hint: 4 } as const;

/** How many files are read ahead while one is checked, and the largest read ahead (bigger ones wait their turn). */
const READ_AHEAD = 16;
const READ_AHEAD_MAX_BYTES = 2 * 1024 * 1024;

type Read = { text: string | { skipped: SkipReason } } | { error: unknown };

/** A file's text read now when it is small, else read when its turn comes (memory stays bounded). */
async function readSoon(file: string): Promise<Read | 'later'> {
  try {
    const text = await readText(file, READ_AHEAD_MAX_BYTES);
    return text === 'later' ? text : { text };
  } catch (error) {
    return { error };
  }
}

/**
 * The walk's files with their texts, in order, the next READ_AHEAD being read while the current one
 * is analysed: a folder of lessons is mostly small files, whose reads would otherwise leave the
 * analysis waiting on the disk one file at a time.
 */
async function* withTexts(
  walk: AsyncIterable<Walked>,
): AsyncGenerator<{ walked: Walked; read?: Promise<Read> }> {
  const iterator = walk[Symbol.asyncIterator]();
  const queue: { walked: Walked; read?: Promise<Read | 'later'> }[] = [];
  let ended = false;
  for (;;) {
    while (!ended && queue.length < READ_AHEAD) {
      const next = await iterator.next();
      if (next.done) ended = true;
      else
        queue.push({ walked: next.value, ...(!next.value.skipped && { read: readSoon(next.value.file) }) });
    }
    const head = queue.shift();
    if (!head) return;
    const { walked, read } = head;
    yield {
      walked,
      ...(read && {
        read: read.then((soon) =>
          soon === 'later'
            ? readText(walked.file).then(
                (text) => ({ text: text as Exclude<typeof text, 'later'> }),
                (error: unknown) => ({ error }),
              )
            : soon,
        ),
      }),
    };
  }
}

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
      ...(kind !== 'python' &&
        (analysis.target === 'my' || analysis.target === 'bn') && {
          confusion: languageConfusion(text, analysis.target),
        }),
    },
    // Hints left out of a report that does not show them are counted, not "not listed".
    unlisted: analysis.findings.length - (options.hints === false ? counts[4] : 0) - limited.length,
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
  const configs = new CourseConfigs(configRoots(paths, cwd));
  if (options.fixDryRun && format !== 'text')
    throw new UsageError('--fix-dry-run prints a diff: use it with --format text');
  const fixes = { count: 0, files: 0, failed: false };
  /** Where --fix may write (found on the first fix). */
  let roots: string[] | undefined;
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
  // Each file's report is written as soon as it is checked (JSON: one array element per file),
  // so a folder of lessons never waits for, or holds, all of its findings at once.
  if (format === 'json') process.stdout.write('[');
  for await (const { walked, read } of withTexts(courseFiles(paths, { extensions }))) {
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
    const got = await read!;
    if ('error' in got) {
      const code = (got.error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        warn(`akkhara lint: ${file}: ${noSuchFile(uiLanguage)}\n`);
        missing = true;
      } else skip(file, 'unreadable');
      continue;
    }
    let { text } = got;
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
      warn(`akkhara lint: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    const checkOptions = {
      target: options.lang ?? settings.target,
      allowedScripts: [...new Set([...settings.allowedScripts, ...(options.allowScript ?? [])])],
      severity: settings.severity,
      ...(settings.glossary && { glossary: settings.glossary }),
    };
    if (options.fix || options.fixDryRun) {
      const fixed = fixText(text, { kind: documentKindOf(file), ...checkOptions });
      if (fixed.fixed) {
        if (options.fixDryRun) {
          process.stdout.write(createTwoFilesPatch(`a/${file}`, `b/${file}`, text, fixed.text));
          text = fixed.text;
        } else {
          try {
            await writeFixed(file, text, fixed.text, (roots ??= await fixRoots(paths)));
            text = fixed.text; // what remains is reported below
            fixes.count += fixed.fixed;
            fixes.files++;
          } catch (error) {
            const why =
              error instanceof FixRefused
                ? notFixed(uiLanguage, error.why, error.where)
                : `${notFixed(uiLanguage, 'file-not-writable')} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
            warn(`akkhara lint: ${file}: ${why}\n`);
            fixes.failed = true;
          }
        }
      }
    }
    const linted = lintText(
      file,
      text,
      {
        ...checkOptions,
        maxFindings,
        lazyFixes: format !== 'json',
        hints: format === 'json',
      },
      uiLanguage,
    );
    countsOf(linted).forEach((n, i) => (counts[i] += n));
    if (linted.stats.confusion) confusions.push(linted.stats.confusion);
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
