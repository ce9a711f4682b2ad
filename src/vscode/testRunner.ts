/**
 * Runs a Test Explorer unit (a chat answer or a Python file) in the sandbox and reports every test
 * on the TestRun, with failures explained in the UI language. Its own bundle (dist/testing.js),
 * loaded on the first run: it carries the sandbox and the harness.
 */
import * as vscode from 'vscode';
import { describeRun, runProblemMessage } from '../core/chat/runMessages';
import { createSandbox, type ColdSandbox, type RunRequest, type RunResult } from '../core/sandbox';
import { testIdOf } from '../core/sandbox/discoverTests';
import { getSetting, uiLanguage } from './config';
import type { TestUnit } from './testController';

let cached: { key: string; sandbox: Promise<ColdSandbox> } | undefined;

/** The sandbox the settings ask for, created once per setting (finding Python and bubblewrap takes a moment). */
function sandbox(): Promise<ColdSandbox> {
  const backend = getSetting('akkhara.sandbox.backend');
  const python = getSetting('akkhara.python.path');
  const key = `${backend}|${python}`;
  if (cached?.key !== key) {
    const created = createSandbox(backend, python);
    cached = { key, sandbox: created };
    // A failure (no Python yet) is not remembered: the next run looks again.
    created.catch(() => {
      if (cached?.sandbox === created) cached = undefined;
    });
  }
  return cached.sandbox;
}

function timeoutMs(): number {
  return getSetting('akkhara.sandbox.timeoutSeconds') * 1000;
}

/** Runs one program in the sandbox with the timeout from the settings. */
export async function runCode(request: Omit<RunRequest, 'limits'>): Promise<RunResult> {
  return (await sandbox()).run({ ...request, limits: { timeoutMs: timeoutMs() } });
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
): Promise<RunResult | undefined> {
  const { item } = unit;
  const request =
    unit.kind === 'answer'
      ? unit.plan.request
      : { solution: unit.document.getText(), tests: '', doctests: true };
  run.started(item);
  item.children.forEach((child) => run.started(child));
  let result: RunResult;
  try {
    result = await runCode(request);
  } catch (error) {
    run.errored(item, new vscode.TestMessage(error instanceof Error ? error.message : String(error)));
    return undefined;
  }
  const summary = describeRun(
    result,
    unit.kind === 'answer' ? unit.plan.testsFrom : 'program',
    uiLanguage(),
    timeoutMs(),
  );
  if (result.stdout) run.appendOutput(result.stdout.replace(/\r?\n/g, '\r\n'), undefined, item);
  // An answer's tests are known only once it ran: its children are the run's outcomes.
  if (unit.kind === 'answer')
    item.children.replace(
      result.tests.map((test, index) => controller.createTestItem(`${index}:${test.name}`, test.name)),
    );
  const reported = new Set<vscode.TestItem>();
  result.tests.forEach((test, index) => {
    const child = item.children.get(unit.kind === 'answer' ? `${index}:${test.name}` : testIdOf(test));
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
  else if (result.tests.length === 0) run.errored(item, messageAt(summary.headline, item), result.durationMs);
  else run.failed(item, messageAt(summary.headline, item), result.durationMs);
  return result;
}

/** Untrusted folder: nothing runs, and each unit says why. */
export function refuseUntrusted(run: vscode.TestRun, unit: TestUnit): undefined {
  run.errored(unit.item, new vscode.TestMessage(runProblemMessage('untrusted', uiLanguage())));
  return undefined;
}
