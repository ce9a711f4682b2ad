/**
 * Runs a Test Explorer unit (a chat answer or a Python file) in the sandbox and reports every test
 * on the TestRun, with failures explained in the UI language. Its own bundle (dist/testing.js),
 * loaded on the first run: it carries the sandbox and the harness.
 */
import * as vscode from 'vscode';
import type { TestsSource } from '../core/tutor/answerRun';
import { describeRun, isolationNotes, runProblemMessage, type RunSummary } from '../core/tutor/runMessages';
import {
  createSandbox,
  NoIsolationError,
  type ColdSandbox,
  type RunRequest,
  type RunResult,
} from '../core/sandbox';
import type { TestOutcome } from '../core/sandbox/types';
import { testIdOf } from '../core/sandbox/discoverTests';
import { parseJsonlTasks, parseLessonTasks, type LocatedTask } from '../core/tasks/lessonTask';

export { taskRunRequest, testsLineMap } from '../core/tasks/lessonTask';
export { pythonForTests } from './pythonInterpreter';
import { getSetting, t, uiLanguage } from './config';
import { pythonForTests } from './pythonInterpreter';
import type { Program, TestUnit } from './testUnits';

let cached: { key: string; sandbox: Promise<ColdSandbox> } | undefined;

/** The sandbox the settings ask for, created once per backend and Python (finding both takes a moment). */
async function sandbox(): Promise<ColdSandbox> {
  const backend = getSetting('akkhara.sandbox.backend');
  const python = (await pythonForTests()).path;
  const key = `${backend}|${python}`;
  if (cached?.key !== key) {
    const created = createSandbox(backend, python).catch((error: unknown) =>
      error instanceof NoIsolationError ? runUnisolatedIfAllowed(error, python) : Promise.reject(error),
    );
    cached = { key, sandbox: created };
    // A failure (no Python yet) is not remembered: the next run looks again.
    created.catch(() => {
      if (cached?.sandbox === created) cached = undefined;
    });
  }
  return cached.sandbox;
}

/**
 * No backend isolates programs here: ask once. Allowing sets `akkhara.sandbox.backend` to
 * "process" in the user's settings, a machine-scoped setting that no workspace can set and Settings
 * Sync does not carry: the choice holds for this computer until the user changes it.
 */
async function runUnisolatedIfAllowed(error: NoIsolationError, python: string): Promise<ColdSandbox> {
  const allow = t('sandbox.allowUnisolated');
  const picked = await vscode.window.showWarningMessage(
    t('sandbox.noIsolation'),
    { modal: true, detail: error.message },
    allow,
  );
  if (picked !== allow) throw error;
  await vscode.workspace
    .getConfiguration('akkhara')
    .update('sandbox.backend', 'process', vscode.ConfigurationTarget.Global);
  return createSandbox('process', python);
}

function timeoutMs(): number {
  return getSetting('akkhara.sandbox.timeoutSeconds') * 1000;
}

/** Runs one program in the sandbox with the timeout from the settings. */
export async function runCode(request: Omit<RunRequest, 'limits'>): Promise<RunResult> {
  return (await sandbox()).run({ ...request, limits: { timeoutMs: timeoutMs() } });
}

/** The tasks in a task file or a HumanEval/BLP JSONL file; none for any other document. */
export function discoverTasks(document: vscode.TextDocument): LocatedTask[] {
  if (document.languageId === 'akkhara-task') return parseLessonTasks(document.getText());
  if (document.uri.path.endsWith('.jsonl')) return parseJsonlTasks(document.getText(), document.uri.path);
  return [];
}

/** The expected side of `assert f(x) == y` as written, for the Test Results diff. */
function expectedOf(test: TestOutcome): string | undefined {
  const at = test.name.lastIndexOf(' == ');
  return test.actual !== undefined && /^assert\s/.test(test.name) && at > 0
    ? test.name.slice(at + 4).trim()
    : undefined;
}

/** A failure's message at its item (the assert's line where it is known), with expected/actual. */
function messageAt(text: string, item: vscode.TestItem, test?: TestOutcome): vscode.TestMessage {
  const expected = test && expectedOf(test);
  const message =
    expected !== undefined
      ? vscode.TestMessage.diff(text, expected, test!.actual!)
      : new vscode.TestMessage(text);
  if (item.uri && item.range) message.location = new vscode.Location(item.uri, item.range);
  return message;
}

/** A program's test as an item: at the line its assert is written on, where that is known. */
function outcomeItem(
  controller: vscode.TestController,
  test: TestOutcome,
  index: number,
  testsAt: Program['testsAt'],
): vscode.TestItem {
  const line = test.line !== undefined ? testsAt?.lines[test.line - 1] : undefined;
  const item = controller.createTestItem(
    `${index}:${test.name}`,
    test.name,
    line !== undefined && line >= 0 ? testsAt!.uri : undefined,
  );
  if (item.uri) item.range = new vscode.Range(line!, 0, line!, 0);
  return item;
}

/** The run in the Test Results output: the headline, then each test with its verdict and why. */
function appendRunOutput(
  run: vscode.TestRun,
  item: vscode.TestItem,
  summary: RunSummary,
  tests: readonly TestOutcome[],
  children: (index: number) => vscode.TestItem | undefined,
): void {
  run.appendOutput(`${summary.headline}\r\n`, undefined, item);
  tests.forEach((test, index) => {
    const child = children(index);
    const mark = test.status === 'passed' ? '✓' : test.status === 'failed' ? '✗' : '!';
    const detail = summary.tests[index]?.detail;
    // A failure is also shown at its line in the editor; a pass is only listed.
    const location =
      test.status !== 'passed' && child?.uri && child.range
        ? new vscode.Location(child.uri, child.range)
        : undefined;
    run.appendOutput(
      `${mark} ${test.name}${detail && test.status !== 'passed' ? `\r\n    ${detail.replace(/\r?\n/g, '\r\n    ')}` : ''}\r\n`,
      location,
      child ?? item,
    );
  });
}

export async function runUnit(
  controller: vscode.TestController,
  run: vscode.TestRun,
  unit: TestUnit,
): Promise<RunResult | string> {
  const { item } = unit;
  const request =
    unit.kind === 'program' ? unit.request : { solution: unit.document.getText(), tests: '', doctests: true };
  run.started(item);
  item.children.forEach((child) => run.started(child));
  let result: RunResult;
  try {
    result = await runCode(request);
  } catch (error) {
    // No sandbox (no Python, bubblewrap missing when asked for): the reason is the result.
    const reason = error instanceof Error ? error.message : String(error);
    run.errored(item, new vscode.TestMessage(reason));
    return reason;
  }
  const summary = describeRun(
    result,
    unit.kind === 'program' ? unit.testsFrom : 'program',
    uiLanguage(),
    timeoutMs(),
  );
  // Less than full isolation is said on every run, in the output and with each failure.
  const notes = isolationNotes(result, uiLanguage());
  for (const note of notes) run.appendOutput(`${note}\r\n`, undefined, item);
  if (result.stdout) run.appendOutput(result.stdout.replace(/\r?\n/g, '\r\n'), undefined, item);
  // A program's tests (an answer's, a task's) are known once it ran: its children are the outcomes.
  if (unit.kind === 'program')
    item.children.replace(
      result.tests.map((test, index) => outcomeItem(controller, test, index, unit.testsAt)),
    );
  const childOf = (index: number) => {
    const test = result.tests[index];
    return item.children.get(unit.kind === 'program' ? `${index}:${test.name}` : testIdOf(test));
  };
  appendRunOutput(run, item, summary, result.tests, childOf);
  const reported = new Set<vscode.TestItem>();
  result.tests.forEach((test, index) => {
    const child = childOf(index);
    if (!child) return;
    reported.add(child);
    const line = summary.tests[index];
    if (test.status === 'passed') run.passed(child);
    else if (test.status === 'failed')
      run.failed(child, messageAt(line.detail ?? summary.headline, child, test));
    else run.errored(child, messageAt(line.detail ?? summary.headline, child));
  });
  item.children.forEach((child) => {
    if (reported.has(child)) return;
    // Nothing ran (a syntax error, a timeout): each test says why; otherwise it was not reached.
    if (result.tests.length === 0) run.errored(child, messageAt(summary.headline, child));
    else run.skipped(child);
  });
  if (summary.passed) run.passed(item, result.durationMs);
  else {
    const message = messageAt([summary.headline, ...notes].join(' '), item);
    if (result.tests.length === 0) run.errored(item, message, result.durationMs);
    else run.failed(item, message, result.durationMs);
  }
  return result;
}

/** A run in words, in the UI language, with the timeout from the settings. */
export function summaryOf(result: RunResult, testsFrom: TestsSource): RunSummary {
  return describeRun(result, testsFrom, uiLanguage(), timeoutMs());
}

/** Untrusted folder: nothing runs, and each unit says why (the reason is returned too). */
export function refuseUntrusted(run: vscode.TestRun, unit: TestUnit): string {
  const reason = runProblemMessage('untrusted', uiLanguage());
  run.errored(unit.item, new vscode.TestMessage(reason));
  return reason;
}
