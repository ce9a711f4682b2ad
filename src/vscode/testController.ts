/**
 * Akkhara in VS Code's Test Explorer: the tests of chat answers (created when the chat runs them)
 * and the tests the open Python files carry (test_ functions, doctests), found as the files change.
 * Running code happens in the sandbox through the lazily loaded testing bundle; this file only keeps
 * the items, so activation stays small.
 */
import * as vscode from 'vscode';
import type { AnswerRunPlan } from '../core/chat/answerRun';
import { discoverTests } from '../core/sandbox/discoverTests';
import type { RunResult } from '../core/sandbox/types';
import { t } from './config';

type TestingModule = typeof import('./testRunner');
const testing = () => require('./testing.js') as TestingModule;

/** What the Test Explorer can run: an answer (its plan) or a Python file (its document). */
export type TestUnit =
  | { readonly kind: 'answer'; readonly item: vscode.TestItem; readonly plan: AnswerRunPlan }
  | { readonly kind: 'file'; readonly item: vscode.TestItem; readonly document: vscode.TextDocument };

const ANSWERS_ID = 'answers';

export class AkkharaTests implements vscode.Disposable {
  private readonly controller = vscode.tests.createTestController('akkhara', 'Akkhara');
  private readonly plans = new WeakMap<vscode.TestItem, AnswerRunPlan>();
  private readonly disposables: vscode.Disposable[] = [this.controller];

  constructor(private readonly log: vscode.LogOutputChannel) {
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
      vscode.workspace.onDidChangeTextDocument(({ document }) => this.discover(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document)),
    );
    vscode.workspace.textDocuments.forEach((document) => this.discover(document));
  }

  /** Runs an answer's tests from the chat: the answer gets an item, and the run shows in Test Explorer. */
  async runAnswer(id: number, label: string, plan: AnswerRunPlan): Promise<RunResult | 'untrusted'> {
    let group = this.controller.items.get(ANSWERS_ID);
    if (!group) {
      group = this.controller.createTestItem(ANSWERS_ID, t('tests.answers'));
      this.controller.items.add(group);
    }
    const item = this.controller.createTestItem(`answer-${id}`, label);
    group.children.add(item);
    this.plans.set(item, plan);
    const results = await this.run(new vscode.TestRunRequest([item]));
    return results.get(item) ?? 'untrusted';
  }

  /** Runs the units a request names, one after another; returns each unit's result. */
  private async run(
    request: vscode.TestRunRequest,
    token?: vscode.CancellationToken,
  ): Promise<Map<vscode.TestItem, RunResult>> {
    const results = new Map<vscode.TestItem, RunResult>();
    const run = this.controller.createTestRun(request);
    try {
      for (const unit of this.unitsOf(request)) {
        if (token?.isCancellationRequested) break;
        // Code from a model or a file runs only where the user trusts the folder.
        const result = vscode.workspace.isTrusted
          ? await testing().runUnit(this.controller, run, unit)
          : testing().refuseUntrusted(run, unit);
        if (result) results.set(unit.item, result);
      }
    } catch (error) {
      this.log.error(`Running tests failed: ${String(error)}`);
      throw error;
    } finally {
      run.end();
    }
    return results;
  }

  private unitsOf(request: vscode.TestRunRequest): TestUnit[] {
    const excluded = new Set(request.exclude ?? []);
    const roots: vscode.TestItem[] = [];
    if (request.include) roots.push(...request.include);
    else this.controller.items.forEach((item) => roots.push(item));
    const units = new Map<vscode.TestItem, TestUnit>();
    const addUnit = (item: vscode.TestItem) => {
      if (excluded.has(item) || units.has(item)) return;
      const plan = this.plans.get(item);
      if (plan) return void units.set(item, { kind: 'answer', item, plan });
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === item.id);
      if (document) units.set(item, { kind: 'file', item, document });
    };
    for (const root of roots) {
      if (root.id === ANSWERS_ID) root.children.forEach(addUnit);
      // A single test runs with its file or answer: the tests share one program.
      else addUnit(root.parent && root.parent.id !== ANSWERS_ID ? root.parent : root);
    }
    return [...units.values()];
  }

  private discover(document: vscode.TextDocument): void {
    if (document.languageId !== 'python' || document.uri.scheme === 'output') return;
    const found = discoverTests(document.getText());
    const id = document.uri.toString();
    if (found.length === 0) return this.forget(document);
    const file =
      this.controller.items.get(id) ??
      this.controller.createTestItem(id, vscode.workspace.asRelativePath(document.uri), document.uri);
    file.children.replace(
      found.map((test) => {
        const item = this.controller.createTestItem(test.id, test.label, document.uri);
        item.range = new vscode.Range(test.line, 0, test.line, 0);
        return item;
      }),
    );
    this.controller.items.add(file);
  }

  private forget(document: vscode.TextDocument): void {
    this.controller.items.delete(document.uri.toString());
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
