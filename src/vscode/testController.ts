/**
 * Akkhara in VS Code's Test Explorer: the tests of chat answers (created when the chat runs them),
 * the tests the open Python files carry (test_ functions, doctests), and teachers' tasks (task
 * files, HumanEval JSONL) with a solution, found as documents open and change. Running code happens
 * in the sandbox through the lazily loaded testing bundle; this file only keeps the items.
 */
import * as vscode from 'vscode';
import { discoverTests } from '../core/sandbox/discoverTests';
import type { RunResult } from '../core/sandbox/types';
import type { LocatedTask } from '../core/tasks/lessonTask';
import { t } from './config';
import { markWalkthroughStep } from './walkthrough';
import type { Program, TestUnit } from './testUnits';

export type { Program, TestUnit };

type TestingModule = typeof import('./testRunner');
/** The sandbox and the task parsers: loaded when something runs or a task file opens. */
export const testing = () => require('./testing.js') as TestingModule;

const ANSWERS_ID = 'answers';

/** Task files and JSONL benchmark files hold tasks; the testing bundle parses them. */
export function mayHoldTasks(document: vscode.TextDocument): boolean {
  return document.languageId === 'akkhara-task' || document.uri.path.endsWith('.jsonl');
}

export class AkkharaTests implements vscode.Disposable {
  private readonly controller = vscode.tests.createTestController('akkhara', 'Akkhara');
  private readonly programs = new WeakMap<vscode.TestItem, Program>();
  /**
   * The last failed run of each program or file, for "Explain this error" (a pass forgets it). Keyed
   * by the item's place, not the object: a document's items are made anew each time it is read.
   */
  private readonly failures = new Map<string, { code: string; result: RunResult }>();
  private readonly disposables: vscode.Disposable[] = [this.controller];

  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** Where the walkthrough's steps done are remembered. */
    private readonly memory: vscode.Memento,
  ) {
    this.controller.createRunProfile(
      t('tests.run'),
      vscode.TestRunProfileKind.Run,
      async (request, token) => {
        await this.run(request, token);
      },
      true,
    );
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.discover(document)),
      // Saving, or the dirty flag changing, fires a change with no edits: nothing to read again
      // (reading would drop the tests' results under each task).
      vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
        if (contentChanges.length) this.discover(document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document)),
    );
    // Documents already open are read after activation returns (activation only wires things).
    setTimeout(() => vscode.workspace.textDocuments.forEach((document) => this.discover(document)), 0);
  }

  /** Runs an answer's tests from the chat: the answer gets an item, and the run shows in Test Explorer. */
  /** The result, or why nothing ran (in the UI language where the user caused it). */
  async runAnswer(id: number, label: string, program: Program): Promise<RunResult | string> {
    let group = this.controller.items.get(ANSWERS_ID);
    if (!group) {
      group = this.controller.createTestItem(ANSWERS_ID, t('tests.answers'));
      this.controller.items.add(group);
    }
    const item = this.controller.createTestItem(`answer-${id}`, label);
    group.children.add(item);
    this.programs.set(item, program);
    return (await this.runItem(item)) ?? t('error.command');
  }

  /** Runs the task at `index` of a task file (CodeLens "Run tests"); undefined when it has no solution. */
  async runTask(document: vscode.TextDocument, index: number): Promise<RunResult | string | undefined> {
    this.discover(document);
    const item = this.controller.items.get(document.uri.toString())?.children.get(`task:${index}`);
    return item && this.programs.has(item) ? this.runItem(item) : undefined;
  }

  /** The last failed run of the task at `index` (its CodeLens "Explain this error"). */
  taskFailure(document: vscode.TextDocument, index: number): { code: string; result: RunResult } | undefined {
    return this.failures.get(`${document.uri.toString()}/task:${index}`);
  }

  private async runItem(item: vscode.TestItem): Promise<RunResult | string | undefined> {
    const results = await this.run(new vscode.TestRunRequest([item]));
    return results.get(item);
  }

  /** Runs the units a request names, one after another; returns each unit's result. */
  private async run(
    request: vscode.TestRunRequest,
    token?: vscode.CancellationToken,
  ): Promise<Map<vscode.TestItem, RunResult | string>> {
    const results = new Map<vscode.TestItem, RunResult | string>();
    const run = this.controller.createTestRun(request);
    try {
      for (const unit of this.unitsOf(request)) {
        if (token?.isCancellationRequested) break;
        // Code from a model or a file runs only where the user trusts the folder.
        const result = vscode.workspace.isTrusted
          ? await testing().runUnit(this.controller, run, unit)
          : testing().refuseUntrusted(run, unit);
        results.set(unit.item, result);
        if (typeof result !== 'string') markWalkthroughStep(this.memory, 'akkhara.ranTestsOnce');
        this.failures.delete(placeOf(unit.item)); // re-added last: the map's order is the age
        if (typeof result !== 'string' && !result.passed) {
          this.failures.set(placeOf(unit.item), { code: codeOf(unit), result });
          for (const oldest of this.failures.keys()) {
            if (this.failures.size <= KEPT_FAILURES) break;
            this.failures.delete(oldest);
          }
        }
      }
    } catch (error) {
      this.log.error(`Running tests failed: ${String(error)}`);
      throw error;
    } finally {
      run.end();
    }
    return results;
  }

  /** The last failed run of a program or file, asked for by it or by one of its tests. */
  failureOf(item: vscode.TestItem): { code: string; result: RunResult } | undefined {
    return this.failures.get(placeOf(item)) ?? (item.parent && this.failures.get(placeOf(item.parent)));
  }

  private documentFor(item: vscode.TestItem): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === item.id);
  }

  private unitsOf(request: vscode.TestRunRequest): TestUnit[] {
    const excluded = new Set(request.exclude ?? []);
    const units = new Map<vscode.TestItem, TestUnit>();
    const isPythonFile = (item: vscode.TestItem) => this.documentFor(item)?.languageId === 'python';
    const addUnit = (item: vscode.TestItem) => {
      if (excluded.has(item) || units.has(item)) return;
      const program = this.programs.get(item);
      if (program) units.set(item, { kind: 'program', item, ...program });
      else if (isPythonFile(item)) units.set(item, { kind: 'file', item, document: this.documentFor(item)! });
      else item.children.forEach(addUnit); // a group: the answers, a task file's tasks
    };
    const roots: vscode.TestItem[] = [];
    if (request.include) roots.push(...request.include);
    else this.controller.items.forEach((item) => roots.push(item));
    for (const root of roots) {
      // A single test runs with the program it belongs to: the tests share one run.
      const parent = root.parent;
      addUnit(parent && (this.programs.has(parent) || isPythonFile(parent)) ? parent : root);
    }
    return [...units.values()];
  }

  private discover(document: vscode.TextDocument): void {
    if (document.uri.scheme === 'output') return;
    if (document.languageId === 'python') this.showTests(document, discoverTests(document.getText()));
    else if (mayHoldTasks(document)) this.showTasks(document, testing().discoverTasks(document));
  }

  private fileItem(document: vscode.TextDocument): vscode.TestItem {
    const id = document.uri.toString();
    const file =
      this.controller.items.get(id) ??
      this.controller.createTestItem(id, vscode.workspace.asRelativePath(document.uri), document.uri);
    this.controller.items.add(file);
    return file;
  }

  private itemAt(document: vscode.TextDocument, id: string, label: string, line: number): vscode.TestItem {
    const item = this.controller.createTestItem(id, label, document.uri);
    item.range = new vscode.Range(line, 0, line, 0);
    return item;
  }

  private showTests(document: vscode.TextDocument, found: ReturnType<typeof discoverTests>): void {
    if (found.length === 0) return this.forget(document);
    this.fileItem(document).children.replace(
      found.map((test) => this.itemAt(document, test.id, test.label, test.line)),
    );
  }

  /** Tasks with a solution (or a canonical one) can run: each is an item whose tests appear as it runs. */
  private showTasks(document: vscode.TextDocument, tasks: readonly LocatedTask[]): void {
    const runnable = tasks.flatMap((located, index) => {
      const request = testing().taskRunRequest(located.task);
      if (!request) return [];
      // A task file's asserts are lines of the file; a JSONL task's are inside its line.
      const lines =
        located.task.kind === 'lesson'
          ? testing().testsLineMap(document.getText(), located.line, request.tests)
          : request.tests.split('\n').map(() => located.line);
      const id = `task:${index}`;
      // A task edited elsewhere in its file keeps its item, and the results of its last run with it.
      const kept = this.controller.items.get(document.uri.toString())?.children.get(id);
      const before = kept && this.programs.get(kept);
      if (
        kept &&
        before?.request.solution === request.solution &&
        before.request.tests === request.tests &&
        kept.range?.start.line === located.line &&
        kept.label === located.title &&
        before.testsAt?.lines.join() === lines.join()
      )
        return [kept];
      const item = this.itemAt(document, id, located.title, located.line);
      this.programs.set(item, { request, testsFrom: 'task', testsAt: { uri: document.uri, lines } });
      return [item];
    });
    if (runnable.length === 0) return this.forget(document);
    this.fileItem(document).children.replace(runnable);
  }

  private forget(document: vscode.TextDocument): void {
    this.controller.items.delete(document.uri.toString());
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}

/** Failed runs kept for "Explain this error" (the oldest go first). */
const KEPT_FAILURES = 100;

/** Where an item is: its id under its parent's (a task `file-uri/task:0`, an answer `answers/answer-7`). */
const placeOf = (item: vscode.TestItem): string => (item.parent ? `${item.parent.id}/${item.id}` : item.id);

/** The code a unit ran: the program's solution, or the Python file as it was. */
function codeOf(unit: TestUnit): string {
  return unit.kind === 'program' ? unit.request.solution : unit.document.getText();
}
