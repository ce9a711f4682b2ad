/**
 * `akkhara tasks check [PATHS...]`: a course's exercises (`*.task.md`, task JSONL) checked the way a
 * teacher needs before students see them — the solution passes, the tests fail on an empty stub, the
 * text is clean, the ids are unique — in the sandbox, reported as lint reports (text, json, sarif,
 * github, junit). Exit 1 when a task has an error, 2 when nothing could be checked.
 */
import { readFile } from 'node:fs/promises';
import { oneLine } from '../core/terminalText';
import { Command, Option } from 'commander';
import type { Diagnostic } from '../core/analysis/diagnostics';
import { courseFiles } from '../core/course/files';
import {
  checkTasks,
  fileProblems,
  TASK_RULE_HELP,
  tasksIn,
  type SeenIds,
  type TaskProblem,
} from '../core/course/taskCheck';
import type { AnswerLanguageSetting } from '../core/languages';
import { createSandbox, type SandboxSetting } from '../core/sandbox';
import { cliUiLanguage } from './lint';
import { githubAnnotations, junitReport, sarifLog, type LintedFile } from './lintFormats';
import { noFilesLine, noSuchFile, severityWord, tasksSummaryLine } from './lintReport';
import { pythonOption, sandboxOption } from './sandboxOptions';
import { secondsOption } from './usage';

/** Problems go to stderr one line each: a file name cannot start a line of its own there (oneLine). */
const warn = (text: string) => process.stderr.write(oneLine(text));

const TASK_EXTENSIONS = ['.task.md', '.jsonl'];
const SEVERITY = { error: 1, warning: 2, info: 3 } as const;

interface TasksCheckOptions {
  format: 'text' | 'json' | 'sarif' | 'github' | 'junit';
  lang: AnswerLanguageSetting;
  sandbox: SandboxSetting;
  python?: string;
  timeout: string;
}

/** A problem as the lint reports carry it: at the task's line. */
function asDiagnostic(problem: TaskProblem): Diagnostic {
  const at = { line: problem.line, character: 0 };
  return {
    range: { start: at, end: at },
    severity: SEVERITY[problem.severity],
    code: problem.code,
    source: 'akkhara',
    message: problem.message,
  };
}

async function checkPaths(paths: string[], options: TasksCheckOptions): Promise<void> {
  const uiLanguage = cliUiLanguage();
  const timeoutMs = secondsOption(options.timeout, '--timeout', 300)! * 1000;
  let sandbox;
  try {
    sandbox = await createSandbox(options.sandbox, options.python);
  } catch (error) {
    warn(`akkhara tasks: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const cwd = process.cwd();
  const seen: SeenIds = new Map();
  const reports: LintedFile[] = [];
  let tasks = 0;
  let errors = 0;
  let missing = false;
  if (options.format === 'json') process.stdout.write('[');
  for await (const walked of courseFiles(paths, { extensions: TASK_EXTENSIONS })) {
    if (walked.skipped) {
      warn(
        `akkhara tasks: ${walked.file}: ${walked.skipped === 'no-such-path' ? noSuchFile(uiLanguage) : walked.skipped}\n`,
      );
      missing ||= walked.skipped === 'no-such-path';
      continue;
    }
    const { file } = walked;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      warn(`akkhara tasks: ${file}: ${(error as Error).message}\n`);
      missing = true;
      continue;
    }
    const found = tasksIn(file, text);
    const broken = fileProblems(file, text, found, uiLanguage);
    if (found.length === 0 && broken.length === 0) continue;
    tasks += found.length;
    const problems = [
      ...broken,
      ...(await checkTasks(file, found, seen, {
        uiLanguage,
        target: options.lang,
        run: (request) => sandbox.run({ ...request, limits: { timeoutMs } }),
      })),
    ].sort((a, b) => a.line - b.line);
    errors += problems.filter((problem) => problem.severity === 'error').length;
    const report = { file, diagnostics: problems.map(asDiagnostic) };
    // Each file is reported as soon as its tasks are checked (JSON: one array element per file).
    if (options.format === 'json')
      process.stdout.write(
        `${reports.length ? ',' : ''}\n${JSON.stringify({ file, tasks: found.length, problems }, null, 2)}`,
      );
    else if (options.format === 'github') process.stdout.write(githubAnnotations(report, cwd));
    else if (options.format === 'text' && problems.length) {
      let out = `\n${file}\n`;
      for (const problem of problems)
        out += `  ${String(problem.line + 1).padEnd(8)} ${severityWord(uiLanguage, SEVERITY[problem.severity]).padEnd(8)} ${problem.message}  ${problem.code}\n`;
      process.stdout.write(out);
    }
    reports.push(report);
  }
  if (options.format === 'json') process.stdout.write(reports.length ? '\n]\n' : ']\n');
  if (tasks === 0 && !missing && reports.length === 0) {
    warn(`akkhara tasks: ${noFilesLine(uiLanguage, paths.length ? paths : ['.'], TASK_EXTENSIONS, false)}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.format === 'sarif')
    process.stdout.write(`${JSON.stringify(sarifLog(reports, cwd, TASK_RULE_HELP), null, 2)}\n`);
  else if (options.format === 'junit') process.stdout.write(junitReport(reports, cwd));
  else if (options.format === 'text' || options.format === 'github') {
    const problems = reports.reduce((sum, report) => sum + report.diagnostics.length, 0);
    process.stdout.write(`\n${tasksSummaryLine(uiLanguage, { tasks, problems, errors }, sandbox)}\n`);
  }
  process.exitCode = missing ? 2 : errors > 0 ? 1 : 0;
}

export function registerTasks(program: Command): void {
  const tasks = program.command('tasks').description("check a course's exercises");
  tasks
    .command('check')
    .description(
      'for every task (*.task.md, task JSONL): the solution passes its tests, the tests fail on an empty stub, the text is clean, ids are unique',
    )
    .argument('[paths...]', 'task files, folders and globs; default: the current folder')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json', 'sarif', 'github', 'junit'])
        .default('text'),
    )
    .addOption(
      new Option('--lang <language>', 'language of the prose').choices(['my', 'bn', 'auto']).default('auto'),
    )
    .addOption(sandboxOption())
    .addOption(pythonOption())
    .option('--timeout <seconds>', 'wall-clock limit per run', '10')
    .action((paths: string[], options: TasksCheckOptions) => checkPaths(paths, options));
}
