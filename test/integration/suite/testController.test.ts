/**
 * The test controller in a real VS Code: a sample task's solution runs against its tests in the
 * sandbox through Akkhara's TestController (the command behind the task file's "Run tests" lens),
 * and a task without a solution says so.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSummary } from '../../../src/core/tutor/runMessages';

describe('Akkhara tests in Test Explorer', () => {
  let task: vscode.Uri;

  before(() => {
    const extension = vscode.extensions.getExtension('akkhara.akkhara');
    assert.ok(extension);
    task = vscode.Uri.file(path.join(extension.extensionPath, 'samples', 'tasks', 'burmese.task.md'));
  });

  it('runs a solved task’s tests and passes', async () => {
    const summary = await vscode.commands.executeCommand<RunSummary | string | undefined>(
      'akkhara.runTaskTests',
      task.toString(),
      0,
    );
    assert.ok(summary && typeof summary === 'object', `no verdict: ${String(summary)}`);
    assert.equal(summary.passed, true, summary.headline);
    assert.equal(summary.tests.length, 3);
  });

  it('says a task without a solution has nothing to run', async () => {
    const reply = await vscode.commands.executeCommand<RunSummary | string | undefined>(
      'akkhara.runTaskTests',
      task.toString(),
      1,
    );
    assert.equal(typeof reply, 'string');
  });
});
