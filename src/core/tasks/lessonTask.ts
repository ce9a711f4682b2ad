/**
 * Teacher tasks. A task file (`*.task.md`) is Markdown: the prompt in Burmese or Bangla, a fenced
 * block ```` ```python tests ```` with the tests (asserts, test_ functions, or check(candidate)),
 * and optionally ```` ```python solution ```` with the teacher's solution and ```` ```python contract ````
 * with the inputs the function accepts (asserts on its arguments, which `akkhara harden` never goes
 * outside). Several tasks share a file when each starts with a `# ` heading. HumanEval JSONL files (one task per line) are tasks too.
 */
import { segmentMarkdown } from '../analysis/markdown';
import { answerCode } from '../tutor/answerRun';
import { parseTasks, type Task } from '../eval/formats';
import { canonicalCompletion, programFor } from '../eval/programs';
import type { AnswerLanguageSetting } from '../languages';
import { prepareQuestion, taskQuestion, type PreparedQuestion } from '../tutor/prompt';
import type { RunRequest } from '../sandbox/types';

export interface LessonTask {
  readonly kind: 'lesson';
  readonly title: string;
  /** The Markdown a student would read: the task without its tests and solution blocks. */
  readonly prompt: string;
  readonly tests: string;
  readonly solution?: string;
  /** Preconditions on the function's arguments, as asserts (EvalPlus's contract format). */
  readonly contract?: string;
}

/** A task and where it starts in its file (zero-based line), for CodeLens and the Test Explorer. */
export interface LocatedTask {
  readonly task: LessonTask | Task;
  readonly line: number;
  readonly title: string;
}

const ROLE = /^(?:python|py|python3)?\s*(tests|solution|contract)\s*$/i;
type Role = 'tests' | 'solution' | 'contract';

function linesBefore(text: string, offset: number): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** The fence's info string after the language: `python tests` → "tests". */
function roleOf(text: string, fenceStart: number): Role | undefined {
  const info = text.slice(fenceStart, text.indexOf('\n', fenceStart)).replace(/^\s*(`{3,}|~{3,})/, '');
  const match = ROLE.exec(info.trim());
  return match ? (match[1].toLowerCase() as Role) : undefined;
}

/** One lesson task from a Markdown section. */
function lessonTask(section: string): LessonTask | undefined {
  let tests = '';
  let solution: string | undefined;
  let contract: string | undefined;
  let prompt = '';
  let cursor = 0;
  const segments = segmentMarkdown(section);
  segments.forEach((segment, index) => {
    if (segment.kind !== 'fence' || segments[index + 1]?.kind !== 'code') return;
    const role = roleOf(section, segment.start);
    if (!role) return;
    const body = segments[index + 1];
    const closing = segments[index + 2]?.kind === 'fence' ? segments[index + 2].end : body.end;
    if (role === 'tests') tests += section.slice(body.start, body.end);
    else if (role === 'solution') solution = section.slice(body.start, body.end);
    else contract = section.slice(body.start, body.end);
    prompt += section.slice(cursor, segment.start);
    cursor = closing;
  });
  prompt = (prompt + section.slice(cursor)).trim();
  if (!tests.trim()) return undefined;
  const title = /^#\s+(.+)$/m.exec(prompt)?.[1].trim() ?? prompt.split('\n')[0].slice(0, 60);
  return {
    kind: 'lesson',
    title,
    prompt,
    tests,
    ...(solution?.trim() && { solution }),
    ...(contract?.trim() && { contract }),
  };
}

/**
 * A lesson task as a BLP-shaped task (its asserts as a test_list), for `akkhara harden` and
 * `eval --plus`; or why it cannot be one: no solution, or tests other than one assert per line
 * (helpers, test_ functions, a check(candidate)), whose inputs the generator could not read.
 */
export function lessonAsBenchmark(task: LessonTask, id: string): Task | string {
  if (!task.solution) return 'it has no ```python solution block';
  const lines = task.tests.split('\n').filter((line) => line.trim() && !/^\s*#/.test(line));
  if (!lines.every((line) => /^assert\s/.test(line)))
    return 'its tests are not one assert per line (only those can be hardened)';
  return {
    kind: 'blp',
    taskId: id,
    instruction: task.prompt,
    // A JSON array of strings is also a Python list literal of them.
    testList: JSON.stringify(lines.map((line) => line.trimEnd())),
    response: task.solution,
    ...(task.contract && { contract: task.contract }),
  };
}

/** The tasks of a task file: one per `# ` section that has a tests block. */
export function parseLessonTasks(text: string): LocatedTask[] {
  // A `# ` line inside a code block is a Python comment, not a task's heading.
  const code = segmentMarkdown(text).filter((segment) => segment.kind === 'code');
  const starts = [...text.matchAll(/^# /gm)]
    .map((match) => match.index)
    .filter((at) => !code.some((segment) => at >= segment.start && at < segment.end));
  if (starts[0] !== 0) starts.unshift(0);
  return starts.flatMap((start, index) => {
    const task = lessonTask(text.slice(start, starts[index + 1] ?? text.length));
    return task ? [{ task, line: linesBefore(text, start), title: task.title }] : [];
  });
}

/**
 * Where each line of a task's tests is in its file: for line i + 1 of `tests` (the harness counts
 * from 1), the zero-based file line, or -1. Lines are matched in order from the task's first line,
 * so a failed assert can be shown where the teacher wrote it.
 */
export function testsLineMap(fileText: string, fromLine: number, tests: string): number[] {
  const fileLines = fileText.split(/\r?\n/);
  let cursor = fromLine;
  return tests.split('\n').map((line) => {
    if (!line.trim()) return -1;
    const at = fileLines.findIndex(
      (candidate, index) => index >= cursor && candidate.trimEnd() === line.trimEnd(),
    );
    if (at < 0) return -1;
    cursor = at + 1;
    return at;
  });
}

/** What is wrong with a task file's shape, at a zero-based line. */
export interface TaskFileProblem {
  readonly line: number;
  readonly kind: 'unclosed-fence' | 'no-tests' | 'bad-line' | 'duplicate';
  readonly detail: string;
}

/**
 * A task file's broken parts: a ```python tests or solution block never closed (everything after it
 * would be read as its code), and a file with no section that has a tests block.
 */
export function lessonFileProblems(text: string, tasks: readonly LocatedTask[]): TaskFileProblem[] {
  const problems: TaskFileProblem[] = [];
  const segments = segmentMarkdown(text);
  segments.forEach((segment, index) => {
    if (segment.kind !== 'fence' || !roleOf(text, segment.start)) return;
    const body = segments[index + 1];
    if (body?.kind !== 'code') return;
    // Never closed: the file ends inside it. Or closed too late: a fence with a language inside its
    // code (```python solution) cannot close it, so the block swallowed the next one.
    const swallowed = /^\s*(`{3,}|~{3,})\s*\w/m.test(text.slice(body.start, body.end));
    if (segments[index + 2]?.kind !== 'fence' || swallowed)
      problems.push({
        line: linesBefore(text, segment.start),
        kind: 'unclosed-fence',
        detail: roleOf(text, segment.start)!,
      });
  });
  if (tasks.length === 0) problems.push({ line: 0, kind: 'no-tests', detail: '' });
  return problems;
}

/** A JSONL's lines that are not tasks (not JSON, fields missing) and its repeated ids, at their lines. */
export function jsonlFileProblems(text: string, fileName: string): TaskFileProblem[] {
  return parseTasks(text, fileName).errors.map((error) => {
    const line = Number(/^line (\d+)/.exec(error.where)?.[1] ?? 1) - 1;
    const duplicate = /^duplicate task (.+)$/.exec(error.message);
    return duplicate
      ? { line, kind: 'duplicate', detail: duplicate[1] }
      : { line, kind: 'bad-line', detail: error.message };
  });
}

/** The tasks of a HumanEval/BLP JSONL file, each at its line. */
export function parseJsonlTasks(text: string, fileName: string): LocatedTask[] {
  const { items } = parseTasks(text, fileName);
  const lines = text.split('\n');
  return items.flatMap((task) => {
    const line = lines.findIndex((l) => l.includes(JSON.stringify(task.taskId)));
    return line < 0 ? [] : [{ task, line, title: task.taskId }];
  });
}

/**
 * The program a task's tests run against: an answer's code, or (no answer) the task's own
 * solution. Undefined when there is none.
 */
export function taskRunRequest(
  task: LessonTask | Task,
  answer?: string,
): Omit<RunRequest, 'limits'> | undefined {
  if (task.kind !== 'lesson') {
    const completion = answer ?? canonicalCompletion(task);
    return completion === undefined ? undefined : programFor(task, completion);
  }
  const solution = answer === undefined ? task.solution : answerCode(answer);
  if (solution === undefined) return undefined;
  const entryPoint = /def check\s*\(/.test(task.tests) ? /^def\s+(\w+)\s*\(/m.exec(solution)?.[1] : undefined;
  return { solution, tests: task.tests, doctests: true, ...(entryPoint && { entryPoint }) };
}

/** What the chat asks for a task: a lesson's prompt as written, a benchmark task as taskQuestion words it. */
export function taskPrompt(task: LessonTask | Task, setting: AnswerLanguageSetting): PreparedQuestion {
  return task.kind === 'lesson' ? prepareQuestion(task.prompt, setting) : taskQuestion(task, setting);
}
