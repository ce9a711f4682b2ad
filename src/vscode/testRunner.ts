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
import { testIdOf } from '../core/sandbox/discoverTests';
import { parseJsonlTasks, parseLessonTasks, type LocatedTask } from '../core/tasks/lessonTask';

export { taskRunRequest } from '../core/tasks/lessonTask';
export { pythonForTests } from './pythonInterpreter';
import { getSetting, t, uiLanguage } from './config';
import { pythonForTests } from './pythonInterpreter';
import type { TestUnit } from './testUnits';

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

function messageAt(text: string, item: vscode.TestItem): vscode.TestMessage {
  const message = new vscode.TestMessage(text);
  if (item.uri && item.range) message.location = new vscode.Location(item.uri, item.range);
  return message;
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
      result.tests.map((test, index) => controller.createTestItem(`${index}:${test.name}`, test.name)),
    );
  const reported = new Set<vscode.TestItem>();
  result.tests.forEach((test, index) => {
    const child = item.children.get(unit.kind === 'program' ? `${index}:${test.name}` : testIdOf(test));
    if (!child) return;
    reported.add(child);
    const line = summary.tests[index];
    if (test.status === 'passed') run.passed(child);
    else if (test.status === 'failed') run.failed(child, messageAt(line.detail ?? summary.headline, child));
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
