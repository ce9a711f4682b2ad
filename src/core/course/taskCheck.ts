/**
 * `akkhara tasks check`: exercises whose tests can fail. For every task in a task file or a task
 * JSONL: its solution (when it has one) passes its tests in the sandbox; its tests fail on an empty
 * stub of the function (tests that pass on `def f(...): pass` catch nothing); its prompt and
 * solution pass the language check; no two tasks share an id. Running code is the caller's (the
 * sandbox it chose); this file decides what to run and what the results mean.
 */
import { analyzeText } from '../analysis/findings';
import type { Severity } from '../analysis/terms';
import { toDiagnostics } from '../analysis/diagnostics';
import { programFor } from '../eval/programs';
import type { AnswerLanguageSetting, UiLanguage } from '../languages';
import type { RunRequest, RunResult } from '../sandbox/types';
import {
  jsonlFileProblems,
  lessonFileProblems,
  parseJsonlTasks,
  parseLessonTasks,
  taskRunRequest,
  type LocatedTask,
  type TaskFileProblem,
} from '../tasks/lessonTask';

export type TaskProblemCode =
  | 'solution-fails'
  | 'tests-pass-on-stub'
  | 'task-language'
  | 'duplicate-task-id'
  | 'task-not-run'
  | 'task-file-broken';

export interface TaskProblem {
  readonly code: TaskProblemCode;
  readonly severity: Exclude<Severity, 'hint'>;
  /** Zero-based line of the task (its heading, or its JSONL line). */
  readonly line: number;
  readonly message: string;
}

/** What each problem means, in English (SARIF's rule help). */
export const TASK_RULE_HELP: Readonly<Record<TaskProblemCode, string>> = {
  'solution-fails': "The task's own solution does not pass its tests.",
  'tests-pass-on-stub':
    "The task's tests pass on an empty stub of the function (its body replaced by pass): they cannot catch a wrong answer.",
  'task-language': "The task's prompt or solution has a mixed-script problem (see akkhara lint).",
  'duplicate-task-id': 'Two tasks share one id (a JSONL task_id, or a task file heading).',
  'task-not-run': 'The sandbox could not run the task (the run says why), so it was not checked.',
  'task-file-broken':
    'The file is not what a task file must be: a line of a task JSONL that is not a task, a ```python tests or solution block never closed, or a task file without any tests block.',
};

type Words = {
  solutionFails: (detail: string) => string;
  stubPasses: string;
  duplicate: (id: string, first: string) => string;
  notRun: (why: string) => string;
  language: (where: 'prompt' | 'solution', message: string) => string;
  broken: (problem: TaskFileProblem) => string;
};

const WORDS: Readonly<Record<UiLanguage, Words>> = {
  en: {
    solutionFails: (detail) => `the solution fails its tests: ${detail}`,
    stubPasses: 'the tests pass on an empty stub of the function: they cannot catch a wrong answer',
    duplicate: (id, first) => `task id "${id}" is used again (first at ${first})`,
    notRun: (why) => `not checked: the sandbox could not run it (${why})`,
    language: (where, message) => `${where === 'prompt' ? 'prompt' : 'solution'}: ${message}`,
    broken: (p) =>
      ({
        'unclosed-fence': `the \`\`\`python ${p.detail} block is never closed: everything after it would be read as its code`,
        'no-tests': 'no task here: a task is a section with a ```python tests block',
        'bad-line': `this line is not a task: ${p.detail}`,
        duplicate: `task id "${p.detail}" is used again in this file`,
      })[p.kind],
  },
  my: {
    solutionFails: (detail) => `ဖြေရှင်းချက်သည် စမ်းသပ်ချက်များတွင် မအောင်မြင်ပါ - ${detail}`,
    stubPasses: 'function အလွတ် (pass) ဖြင့်ပင် စမ်းသပ်ချက်များ အောင်မြင်နေသည် - အဖြေမှားကို ဖမ်းမိမည် မဟုတ်ပါ',
    duplicate: (id, first) => `task id "${id}" ကို ထပ်သုံးထားသည် (ပထမ - ${first})`,
    notRun: (why) => `မစစ်ရသေးပါ - sandbox တွင် run ၍ မရပါ (${why})`,
    language: (where, message) => `${where === 'prompt' ? 'မေးခွန်း' : 'ဖြေရှင်းချက်'} - ${message}`,
    broken: (p) =>
      ({
        'unclosed-fence': `\`\`\`python ${p.detail} အပိုင်းကို မပိတ်ထားပါ - ၎င်း၏နောက်ရှိ အားလုံးကို ၎င်း၏ ကုဒ်အဖြစ် ဖတ်မိမည်`,
        'no-tests': 'ဤဖိုင်တွင် task မရှိပါ - task တစ်ခုသည် ```python tests အပိုင်း ပါသော အခန်းဖြစ်သည်',
        'bad-line': `ဤစာကြောင်းသည် task မဟုတ်ပါ - ${p.detail}`,
        duplicate: `task id "${p.detail}" ကို ဤဖိုင်တွင် ထပ်သုံးထားသည်`,
      })[p.kind],
  },
  bn: {
    solutionFails: (detail) => `সমাধানটি নিজের টেস্টে ব্যর্থ: ${detail}`,
    stubPasses: 'ফাংশনের খালি রূপেও (pass) টেস্টগুলো পাস করে: এরা ভুল উত্তর ধরতে পারবে না',
    duplicate: (id, first) => `task id "${id}" আবার ব্যবহার হয়েছে (প্রথমবার ${first})`,
    notRun: (why) => `পরীক্ষা হয়নি: sandbox চালাতে পারেনি (${why})`,
    language: (where, message) => `${where === 'prompt' ? 'প্রশ্ন' : 'সমাধান'}: ${message}`,
    broken: (p) =>
      ({
        'unclosed-fence': `\`\`\`python ${p.detail} অংশটি বন্ধ করা হয়নি: এর পরের সবকিছু এর কোড হিসেবে পড়া হবে`,
        'no-tests': 'এখানে কোনো task নেই: task হলো ```python tests অংশসহ একটি অনুচ্ছেদ',
        'bad-line': `এই লাইনটি task নয়: ${p.detail}`,
        duplicate: `task id "${p.detail}" এই ফাইলে আবার ব্যবহার হয়েছে`,
      })[p.kind],
  },
};

/**
 * A stub of a solution: each top-level function keeps its decorators and signature, its body becomes
 * `pass`; imports and constants stay (the tests may use them). Undefined when it defines no function.
 */
export function stubOf(solution: string): string | undefined {
  const lines = solution.split('\n');
  const out: string[] = [];
  let functions = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!/^(async\s+)?def\s+\w+\s*\(/.test(line)) {
      out.push(line);
      continue;
    }
    // The signature may span lines: up to the line whose code ends with ":".
    let end = i;
    while (end < lines.length - 1 && !/:\s*(#.*)?$/.test(lines[end])) end++;
    out.push(...lines.slice(i, end + 1), '    pass');
    functions++;
    // Skip the body: blank or indented lines (a comment at column 0 inside a body is rare).
    i = end;
    while (i + 1 < lines.length && (lines[i + 1].trim() === '' || /^\s/.test(lines[i + 1]))) i++;
  }
  return functions ? `${out.join('\n')}\n` : undefined;
}

/** The program the stub check runs, or undefined when the task gives no function to stub. */
function stubRequest(located: LocatedTask): Omit<RunRequest, 'limits'> | undefined {
  const { task } = located;
  if (task.kind === 'humaneval') return programFor(task, '    pass\n');
  const solution = task.kind === 'lesson' ? task.solution : task.response;
  const stub = solution && stubOf(solution);
  if (!stub) return undefined;
  if (task.kind === 'lesson') return taskRunRequest(task, `\`\`\`python\n${stub}\`\`\``);
  return programFor(task, stub);
}

function taskId(located: LocatedTask): string {
  return located.task.kind === 'lesson' ? located.task.title : located.task.taskId;
}

/** The first failing test, as one line: its name, what it got, or the run's error. */
function failureDetail(result: RunResult): string {
  const failing = result.tests.find((test) => test.status !== 'passed');
  if (!failing) return result.error ?? result.status;
  const got = failing.actual !== undefined ? ` (got ${failing.actual})` : '';
  return `${failing.name}${got}${failing.message && failing.message !== 'assertion failed' ? `: ${failing.message}` : ''}`;
}

export interface TaskCheckOptions {
  readonly uiLanguage: UiLanguage;
  readonly target: AnswerLanguageSetting;
  /** Runs a program in the caller's sandbox. */
  run(request: Omit<RunRequest, 'limits'>): Promise<RunResult>;
}

/** Ids seen so far across files: a duplicate is reported where it appears again. */
export type SeenIds = Map<string, string>;

/** The tasks of one file, as found (a task file, or a task JSONL by its extension). */
export function tasksIn(file: string, text: string): LocatedTask[] {
  return file.toLowerCase().endsWith('.jsonl') ? parseJsonlTasks(text, file) : parseLessonTasks(text);
}

/** What is broken in the file itself (not in a task), as problems: always errors, a task could be lost. */
export function fileProblems(
  file: string,
  text: string,
  tasks: readonly LocatedTask[],
  uiLanguage: UiLanguage,
): TaskProblem[] {
  const found = file.toLowerCase().endsWith('.jsonl')
    ? jsonlFileProblems(text, file)
    : lessonFileProblems(text, tasks);
  return found.map((problem) => ({
    code: problem.kind === 'duplicate' ? 'duplicate-task-id' : 'task-file-broken',
    severity: 'error',
    line: problem.line,
    message: WORDS[uiLanguage].broken(problem),
  }));
}

export async function checkTasks(
  file: string,
  tasks: readonly LocatedTask[],
  seen: SeenIds,
  options: TaskCheckOptions,
): Promise<TaskProblem[]> {
  const words = WORDS[options.uiLanguage];
  const problems: TaskProblem[] = [];
  for (const located of tasks) {
    const { line } = located;
    const id = taskId(located);
    const first = seen.get(id);
    if (first !== undefined)
      problems.push({
        code: 'duplicate-task-id',
        severity: 'error',
        line,
        message: words.duplicate(id, first),
      });
    else seen.set(id, `${file}:${line + 1}`);

    const notRun = (result: RunResult) => {
      const sandboxFailed = result.status === 'sandbox_error';
      if (sandboxFailed)
        problems.push({
          code: 'task-not-run',
          severity: 'warning',
          line,
          message: words.notRun(result.error ?? result.status),
        });
      return sandboxFailed;
    };
    const solution = taskRunRequest(located.task);
    if (solution) {
      const result = await options.run(solution);
      if (!notRun(result) && !result.passed)
        problems.push({
          code: 'solution-fails',
          severity: 'error',
          line,
          message: words.solutionFails(failureDetail(result)),
        });
    }
    const stub = stubRequest(located);
    if (stub) {
      const result = await options.run(stub);
      if (!notRun(result) && result.passed && result.tests.length > 0)
        problems.push({ code: 'tests-pass-on-stub', severity: 'error', line, message: words.stubPasses });
    }

    const texts: { where: 'prompt' | 'solution'; text: string; kind: 'markdown' | 'python' }[] = [];
    if (located.task.kind === 'lesson') {
      texts.push({ where: 'prompt', text: located.task.prompt, kind: 'markdown' });
      if (located.task.solution)
        texts.push({ where: 'solution', text: located.task.solution, kind: 'python' });
    } else if (located.task.kind === 'humaneval') {
      texts.push({ where: 'prompt', text: located.task.prompt, kind: 'python' });
    } else texts.push({ where: 'prompt', text: located.task.instruction, kind: 'markdown' });
    for (const { where, text, kind } of texts) {
      const analysis = analyzeText(text, { kind, target: options.target, allowedScripts: [] });
      for (const diagnostic of toDiagnostics(text, analysis, options.uiLanguage, { lazyFixes: true })) {
        if (diagnostic.severity > 2) continue; // errors and warnings: what lint fails or warns on
        problems.push({
          code: 'task-language',
          severity: diagnostic.severity === 1 ? 'error' : 'warning',
          line,
          message: words.language(where, `${diagnostic.message} (${diagnostic.code})`),
        });
      }
    }
  }
  return problems;
}
